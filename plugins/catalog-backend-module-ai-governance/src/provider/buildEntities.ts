/**
 * Turns one inventory snapshot (the ai-governance backend's `GET /tree`) into catalog entities: the root, every OU,
 * every account and every SCP, RCP and AI services opt-out policy as a `Resource` (docs/catalog.md). Pure: the same
 * snapshot and options always give the same entities, and one bad node (an owner tag that is no entity reference)
 * falls back and is reported in `warnings` instead of failing the whole snapshot.
 */
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  AI_OPT_OUT_SERVICES,
  type OrgInfo,
  type OrgNode,
  type OrgPolicy,
  type OrgSnapshot,
  type PolicyType,
  type PostureReport,
} from '@internal/plugin-ai-governance-common';
import {
  type AccountAiDetails,
  compactList,
  computeAiDetails,
  packsOnPath,
  summarizeAttachedPolicy,
  summaryParagraph,
} from './aiDetails';

/** The annotation Backstage's AWS catalog module puts on account entities. @public */
export const AWS_ACCOUNT_ID_ANNOTATION = 'amazonaws.com/account-id';

/** Our annotations on the entities the provider emits. @public */
export const AI_GOVERNANCE_ANNOTATIONS = {
  /** The Organizations id of the node or policy (`r-…`, `ou-…`, a 12-digit account id, `p-…`). */
  id: 'ai-governance.io/id',
  /** The OU path from the root, names joined with `/` (`Root/AI/Development`); the node's own name last. */
  ouPath: 'ai-governance.io/ou-path',
  /** Accounts: the environment tag (`ai-governance:environment`), when the account has one. */
  environment: 'ai-governance.io/environment',
  /** Accounts: AWS's `State` (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, PENDING_ACTIVATION). */
  accountState: 'ai-governance.io/account-state',
  /** Policies: the Organizations policy type (SERVICE_CONTROL_POLICY, …). */
  policyType: 'ai-governance.io/policy-type',
  /** The root: the organization's management account id. */
  managementAccountId: 'ai-governance.io/management-account-id',
  /** Accounts and OUs: set when the owner tag was not used (missing, or not an entity reference), saying why. */
  ownerFallback: 'ai-governance.io/owner-fallback',
  /** Accounts and OUs: where `spec.owner` came from: `tag`, `account-request` or `default`. */
  ownerSource: 'ai-governance.io/owner-source',
  /** Accounts vended through an account request: the request's id (`req-…`). */
  accountRequest: 'ai-governance.io/account-request',
  /**
   * The AI posture check (`GET /posture`): `ok` or `findings`. On the active member accounts it checks, and on the
   * root and OUs with such accounts under them.
   */
  aiPosture: 'ai-governance.io/ai-posture',
  /** Accounts: the number of error and warning posture findings about the account. */
  aiPostureErrors: 'ai-governance.io/ai-posture-errors',
  aiPostureWarnings: 'ai-governance.io/ai-posture-warnings',
  /** Accounts with findings: their codes, comma-separated (`POSTURE_AI_OPT_OUT_NOT_SET,…`). */
  aiPostureCodes: 'ai-governance.io/ai-posture-codes',
  /** Root and OUs: how many of the checked accounts under them have findings, e.g. `2/5`. */
  aiPostureAccounts: 'ai-governance.io/ai-posture-accounts',
  /**
   * Accounts, OUs and the root: the guardrail packs with a policy attached on the node's path (its own and its
   * ancestors'), comma-separated, or `none`. Only when the provider knows the packs.
   */
  guardrailPacks: 'ai-governance.io/guardrail-packs',
  /**
   * Checked accounts: the Bedrock models its SCPs and RCPs let it invoke in some Region: `all` (every model probed),
   * `none`, or the model ids, comma-separated, the first 5 and `+N more`.
   */
  bedrockModelAllowList: 'ai-governance.io/bedrock-model-allow-list',
  /**
   * Checked accounts: the Regions where it may invoke a Bedrock model: `none` (no region lock: every Bedrock Region),
   * `bedrock-denied` (no model in any Region), or the Regions, comma-separated (first 5, `+N more`).
   */
  regionLock: 'ai-governance.io/region-lock',
  /** Checked accounts: the guardrail its effective Bedrock policy enforces per Region (`us-east-1=<id>:<version>`), or `none`. */
  bedrockGuardrails: 'ai-governance.io/bedrock-guardrails',
  /**
   * Checked accounts: its effective AI services opt-out: `all` (every AI service opted out), `none`, or
   * `partial:` and the services still opted in (first 3, `+N more`).
   */
  aiOptOut: 'ai-governance.io/ai-opt-out',
  /** Policies: the headline of the plain-language summary (the whole summary is the description). */
  summary: 'ai-governance.io/summary',
  /** Policies that change nothing where they are attached: why (from the summary). */
  doesNothing: 'ai-governance.io/does-nothing',
} as const;

