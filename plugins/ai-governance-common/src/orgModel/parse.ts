/**
 * Parsing and validation of org model files: the YAML read within DOCUMENT_LIMITS, then the model section by section
 * (top level here, policies in readPolicies, the tree in readTree), every problem reported with its path and line.
 * Browser-safe: files referenced by `file:` are read through an injected reader (the Node helper `loadOrgModelFile`
 * in `@internal/organizations-sandbox` supplies one).
 */
import { LineCounter } from 'yaml';
import { AWS_MANAGED_POLICIES } from './awsManaged';
import {
  DOCUMENT_LIMITS,
  documentLimitProblem,
  parseYamlWithinLimits,
} from './documentLimits';
import { ID_PATTERNS } from './ids';
import {
  ORG_MODEL_API_VERSION,
  OrgModel,
  OrgModelError,
  OrgModelManagementAccount,
  OrgModelPolicy,
  OrgModelRoot,
} from './model';
import { isRecord, PathSegment, Validator } from './modelValidator';
import { ParseOrgModelOptions, readPolicy } from './readPolicies';
import {
  readAccount,
  readAttachments,
  readChildren,
  TreeContext,
} from './readTree';
import { POLICY_TYPES, PolicyType } from './types';

export type { ParseOrgModelOptions } from './readPolicies';

/**
 * Validates an org model given as a plain object (e.g. parsed YAML or JSON), resolving `file:` references.
 * Throws {@link OrgModelError} listing every problem.
 * @public
 */
export function validateOrgModel(
  input: unknown,
  options: ParseOrgModelOptions & {
    lineOf?: (path: PathSegment[]) => number | undefined;
  } = {},
): OrgModel {
  const limit = documentLimitProblem(input, 'The org model');
  if (limit) {
    throw new OrgModelError(
      [{ path: '(document)', message: limit }],
      options.source,
    );
  }
  const v = new Validator(options.lineOf ?? (() => undefined));
  const model = readModel(v, input, options);
  if (v.problems.length > 0 || !model) {
    throw new OrgModelError(v.problems, options.source);
  }
  return model;
}

/**
 * Parses the YAML text of an org model file and validates it. Throws {@link OrgModelError} listing every problem,
 * each with its YAML path and line.
 * @public
 */
