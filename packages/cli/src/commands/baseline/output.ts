/**
 * How `aigov baseline` prints: one line per change, and the result as text or as JSON on stdout.
 */
import { BaselineChange } from '@internal/plugin-ai-governance-common';
import type { Format } from './inputs';

const SYMBOL: Record<BaselineChange['action'], string> = {
  'enable-policy-type': '+',
  'create-policy': '+',
  'update-policy': '~',
  'create-ou': '+',
  'attach-policy': '+',
  report: '!',
};

/** One line for a change, as people read it. */
export function describeChange(change: BaselineChange): string {
  switch (change.action) {
    case 'enable-policy-type':
      return `enable policy type ${change.policyType} on the root`;
    case 'create-policy':
      return `create ${change.policyType} ${change.policyName}`;
    case 'update-policy':
      return `update ${change.policyName} to the baseline's document`;
    case 'create-ou':
      return `create OU ${change.path}`;
    case 'attach-policy':
      return `attach ${change.policyName} to ${change.path}`;
    default:
      return change.message.replace(/ Not changed:.*$/, '');
  }
}

/** Writes the text, or the JSON with --format json, to stdout. */
export function output(format: Format, text: string, json: unknown) {
  process.stdout.write(
    format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : text,
  );
}

/** The changes as indented lines, each with its symbol (+ create, ~ update, ! reported). */
export function changeLines(changes: BaselineChange[]): string[] {
  return changes.map(c => `  ${SYMBOL[c.action]} ${describeChange(c)}`);
}
