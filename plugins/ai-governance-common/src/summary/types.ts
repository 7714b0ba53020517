/** Types of the plain-language policy summaries. */
import type { PolicyType } from '../orgModel/types';

/** One sentence of a summary; statement sentences say which statement they describe. @public */
export interface SummarySentence {
  text: string;
  /** Index in the Statement array (SCPs and RCPs). */
  statementIndex?: number;
  sid?: string;
  /** AI opt-out policies: the service the sentence is about (`default` for every service). */
  service?: string;
  /** Set when the sentence says that a statement (or the policy) has no effect. */
  noEffect?: boolean;
}

/** A deterministic, plain-language summary of one policy. @public */
export interface PlainLanguageSummary {
  type: PolicyType;
  /** One sentence about the whole policy. */
  headline: string;
  sentences: SummarySentence[];
  /** Set when the policy as a whole changes nothing, with the reason. */
  doesNothing?: string;
  /** Problems that kept the summary from reading part of the policy (invalid JSON, unknown operators). */
  problems: string[];
}

/** Options of summarizePolicy. @public */
export interface SummarizeOptions {
  /** The policy type; guessed from the document when absent (services → AI opt-out; Principal → RCP; else SCP). */
  type?: PolicyType;
  /**
   * Whether FullAWSAccess is attached at the same place (SCPs). An SCP of Allow statements only then adds nothing.
   * Undefined: the summary says what depends on it.
   */
  alongsideFullAwsAccess?: boolean;
  /** Where the policy is attached (names), for "in every account below …". */
  attachedTo?: string[];
}
