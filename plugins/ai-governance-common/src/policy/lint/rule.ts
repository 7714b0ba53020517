/** The shapes of lint rules: a statement rule checks one statement of an SCP or RCP, a text rule the whole text. */
import type { LintFinding } from '../types';
import type { PolicyStatement } from '../document';
import type { LintOptions } from './options';

/** Checks one statement of an IAM policy (SCP or RCP) and adds what it finds. */
export type StatementRule = (
  st: PolicyStatement,
  options: LintOptions,
  findings: LintFinding[],
) => void;

/** Checks the document text, whatever its type, and adds what it finds. */
export type TextRule = (
  text: string,
  options: LintOptions,
  findings: LintFinding[],
) => void;
