/**
 * Reads a change set file (YAML or JSON; JSON is YAML). Bad input gets a message naming the entry and what to write.
 */
import { parse as parseYaml } from 'yaml';
import { POLICY_TYPES, PolicyType } from '../orgModel/types';
import { PolicyEngineError } from '../policy/errors';
import type { WhatIfChange, WhatIfChangeSet } from './types';

const REQUIRED: Record<WhatIfChange['op'], string[]> = {
  attach: ['policy', 'target'],
  detach: ['policy', 'target'],
  edit: ['policy', 'document'],
  create: ['name', 'document'],
  delete: ['policy'],
  move: ['account', 'to'],
  createOu: ['name', 'parent'],
  enablePolicyType: ['type'],
  disablePolicyType: ['type'],
};

/** At most this many changes in one set. @public */
export const MAX_WHAT_IF_CHANGES = 500;

/**
 * Parses and checks a change set. Throws PolicyEngineError naming the first problem.
 * @public
 */
export function parseChangeSet(text: string): WhatIfChangeSet {
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    throw new PolicyEngineError(
      `The change file is neither YAML nor JSON: ${
        (e as Error).message.split('\n')[0]
      }`,
    );
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new PolicyEngineError(
      'The change file must be a mapping with a `changes:` list (see docs/what-if.md).',
    );
  }
  const set = raw as Record<string, unknown>;
  const changes = set.changes;
  if (!Array.isArray(changes) || changes.length === 0) {
    throw new PolicyEngineError(
      'The change file has no `changes:` list: give at least one change, e.g. `- op: detach` with `policy:` and `target:`.',
    );
  }
  if (changes.length > MAX_WHAT_IF_CHANGES) {
    throw new PolicyEngineError(
      `The change file has ${changes.length} changes; at most ${MAX_WHAT_IF_CHANGES} are taken at once.`,
    );
  }
  changes.forEach((c, i) => {
    const where = `Change ${i + 1}`;
    if (!c || typeof c !== 'object')
      throw new PolicyEngineError(`${where} is not a mapping with an \`op:\`.`);
    const op = (c as { op?: unknown }).op as WhatIfChange['op'];
    const required = REQUIRED[op];
    if (!required) {
      throw new PolicyEngineError(
        `${where} has op "${String(op)}"; use one of ${Object.keys(
          REQUIRED,
        ).join(', ')}.`,
      );
    }
    for (const field of required) {
      const v = (c as Record<string, unknown>)[field];
      if (v === undefined || v === null || v === '')
        throw new PolicyEngineError(`${where} (${op}) needs \`${field}:\`.`);
    }
    const type = (c as { type?: unknown }).type;
    if (type !== undefined && !POLICY_TYPES.includes(type as PolicyType)) {
      throw new PolicyEngineError(
        `${where} (${op}) has type "${String(
          type,
        )}"; use one of ${POLICY_TYPES.join(', ')}.`,
      );
    }
  });
  if (set.probes !== undefined) {
    if (!Array.isArray(set.probes))
      throw new PolicyEngineError(
        '`probes:` must be a list of requests with `action:`.',
      );
    set.probes.forEach((p, i) => {
      if (!p || typeof (p as { action?: unknown }).action !== 'string')
        throw new PolicyEngineError(
          `Probe ${i + 1} needs \`action:\` (service:Action).`,
        );
    });
  }
  if (set.production !== undefined && !Array.isArray(set.production))
    throw new PolicyEngineError(
      '`production:` must be a list of OU or account names.',
    );
  return set as unknown as WhatIfChangeSet;
}