/** The tag on accounts and OUs with AI posture findings, for the catalog's tag filter. @public */
export const AI_POSTURE_FINDINGS_TAG = 'ai-posture-findings';

/** Entity `spec.type` values. @public */
export const AI_GOVERNANCE_ENTITY_TYPES = {
  organization: 'aws-organization',
  ou: 'aws-organizational-unit',
  account: 'aws-account',
  policy: 'aws-organizations-policy',
} as const;

/** Policy types that become entities: the ones that govern what accounts may do with AI services. */
export const CATALOG_POLICY_TYPES: readonly PolicyType[] = [
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
  'AISERVICES_OPT_OUT_POLICY',
];

/** What the provider needs of a snapshot; both `GET /tree`'s TreeResponse and an OrgSnapshot fit. @public */
export interface InventoryTree {
  organization: OrgInfo;
  /** Parents before children. */
  nodes: OrgNode[];
  policies: Array<
    Pick<OrgPolicy, 'id' | 'name' | 'type' | 'awsManaged'> &
      Partial<Pick<OrgPolicy, 'arn' | 'description'>>
  >;
}

/** @public */
export interface BuildEntitiesOptions {
  /** Tag keys read for an account's or OU's owner, first match wins (e.g. `ai-governance:owner`, then `owner`). */
  ownerTagKeys: string[];
  /** Owner of nodes without a usable owner tag, and of the root and policies: an entity ref, `group:` by default. */
  defaultOwner: string;
  /** Namespace of the entities. */
  namespace: string;
  /** `backstage.io/managed-by-location` of every entity, e.g. `ai-governance:o-abc123`. */
  locationRef: string;
  /**
   * Accounts vended through an account request, by account id: the request's id and owner group. The owner of an
   * account whose owner tag is missing or unusable, before the default owner.
   */
  accountRequests?: ReadonlyMap<string, AccountRequestOwner>;
  /** The AI posture check of the same snapshot; without it, no posture annotations. */
  posture?: Pick<PostureReport, 'findings'>;
  /**
   * The policies' documents by policy id (`GET /policies/{id}`); without them, no AI details on accounts and no
   * summaries on policies. Every SCP, RCP, Bedrock and AI opt-out policy of the snapshot must be there.
   */
  policyContents?: ReadonlyMap<string, string>;
  /** Policy name to guardrail pack name; without it, no `guardrail-packs` annotation. */
  packPolicies?: ReadonlyMap<string, string>;
  /**
   * The accounts' AI details, when the caller computed them already (computeAiDetailsYielding, once per snapshot);
   * otherwise computed here from `policyContents`.
   */
  aiDetails?: ReadonlyMap<string, AccountAiDetails>;
  /** Bedrock models and Regions the AI details probe (tests); default: the shipped list and BEDROCK_REGIONS. */
  probe?: { models?: readonly string[]; regions?: readonly string[] };
}

/** What the provider keeps of an account request: which request vended the account, and its owner group. @public */
export interface AccountRequestOwner {
  requestId: string;
  owner: string;
}

/** @public */
export interface BuiltEntities {
  entities: Entity[];
  /** One sentence per node that fell back (owner), naming the node and what to fix. */
  warnings: string[];
}

