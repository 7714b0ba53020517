/**
 * JSON with positions: the tree and issue types, the parser's limits, policySize, and parseJsonWithPositions, the
 * entry point of a small JSON parser (jsonParser.ts) that keeps the position of every value and key and reports
 * precise errors for the mistakes people make in policy documents (comments, trailing commas, single quotes,
 * unquoted template placeholders).
 */
import { JsonParser } from './jsonParser';
import { policyDocumentSize } from '../orgModel/awsManaged';

/** A 1-based line and column, and the 0-based offset in the text. @public */
export interface TextPosition {
  line: number;
  column: number;
  offset: number;
}

/** @public */
export interface JsonSpan {
  start: TextPosition;
  end: TextPosition;
}

/** @public */
export type JsonValue =
  | (JsonSpan & { kind: 'object'; members: JsonMember[] })
  | (JsonSpan & { kind: 'array'; items: JsonValue[] })
  | (JsonSpan & { kind: 'string'; value: string })
  | (JsonSpan & { kind: 'number'; value: number; raw: string })
  | (JsonSpan & { kind: 'boolean'; value: boolean })
  | (JsonSpan & { kind: 'null' });

/** @public */
export interface JsonMember {
  key: string;
  keySpan: JsonSpan;
  value: JsonValue;
}

/** @public */
export interface JsonSyntaxIssue {
  /**
   * `comment`, `trailing-comma`, `duplicate-key` are recoverable; the others stop the parse. `limit`: the document is
   * over one of JSON_LIMITS.
   */
  kind:
    | 'comment'
    | 'trailing-comma'
    | 'duplicate-key'
    | 'unexpected-token'
    | 'unterminated-string'
    | 'invalid-escape'
    | 'control-character'
    | 'unexpected-end'
    | 'trailing-content'
    | 'empty'
    | 'limit';
  message: string;
  start: TextPosition;
  end: TextPosition;
}

/** @public */
export interface JsonParseResult {
  /** Undefined when a fatal error stopped the parse. */
  value?: JsonValue;
  issues: JsonSyntaxIssue[];
}

/**
 * What the parser reads, at most. Far above any policy AWS accepts (10,240 characters, a handful of levels), low
 * enough that a hostile document cannot exhaust the stack or the memory.
 * @public
 */
export const JSON_LIMITS = {
  /** Characters of text. */
  maxLength: 1_048_576,
  /** Arrays and objects nested in one another. */
  maxDepth: 64,
  /** Values (strings, numbers, arrays, objects...) in the document. */
  maxValues: 100_000,
} as const;

/**
 * The size of a policy as AWS counts it against the quota for an API caller: every character as sent, whitespace
 * included (see `policyDocumentSize`, which this is).
 * @public
 */
export function policySize(text: string): number {
  return policyDocumentSize(text);
}

/** Parses JSON text, keeping positions. Never throws. @public */
export function parseJsonWithPositions(text: string): JsonParseResult {
  return new JsonParser(text).run();
}