export function parseOrgModel(
  text: string,
  options: ParseOrgModelOptions = {},
): OrgModel {
  const lineCounter = new LineCounter();
  const parsed = parseYamlWithinLimits(
    text,
    DOCUMENT_LIMITS.maxOrgModelLength,
    'The org model',
    lineCounter,
  );
  if (parsed.problems) {
    throw new OrgModelError(
      parsed.problems.map(p => ({ path: '(document)', ...p })),
      options.source,
    );
  }
  const doc = parsed.doc;
  const lineOf = (path: PathSegment[]) => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as
        | { range?: [number, number, number] }
        | undefined;
      if (node && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return validateOrgModel(parsed.value, { ...options, lineOf });
}

function readModel(
  v: Validator,
  input: unknown,
  options: ParseOrgModelOptions,
): OrgModel | undefined {
  if (!isRecord(input)) {
    v.report(
      [],
      `an org model must be a mapping with apiVersion: ${ORG_MODEL_API_VERSION}, kind: Organization and spec`,
    );
    return undefined;
  }
  v.keys(input, [], ['apiVersion', 'kind', 'metadata', 'spec']);
  if (input.apiVersion !== ORG_MODEL_API_VERSION) {
    v.report(
      ['apiVersion'],
      `apiVersion must be "${ORG_MODEL_API_VERSION}" (found ${JSON.stringify(
        input.apiVersion,
      )})`,
    );
  }
  if (input.kind !== 'Organization') {
    v.report(
      ['kind'],
      `kind must be "Organization" (found ${JSON.stringify(input.kind)})`,
    );
  }
  let metadata: OrgModel['metadata'];
  if (input.metadata !== undefined) {
    if (!isRecord(input.metadata))
      v.report(['metadata'], 'metadata must be a mapping');
    else {
      v.keys(input.metadata, ['metadata'], ['name', 'description']);
      metadata = {
        name: v.string(input.metadata.name, ['metadata', 'name']),
        description: v.string(input.metadata.description, [
          'metadata',
          'description',
        ]),
      };
    }
  }
  const spec = input.spec;
  if (!isRecord(spec)) {
    v.report(['spec'], 'spec is required and must be a mapping');
    return undefined;
  }
  v.keys(
    spec,
    ['spec'],
    [
      'organizationId',
      'rootId',
      'managementAccount',
      'enabledPolicyTypes',
      'policies',
      'root',
    ],
  );

  const organizationId = v.string(spec.organizationId, [
    'spec',
    'organizationId',
  ]);
  if (organizationId && !ID_PATTERNS.organization.test(organizationId)) {
    v.report(
      ['spec', 'organizationId'],
      `"${organizationId}" is not an organization id (o- and 10 to 32 lowercase letters or digits)`,
    );
  }
  const rootId = v.string(spec.rootId, ['spec', 'rootId']);
  if (rootId && !ID_PATTERNS.root.test(rootId)) {
    v.report(
      ['spec', 'rootId'],
      `"${rootId}" is not a root id (r- and 4 to 32 lowercase letters or digits)`,
    );
  }

  // Policy types.
  let enabledPolicyTypes: PolicyType[] = ['SERVICE_CONTROL_POLICY'];
  if (spec.enabledPolicyTypes !== undefined) {
    enabledPolicyTypes = [];
    v.list(spec.enabledPolicyTypes, ['spec', 'enabledPolicyTypes']).forEach(
      (t, i) => {
        if (!POLICY_TYPES.includes(t as PolicyType)) {
          v.report(
            ['spec', 'enabledPolicyTypes', i],
            `unknown policy type ${JSON.stringify(
              t,
            )}; expected one of: ${POLICY_TYPES.join(', ')}`,
          );
        } else if (enabledPolicyTypes.includes(t as PolicyType)) {
          v.report(['spec', 'enabledPolicyTypes', i], `${t} is listed twice`);
        } else {
          enabledPolicyTypes.push(t as PolicyType);
        }
      },
    );
  }

  // Policies.
  const policies: OrgModelPolicy[] = [];
  const policyTypeByName = new Map<string, PolicyType>();
  for (const p of AWS_MANAGED_POLICIES) policyTypeByName.set(p.name, p.type);
  const policyIds = new Set<string>();
  v.list(spec.policies, ['spec', 'policies']).forEach((raw, i) => {
    const path: PathSegment[] = ['spec', 'policies', i];
    const policy = readPolicy(v, raw, path, options);
    if (!policy) return;
    if (AWS_MANAGED_POLICIES.some(p => p.name === policy.name)) {
      v.report(
        [...path, 'name'],
        `"${policy.name}" is the name of an AWS-managed policy; it exists already, pick another name`,
      );
      return;
    }
    if (policyTypeByName.has(policy.name)) {
      v.report(
        [...path, 'name'],
        `duplicate policy name "${policy.name}"; policy names must be unique`,
      );
      return;
    }
    if (policy.id) {
      if (policyIds.has(policy.id)) {
        v.report([...path, 'id'], `duplicate policy id "${policy.id}"`);
        return;
      }
      policyIds.add(policy.id);
    }
    policyTypeByName.set(policy.name, policy.type);
    policies.push(policy);
  });

  const ctx: TreeContext = {
    v,
    policyTypeByName,
    enabledPolicyTypes,
    emails: new Map(),
    accountIds: new Map(),
    ouIds: new Map(),
  };

  // Management account.
  let managementAccount: OrgModelManagementAccount | undefined;
  const mgmtPath: PathSegment[] = ['spec', 'managementAccount'];
  if (!isRecord(spec.managementAccount)) {
    v.report(mgmtPath, 'managementAccount is required: { name, email, id? }');
  } else {
    const acct = readAccount(ctx, spec.managementAccount, mgmtPath, false);
    if (acct) {
      managementAccount = { name: acct.name, email: acct.email };
      if (acct.id) managementAccount.id = acct.id;
      if (acct.tags) managementAccount.tags = acct.tags;
      if (acct.policies) managementAccount.policies = acct.policies;
    }
  }

  // Root.
  const root: OrgModelRoot = {};
  if (spec.root !== undefined && spec.root !== null) {
    if (!isRecord(spec.root)) {
      v.report(
        ['spec', 'root'],
        'root must be a mapping with policies, organizationalUnits and accounts',
      );
    } else {
      const rootPath: PathSegment[] = ['spec', 'root'];
      v.keys(spec.root, rootPath, [
        'policies',
        'tags',
        'organizationalUnits',
        'accounts',
      ]);
      const children = readChildren(ctx, spec.root, rootPath, 0);
      const rootPolicies = readAttachments(ctx, spec.root.policies, [
        ...rootPath,
        'policies',
      ]);
      if (rootPolicies) root.policies = rootPolicies;
      const tags = v.tags(spec.root.tags, [...rootPath, 'tags']);
      if (tags) root.tags = tags;
      if (children.organizationalUnits.length)
        root.organizationalUnits = children.organizationalUnits;
      if (children.accounts.length) root.accounts = children.accounts;
    }
  }

  if (v.problems.length > 0 || !managementAccount) return undefined;
  const model: OrgModel = {
    apiVersion: ORG_MODEL_API_VERSION,
    kind: 'Organization',
    spec: {
      managementAccount,
      enabledPolicyTypes,
      policies,
      root,
    },
  };
  if (metadata) model.metadata = metadata;
  if (organizationId) model.spec.organizationId = organizationId;
  if (rootId) model.spec.rootId = rootId;
  return model;
}
