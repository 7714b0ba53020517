/**
 * How the baseline action reports: one line per change, and the summary the task log and the `summary` output show.
 */
import type { BaselineChange } from '@internal/plugin-ai-governance-common';
import type { AppliedBaselineChange } from '@internal/plugin-ai-governance-node';

/**
 * What one preview or apply changed (or would change), and what it left alone. A type, not an interface, so that it is
 * a JSON value a checkpoint can hold.
 */
export type BaselineOutcome = {
  changes: string[];
  reported: string[];
};

/** One line per change, as the task log and the output show it. */
export function describeBaselineChange(
  change: BaselineChange | AppliedBaselineChange,
): string {
  const id = 'id' in change && change.id ? ` (${change.id})` : '';
  switch (change.action) {
    case 'enable-policy-type':
      return `enable ${change.policyType} on the root${id}`;
    case 'create-policy':
      return `create ${change.policyType} ${change.policyName}${id}`;
    case 'update-policy':
      return `update ${change.policyName}${id}`;
    case 'create-ou':
      return `create OU ${change.path}${id}`;
    case 'attach-policy':
      return `attach ${change.policyName} to ${change.path}${id}`;
    default:
      return change.message;
  }
}

/** The outcome as text: the changes (`verb` says whether they were made or would be), then what was left alone. */
export function summarizeBaseline(
  name: string,
  { changes, reported }: BaselineOutcome,
  verb: string,
): string {
  const summary =
    changes.length === 0
      ? `Nothing to do: the organization matches baseline ${name}.`
      : `${verb} ${changes.length} change${
          changes.length === 1 ? '' : 's'
        }:\n${changes.map(c => `- ${c}`).join('\n')}`;
  return reported.length
    ? `${summary}\nLeft alone:\n${reported.map(r => `- ${r}`).join('\n')}`
    : summary;
}
