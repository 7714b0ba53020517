/**
 * Guardrail packs: versioned sets of policy templates with parameters, rendered to plain policy documents.
 * The packs themselves live in the repository's `guardrails/packs/<pack>/` folder (pack.yaml plus one JSON template per
 * policy); this module parses and renders them without touching the file system, so the browser can use it too.
 */
import type { PolicyType } from '../orgModel/types';

/** Kinds of pack parameter. @public */
export type GuardrailParameterType =
  | 'string'
  | 'string-list'
  | 'number'
  | 'boolean';

/** A parameter value. @public */
export type GuardrailParameterValue = string | string[] | number | boolean;

/** One declared parameter of a pack. @public */
export interface GuardrailParameter {
  name: string;
  type: GuardrailParameterType;
  description: string;
  default: GuardrailParameterValue;
}

/** One policy of a pack: metadata from pack.yaml plus its JSON template. @public */
export interface GuardrailPolicyTemplate {
  /** The policy's name in the organization once rendered. */
  name: string;
  type: PolicyType;
  description: string;
  /** Why the policy exists, in a few sentences. */
  rationale: string;
  /** The AWS documentation the policy follows. */
  references: string[];
  /** The template file, relative to the pack folder. */
  file: string;
  /** The parsed JSON template, with `${parameter}` placeholders. */
  template: unknown;
  /**
   * Statements (by Sid) that are rendered only when the named parameter is set (a non-empty string or list).
   */
  optionalStatements: Record<string, string>;
  /**
   * Actions the IAM catalog lists for a condition key that the policy deliberately leaves out, per key, with the
   * reason in the rationale. Used by the tests that check every action taking a key is covered.
   */
  catalogExclusions: Record<string, string[]>;
  /** The policy is rendered only when this parameter is set (a non-empty string or list). */
  renderWhen?: string;
}

/** A parsed guardrail pack. @public */
export interface GuardrailPack {
  name: string;
  /** Semantic version of the pack. */
  version: string;
  description: string;
  /** Other packs that must apply on the same node or an ancestor wherever this one is attached. */
  requires: string[];
  parameters: GuardrailParameter[];
  policies: GuardrailPolicyTemplate[];
}

/** A rendered policy document, ready for CreatePolicy. @public */
export interface RenderedPolicy {
  name: string;
  type: PolicyType;
  description: string;
  /** The policy document as a compact JSON string. */
  content: string;
}

/** Parameter values for one render: name to value; unset parameters take their defaults. @public */
export type GuardrailParameterValues = Record<string, GuardrailParameterValue>;