/** Stable entity names from Organizations ids; titles carry the AWS names. */
export function entityNameOf(kind: OrgNode['kind'], id: string): string {
  if (kind === 'account') return `aws-account-${id}`;
  // r-xxxx, ou-xxxx-xxxxxxxx: already valid entity names (lower-case letters, digits, dashes).
  return `aws-${id}`;
}

/** Policy ids may hold upper-case letters (`p-FullAWSAccess`); entity names compare case-insensitively anyway. */
export function policyEntityNameOf(id: string): string {
  return `aws-policy-${id.toLowerCase()}`;
}

/** The owner ref of a tag value, or undefined when the value is no valid entity reference. */
function ownerRefOf(value: string, namespace: string): string | undefined {
  try {
    const ref = parseEntityRef(value.trim(), {
      defaultKind: 'group',
      defaultNamespace: namespace,
    });
    const kind = ref.kind.toLocaleLowerCase('en-US');
    if (kind !== 'group' && kind !== 'user') return undefined;
    // parseEntityRef accepts any non-empty parts; the catalog's own rule for names and namespaces is stricter.
    const part = /^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;
    if (ref.name.length > 63 || !part.test(ref.name)) return undefined;
    if (ref.namespace.length > 63 || !part.test(ref.namespace))
      return undefined;
    return stringifyEntityRef({ ...ref, kind });
  } catch {
    return undefined;
  }
}

/** The name part of an owner ref (`group:default/ml-research` → `ml-research`), for descriptions. */
function ownerName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** Lifecycle of an account: AWS's state mapped onto the catalog's usual values; gone or going accounts are deprecated. */
export function lifecycleOf(state: OrgNode['state']): string {
  switch (state) {
    case 'SUSPENDED':
    case 'PENDING_CLOSURE':
    case 'CLOSED':
      return 'deprecated';
    case 'PENDING_ACTIVATION':
      return 'experimental';
    default:
      return 'production';
  }
}

/**
 * The posture check per account (error and warning counts, codes) for the accounts it checks (active members: not
 * the management account), and per root and OU the checked accounts under it and how many have findings.
 */
function postureOf(
  tree: InventoryTree,
  report: Pick<PostureReport, 'findings'>,
): {
  accounts: Map<
    string,
    { errors: number; warnings: number; codes: Set<string> }
  >;
  subtrees: Map<string, { checked: number; withFindings: number }>;
} {
  const byId = new Map(tree.nodes.map(n => [n.id, n]));
  const accounts = new Map<
    string,
    { errors: number; warnings: number; codes: Set<string> }
  >();
  for (const node of tree.nodes) {
    if (node.kind !== 'account') continue;
    if (node.id === tree.organization.managementAccountId) continue;
    if (node.state && node.state !== 'ACTIVE') continue;
    accounts.set(node.id, { errors: 0, warnings: 0, codes: new Set() });
  }
  for (const finding of report.findings) {
    for (const id of finding.accountIds) {
      const a = accounts.get(id);
      if (!a) continue;
      if (finding.severity === 'error') a.errors++;
      else a.warnings++;
      a.codes.add(finding.code);
    }
  }
  const subtrees = new Map<string, { checked: number; withFindings: number }>();
  for (const [id, a] of accounts) {
    const seen = new Set<string>();
    for (
      let p = byId.get(byId.get(id)?.parentId ?? '');
      p && !seen.has(p.id);
      p = p.parentId ? byId.get(p.parentId) : undefined
    ) {
      seen.add(p.id);
      const t = subtrees.get(p.id) ?? { checked: 0, withFindings: 0 };
      t.checked++;
      if (a.errors + a.warnings > 0) t.withFindings++;
      subtrees.set(p.id, t);
    }
  }
  return { accounts, subtrees };
}

