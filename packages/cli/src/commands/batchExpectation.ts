/**
 * The expectation of `aigov simulate --expect` and of a batch line's `expect`: reading it, how a result line spells
 * it, and whether a decision meets it.
 */
import type { SimulationResult } from '@internal/plugin-ai-governance-common';
import { UsageError } from '../runCli';

/** What `--expect` and a line's `expect` take. */
export type Expectation =
  | 'allowed'
  | 'denied'
  | 'explicitdeny'
  | 'implicitdeny';

const EXPECTATIONS = ['allowed', 'denied', 'explicitdeny', 'implicitdeny'];

/** How a result line spells the expectation it was checked against. */
export const EXPECTATION_NAMES: Record<Expectation, string> = {
  allowed: 'allowed',
  denied: 'denied',
  explicitdeny: 'ExplicitDeny',
  implicitdeny: 'ImplicitDeny',
};

/** Reads an expectation; undefined when absent. */
export function parseExpectation(
  value: string | undefined,
): Expectation | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (!EXPECTATIONS.includes(v)) {
    throw new UsageError(
      `expect takes allowed, denied, ExplicitDeny or ImplicitDeny (got "${value}").`,
    );
  }
  return v as Expectation;
}

/** Whether a decision is the expected one (`denied` is either kind of deny). */
export function meetsExpectation(
  expect: Expectation,
  result: SimulationResult,
): boolean {
  return expect === 'denied'
    ? result.decision !== 'Allowed'
    : result.decision.toLowerCase() === expect;
}
