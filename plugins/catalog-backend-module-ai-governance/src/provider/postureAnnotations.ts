/**
 * The AI posture check on entities: per checked account its error and warning counts and finding codes, per root
 * and OU how many of the checked accounts under it have findings, as annotations and the findings tag.
 */
import type { PostureReport } from '@internal/plugin-ai-governance-common';
import type { OrgNode } from '@internal/plugin-ai-governance-common';
import {
  AI_GOVERNANCE_ANNOTATIONS,
  AI_POSTURE_FINDINGS_TAG,
} from './entityVocabulary';
import type { InventoryTree } from './types';

/** The posture counts of a snapshot, from postureOf. */
export type PostureCounts = ReturnType<typeof postureOf>;

/**
 * The posture check per account (error and warning counts, codes) for the accounts it checks (active members: not
 * the management account), and per root and OU the checked accounts under it and how many have findings.
 */
export function postureOf(
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

/** Adds `node`'s posture annotations (and the findings tag to `tags`) when the posture check covers it. */
export function addPostureAnnotations(
  node: OrgNode,
  posture: PostureCounts | undefined,
  annotations: Record<string, string>,
  tags: string[],
): void {
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
}