/** The entities of one snapshot; see the file comment. @public */
export function buildEntities(
  tree: InventoryTree,
  options: BuildEntitiesOptions,
): BuiltEntities {
  const { namespace, locationRef } = options;
  const warnings: string[] = [];
  const byId = new Map(tree.nodes.map(n => [n.id, n]));
  const refOf = (node: OrgNode) =>
    stringifyEntityRef({
      kind: 'resource',
      namespace,
      name: entityNameOf(node.kind, node.id),
    });
  const pathCache = new Map<string, string>();
  const pathOf = (node: OrgNode): string => {
    const cached = pathCache.get(node.id);
    if (cached !== undefined) return cached;
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    const name = node.kind === 'root' ? 'Root' : node.name;
    const p = parent ? `${pathOf(parent)}/${name}` : name;
    pathCache.set(node.id, p);
    return p;
  };
  const baseAnnotations = {
    [ANNOTATION_LOCATION]: locationRef,
    [ANNOTATION_ORIGIN_LOCATION]: locationRef,
  };

  const posture = options.posture
    ? postureOf(tree, options.posture)
    : undefined;

  const contents = options.policyContents;
  const aiDetails =
    options.aiDetails ??
    (contents
      ? computeAiDetails(snapshotWithContents(tree, contents), {
          packPolicies: options.packPolicies,
          ...options.probe,
        })
      : undefined);
  const policiesById = new Map(tree.policies.map(p => [p.id, p]));
  const pathNodes = (node: OrgNode): OrgNode[] => {
    const out: OrgNode[] = [];
    for (
      let p: OrgNode | undefined = node;
      p && out.length <= 100;
      p = p.parentId ? byId.get(p.parentId) : undefined
    ) {
      out.unshift(p);
    }
    return out;
  };

  const entities: Entity[] = [];
  for (const node of tree.nodes) {
    let owner = options.defaultOwner;
    let ownerFallback: string | undefined;
    let ownerSource: 'tag' | 'account-request' | 'default' | undefined;
    const request =
      node.kind === 'account'
        ? options.accountRequests?.get(node.id)
        : undefined;
    if (node.kind !== 'root') {
      const label = `${node.kind === 'ou' ? 'OU' : 'Account'} ${node.id} (${
        node.name
      })`;
      const key = options.ownerTagKeys.find(k => node.tags?.[k] !== undefined);
      const tagRef = key ? ownerRefOf(node.tags[key], namespace) : undefined;
      const requestRef = request
        ? ownerRefOf(request.owner, namespace)
        : undefined;
      if (tagRef) {
        owner = tagRef;
        ownerSource = 'tag';
      } else {
        if (key) {
          ownerFallback = `tag ${key} is not a group or user reference`;
        } else if (node.kind === 'account') {
          ownerFallback = 'no owner tag';
        }
        owner = requestRef ?? options.defaultOwner;
        ownerSource = requestRef ? 'account-request' : 'default';
        const fallbackTo = requestRef
          ? `the owner group of account request ${
              request!.requestId
            }, ${requestRef},`
          : options.defaultOwner;
        if (key) {
          warnings.push(
            `${label}: owner tag ${key}=${JSON.stringify(
              node.tags[key].slice(0, 80),
            )} is not a group or user reference (like group:default/ml-research); owned by ${fallbackTo} until the tag is fixed`,
          );
        }
        if (request && !requestRef) {
          warnings.push(
            `${label}: the owner of account request ${
              request.requestId
            }, ${JSON.stringify(
              request.owner.slice(0, 80),
            )}, is not a group or user reference; owned by ${
              options.defaultOwner
            }`,
          );
        }
      }
    }
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    const annotations: Record<string, string> = {
      ...baseAnnotations,
      [AI_GOVERNANCE_ANNOTATIONS.id]: node.id,
      [AI_GOVERNANCE_ANNOTATIONS.ouPath]: pathOf(node),
    };
    if (node.arn) annotations['amazonaws.com/arn'] = node.arn;
    if (ownerFallback)
      annotations[AI_GOVERNANCE_ANNOTATIONS.ownerFallback] = ownerFallback;
    if (ownerSource)
      annotations[AI_GOVERNANCE_ANNOTATIONS.ownerSource] = ownerSource;
    if (request)
      annotations[AI_GOVERNANCE_ANNOTATIONS.accountRequest] = request.requestId;
    const spec: Record<string, unknown> = { owner };
    // Inheritance runs down the tree: a node depends on its parent and on the policies attached to it (the policy
    // entity carries dependencyOf; the catalog adds the reverse relations on both sides).
    if (parent) spec.dependsOn = [refOf(parent)];

    let type: string;
    let description: string;
    if (node.kind === 'account') {
      type = AI_GOVERNANCE_ENTITY_TYPES.account;
      annotations[AWS_ACCOUNT_ID_ANNOTATION] = node.id;
      if (node.state)
        annotations[AI_GOVERNANCE_ANNOTATIONS.accountState] = node.state;
      const environment = node.tags?.['ai-governance:environment'];
      if (environment)
        annotations[AI_GOVERNANCE_ANNOTATIONS.environment] = environment;
      spec.lifecycle = lifecycleOf(node.state);
      // The catalog's search indexes the description as the entity's text: the id, the OU path and the owner's name
      // make an account findable by any of them.
      description = `AWS account ${node.id} in ${
        parent ? pathOf(parent) : 'the organization'
      }, owned by ${ownerName(owner)}${environment ? `, ${environment}` : ''}${
        node.state && node.state !== 'ACTIVE'
          ? ` (${node.state.toLowerCase().replace('_', ' ')})`
          : ''
      }`;
    } else if (node.kind === 'ou') {
      type = AI_GOVERNANCE_ENTITY_TYPES.ou;
      description = `Organizational unit ${pathOf(node)} (${
        node.id
      }), owned by ${ownerName(owner)}`;
    } else {
      type = AI_GOVERNANCE_ENTITY_TYPES.organization;
      annotations['amazonaws.com/organization-id'] = tree.organization.id;
      // Not amazonaws.com/account-id: account cards key on it, and this entity is the organization, not an account.
      annotations[AI_GOVERNANCE_ANNOTATIONS.managementAccountId] =
        tree.organization.managementAccountId;
      description = `AWS organization ${tree.organization.id} (root ${node.id})`;
    }
    const tags = ['aws', type];
    const accountPosture = posture?.accounts.get(node.id);
    const subtree = posture?.subtrees.get(node.id);
    if (accountPosture) {
      const { errors, warnings: warned, codes } = accountPosture;
      const findings = errors + warned > 0;
      annotations[AI_GOVERNANCE_ANNOTATIONS.aiPosture] = findings
        ? 'findings'
        : 'ok';
      annotations[AI_GOVERNANCE_ANNOTATIONS.aiPostureErrors] = String(errors);
      annotations[AI_GOVERNANCE_ANNOTATIONS.aiPostureWarnings] = String(warned);
      if (findings) {
        annotations[AI_GOVERNANCE_ANNOTATIONS.aiPostureCodes] = [...codes]
          .sort()
          .join(',');
        tags.push(AI_POSTURE_FINDINGS_TAG);
      }
    } else if (subtree && node.kind !== 'account') {
      annotations[AI_GOVERNANCE_ANNOTATIONS.aiPosture] =
        subtree.withFindings > 0 ? 'findings' : 'ok';
      annotations[
        AI_GOVERNANCE_ANNOTATIONS.aiPostureAccounts
      ] = `${subtree.withFindings}/${subtree.checked}`;
      if (subtree.withFindings > 0) tags.push(AI_POSTURE_FINDINGS_TAG);
    }
    const details = aiDetails?.get(node.id);
    if (details) addAiDetails(annotations, details);
    else if (options.packPolicies) {
      annotations[AI_GOVERNANCE_ANNOTATIONS.guardrailPacks] =
        compactList(
          packsOnPath(pathNodes(node), policiesById, options.packPolicies),
        ) || 'none';
    }
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: entityNameOf(node.kind, node.id),
        namespace,
        title: node.kind === 'root' ? `${tree.organization.id}` : node.name,
        description,
        annotations,
        tags,
      },
      spec: { type, ...spec },
    });
  }

  const targetsOf = new Map<string, OrgNode[]>();
  for (const node of tree.nodes) {
    for (const policyId of node.policyIds ?? []) {
      const list = targetsOf.get(policyId) ?? [];
      list.push(node);
      targetsOf.set(policyId, list);
    }
  }
  for (const policy of tree.policies) {
    if (!CATALOG_POLICY_TYPES.includes(policy.type)) continue;
    const annotations: Record<string, string> = {
      ...baseAnnotations,
      [AI_GOVERNANCE_ANNOTATIONS.id]: policy.id,
      [AI_GOVERNANCE_ANNOTATIONS.policyType]: policy.type,
    };
    if (policy.arn) annotations['amazonaws.com/arn'] = policy.arn;
    const targets = targetsOf.get(policy.id) ?? [];
    const kindWords = `${policy.awsManaged ? 'AWS-managed ' : ''}${policy.type
      .toLowerCase()
      .replace(/_/g, ' ')} ${policy.id}`;
    let description = `${
      policy.description ? `${policy.description} (` : ''
    }${kindWords}${policy.description ? ')' : ''}`;
    const content = contents?.get(policy.id);
    if (content !== undefined) {
      // The catalog's search indexes the description: the summary makes a policy findable by what it does
      // ("denies Bedrock outside us-east-1"), the rest by its AWS description, type and id.
      const summary = summarizeAttachedPolicy(
        { type: policy.type, content },
        targets,
        targets.map(t => pathOf(t)),
      );
      annotations[AI_GOVERNANCE_ANNOTATIONS.summary] = summary.headline;
      if (summary.doesNothing)
        annotations[AI_GOVERNANCE_ANNOTATIONS.doesNothing] =
          summary.doesNothing;
      description = `${truncate(
        summaryParagraph(summary),
        2000,
      )} (${kindWords}${policy.description ? `; ${policy.description}` : ''})`;
    }
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: policyEntityNameOf(policy.id),
        namespace,
        title: policy.name,
        description,
        annotations,
        tags: ['aws', AI_GOVERNANCE_ENTITY_TYPES.policy],
      },
      spec: {
        type: AI_GOVERNANCE_ENTITY_TYPES.policy,
        owner: options.defaultOwner,
        dependencyOf: targets.map(refOf),
      },
    });
  }
  return { entities, warnings };
}

