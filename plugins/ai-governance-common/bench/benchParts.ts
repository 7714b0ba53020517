/**
 * What the policy engine benchmarks share: command line numbers, percentiles, and copies of snapshots that no cache
 * has seen (the same meaning, new objects and new policy text), for cold measurements.
 */
import type { OrgSnapshot } from '../src/orgModel/types';

/** A positive number option `--name N` of the command line, or the fallback. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/** The p-quantile (0..1) of sorted numbers. */
export function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))
  ];
}

/** Distinct trailing JSON whitespace for the n-th copy: the document means the same, its text is new to every cache. */
export function whitespaceSuffix(n: number): string {
  return ` ${n.toString(2).replace(/0/g, ' ').replace(/1/g, '\t')}`;
}

let copies = 0;
/** A deep copy of the snapshot that no cache has seen: new objects, and new text for every policy document. */
export function freshCopy(snapshot: OrgSnapshot): OrgSnapshot {
  const suffix = whitespaceSuffix(++copies);
  return {
    ...snapshot,
    organization: { ...snapshot.organization },
    nodes: snapshot.nodes.map(n => ({
      ...n,
      tags: { ...n.tags },
      policyIds: [...n.policyIds],
    })),
    policies: snapshot.policies.map(p => ({
      ...p,
      content: p.content + suffix,
    })),
  };
}

/** How many fresh copies were made so far (the suffix number of the last one). */
export function copiesMade(): number {
  return copies;
}
