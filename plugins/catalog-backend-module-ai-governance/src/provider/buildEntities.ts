/**
 * Turns one inventory snapshot (the ai-governance backend's `GET /tree`) into catalog entities: the root, every OU,
 * every account and every SCP, RCP and AI services opt-out policy as a `Resource` (docs/catalog.md). Pure: the same
 * snapshot and options always give the same entities, and one bad node (an owner tag that is no entity reference)
 * falls back and is reported in `warnings` instead of failing the whole snapshot. This file builds the node entities;
 * owners, posture, AI details and policy entities come from the files named after them.
 */
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type {
  OrgNode,
  OrgSnapshot,
} from '@internal/plugin-ai-governance-common';
import { addAiDetails } from './aiDetailAnnotations';
import { compactList, computeAiDetails, packsOnPath } from './aiDetails';
import {
  AI_GOVERNANCE_ANNOTATIONS,
  AI_GOVERNANCE_ENTITY_TYPES,
  AWS_ACCOUNT_ID_ANNOTATION,
  entityNameOf,
  lifecycleOf,
} from './entityVocabulary';
import { ownerName, resolveOwner } from './owner';
import { buildPolicyEntities } from './policyEntities';
import { addPostureAnnotations, postureOf } from './postureAnnotations';
import type {
  BuildEntitiesOptions,
  BuiltEntities,
  InventoryTree,
} from './types';

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
    const { owner, ownerFallback, ownerSource, request } = resolveOwner(
      node,
      options,
      warnings,
    );
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
    addPostureAnnotations(node, posture, annotations, tags);
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

  entities.push(
    ...buildPolicyEntities(tree, {
      namespace,
      owner: options.defaultOwner,
      baseAnnotations,
      contents,
      pathOf,
      refOf,
    }),
  );
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