/** The snapshot the evaluator needs: the tree with the policies whose documents were read. @public */
export function snapshotWithContents(
  tree: InventoryTree,
  contents: ReadonlyMap<string, string>,
): OrgSnapshot {
  return {
    organization: tree.organization,
    nodes: tree.nodes,
    policies: tree.policies.flatMap(p => {
      const content = contents.get(p.id);
      return content === undefined ? [] : [{ ...p, content }];
    }),
    capturedAt: '',
  };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** `none` for an empty list, `all` when it holds every item probed, else the compact list. */
function allOrList(items: string[], probed: number, none: string, all: string) {
  if (items.length === 0) return none;
  if (items.length === probed) return all;
  return undefined;
}

/** The AI details of a checked account as annotations (see AI_GOVERNANCE_ANNOTATIONS for the values). */
function addAiDetails(
  annotations: Record<string, string>,
  details: AccountAiDetails,
): void {
  const a = AI_GOVERNANCE_ANNOTATIONS;
  if (details.guardrailPacks)
    annotations[a.guardrailPacks] =
      compactList(details.guardrailPacks) || 'none';
  const models = details.bedrockModels;
  annotations[a.bedrockModelAllowList] =
    allOrList(models, details.modelsProbed, 'none', 'all') ??
    compactList(models);
  const regions = details.bedrockRegions;
  annotations[a.regionLock] =
    allOrList(regions, details.regionsProbed, 'bedrock-denied', 'none') ??
    compactList(regions);
  annotations[a.bedrockGuardrails] =
    compactList(details.bedrockGuardrails) || 'none';
  const optedIn = details.aiOptInServices;
  annotations[a.aiOptOut] =
    allOrList(optedIn, AI_OPT_OUT_SERVICES.length, 'all', 'none') ??
    `partial:${compactList(optedIn, 3)}`;
}
