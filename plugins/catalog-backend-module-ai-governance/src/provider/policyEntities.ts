/**
 * The policy entities of a snapshot: every SCP, RCP, Bedrock and AI services opt-out policy as a `Resource` that the
 * nodes it is attached to depend on, described by what it does when its document was read.
 */
import type { Entity } from '@backstage/catalog-model';
import type { OrgNode } from '@internal/plugin-ai-governance-common';
import { summarizeAttachedPolicy, summaryParagraph } from './aiDetails';
import {
  AI_GOVERNANCE_ANNOTATIONS,
  AI_GOVERNANCE_ENTITY_TYPES,
  CATALOG_POLICY_TYPES,
  policyEntityNameOf,
} from './entityVocabulary';
import type { InventoryTree } from './types';

/** What the policy entities share with the node entities of the same snapshot. */
export interface PolicyEntityContext {
  namespace: string;
  /** The owner of every policy entity. */
  owner: string;
  /** The location annotations of every entity. */
  baseAnnotations: Record<string, string>;
  /** The policies' documents by id, if read. */
  contents?: ReadonlyMap<string, string>;
  /** A node's OU path (`Root/AI/Development`). */
  pathOf: (node: OrgNode) => string;
  /** A node's entity ref. */
  refOf: (node: OrgNode) => string;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The entities of the snapshot's policies of the CATALOG_POLICY_TYPES. */
export function buildPolicyEntities(
  tree: InventoryTree,
  context: PolicyEntityContext,
): Entity[] {
  const { namespace, baseAnnotations, contents, pathOf, refOf } = context;
  const entities: Entity[] = [];
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
        owner: context.owner,
        dependencyOf: targets.map(refOf),
      },
    });
  }
  return entities;
}
