/**
 * What a baseline apply with Pulumi would change, read against the stack's last applied outputs (not against the
 * first import): policy edits as text diffs, drift (a managed policy edited outside the product), and removals
 * (what the stack manages that the model no longer declares).
 */
import {
  OrgModel,
  OrgSnapshot,
  compactPolicyContent,
  samePolicyContent,
} from '@internal/plugin-ai-governance-common';
import type { BaselineStackOutputs } from './baselineProgram';
import { baselineResources } from './baselineResources';

/** The JSON of a policy, indented, one line per value: what the diffs compare. */
function policyLines(content: string): string[] {
  try {
    return JSON.stringify(JSON.parse(content), null, 2).split('\n');
  } catch {
    return content.split('\n');
  }
}

/**
 * A unified diff (`--- from`, `+++ to`, `@@` hunks with three lines of context) of two texts, by line. Empty when
 * the texts are equal. Our own longest-common-subsequence diff; policies are a few hundred lines at most.
 * @public
 */
export function unifiedDiff(
  before: string[],
  after: string[],
  labels: { from: string; to: string },
  context = 3,
): string[] {
  const n = before.length;
  const m = after.length;
  // lcs[i][j]: length of the longest common subsequence of before[i..] and after[j..].
  const lcs: number[][] = Array.from({ length: n + 1 }, () =>
    new Array<number>(m + 1).fill(0),
  );
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] =
        before[i] === after[j]
          ? lcs[i + 1][j + 1] + 1
          : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  type Line = { op: ' ' | '-' | '+'; text: string; a: number; b: number };
  const lines: Line[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      lines.push({ op: ' ', text: before[i], a: i, b: j });
      i++;
      j++;
    } else if (i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      // Removed lines come before added ones, as in diff -u.
      lines.push({ op: '-', text: before[i], a: i, b: j });
      i++;
    } else {
      lines.push({ op: '+', text: after[j], a: i, b: j });
      j++;
    }
  }
  const changed = lines
    .map((l, index) => (l.op === ' ' ? -1 : index))
    .filter(index => index >= 0);
  if (changed.length === 0) {
    return [];
  }
  // Group changes whose context overlaps into hunks.
  const hunks: Array<[number, number]> = [];
  for (const index of changed) {
    const start = Math.max(0, index - context);
    const end = Math.min(lines.length - 1, index + context);
    const last = hunks[hunks.length - 1];
    if (last && start <= last[1] + 1) {
      last[1] = end;
    } else {
      hunks.push([start, end]);
    }
  }
  const out = [`--- ${labels.from}`, `+++ ${labels.to}`];
  for (const [start, end] of hunks) {
    const slice = lines.slice(start, end + 1);
    const aCount = slice.filter(l => l.op !== '+').length;
    const bCount = slice.filter(l => l.op !== '-').length;
    out.push(
      `@@ -${slice[0].a + (aCount ? 1 : 0)},${aCount} +${
        slice[0].b + (bCount ? 1 : 0)
      },${bCount} @@`,
    );
    out.push(...slice.map(l => `${l.op}${l.text}`));
  }
  return out;
}

/** A managed policy whose content changes, with its text diff. @public */
export interface BaselinePolicyChange {
  policyName: string;
  policyId?: string;
  /** Unified diff lines. */
  diff: string[];
}

/**
 * The managed policies whose content the model changes since the last apply: updated in place (UpdatePolicy), each
 * with the text diff from what was applied to what the model says.
 * @public
 */
export function baselinePolicyEdits(
  model: OrgModel,
  lastApplied: BaselineStackOutputs | undefined,
): BaselinePolicyChange[] {
  if (!lastApplied) return [];
  const edits: BaselinePolicyChange[] = [];
  for (const policy of model.spec.policies) {
    const applied = lastApplied.policies[policy.name];
    if (applied && !samePolicyContent(applied.content, policy.document)) {
      edits.push({
        policyName: policy.name,
        policyId: applied.id,
        diff: unifiedDiff(
          policyLines(applied.content),
          policyLines(compactPolicyContent(policy.document)),
          {
            from: `${policy.name} (last applied)`,
            to: `${policy.name} (baseline)`,
          },
        ),
      });
    }
  }
  return edits;
}

/**
 * Drift: managed policies whose content in AWS is not what the stack last applied (someone edited them in the
 * console or through the API). Each with the diff from what was applied to what AWS holds now. An apply overwrites
 * them only when told to.
 * @public
 */
export function baselineDrift(
  lastApplied: BaselineStackOutputs | undefined,
  live: OrgSnapshot | undefined,
): BaselinePolicyChange[] {
  if (!lastApplied || !live) return [];
  const drift: BaselinePolicyChange[] = [];
  for (const [name, applied] of Object.entries(lastApplied.policies)) {
    const current = live.policies.find(p => p.id === applied.id);
    if (current && !samePolicyContent(current.content, applied.content)) {
      drift.push({
        policyName: name,
        policyId: applied.id,
        diff: unifiedDiff(
          policyLines(applied.content),
          policyLines(current.content),
          { from: `${name} (last applied)`, to: `${name} (in AWS now)` },
        ),
      });
    }
  }
  return drift;
}

/**
 * What the stack manages that the model no longer declares, by resource name (`ou/Root/AI/Sandbox`,
 * `policy/DenyX`, `attachment/Root/AI/DenyX`): the names `allowRemovals` takes. Without an allowance each is left in
 * place in AWS and only stops being managed.
 * @public
 */
export function baselineRemovals(
  model: OrgModel,
  lastApplied: BaselineStackOutputs | undefined,
): string[] {
  if (!lastApplied) return [];
  const declared = new Set(baselineResources(model).map(r => r.name));
  const managed = [
    ...Object.keys(lastApplied.organizationalUnitIds).map(p => `ou/${p}`),
    ...Object.keys(lastApplied.policyIds).map(p => `policy/${p}`),
    ...Object.keys(lastApplied.attachmentIds).map(p => `attachment/${p}`),
  ];
  return managed.filter(name => !declared.has(name)).sort();
}
