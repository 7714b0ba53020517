/**
 * Reading an operation's JSON input: required and optional strings, lengths, patterns, policy types and tags, each
 * refused with the InvalidInputException (or ConstraintViolationException) AWS returns.
 */
import { POLICY_TYPES } from '@internal/plugin-ai-governance-common';
import type { PolicyType } from '@internal/plugin-ai-governance-common';
import { Errors } from '../errors';

/** An operation's input: the JSON object of the request body. */
export type Input = Record<string, unknown>;

/** Most tags one resource may carry. */
const MAX_TAGS = 50;

export function required(input: Input, name: string): string {
  const v = input[name];
  if (v === undefined || v === null || v === '') {
    throw Errors.invalidInput(
      'INPUT_REQUIRED',
      `You must specify a value for ${name}.`,
    );
  }
  if (typeof v !== 'string') {
    throw Errors.invalidInput('INVALID_INPUT', `${name} must be a string.`);
  }
  return v;
}

export function optionalString(input: Input, name: string): string | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string')
    throw Errors.invalidInput('INVALID_INPUT', `${name} must be a string.`);
  return v;
}

export function checkLength(
  value: string,
  name: string,
  min: number,
  max: number,
) {
  if (value.length < min) {
    throw Errors.invalidInput(
      'MIN_LENGTH_EXCEEDED',
      `You provided a value for ${name} that is shorter than ${min} characters.`,
    );
  }
  if (value.length > max) {
    throw Errors.invalidInput(
      'MAX_LENGTH_EXCEEDED',
      `You provided a value for ${name} that is longer than ${max} characters.`,
    );
  }
}

/** The value must match the pattern, or one of the patterns. */
export function checkPattern(
  value: string,
  re: RegExp | RegExp[],
  name: string,
) {
  if (!(Array.isArray(re) ? re : [re]).some(r => r.test(value))) {
    throw Errors.invalidInput(
      'INVALID_PATTERN',
      `You provided a value for ${name} that does not match the required pattern. (${value})`,
    );
  }
}

/** A policy type among `allowed`; a type AWS knows but `allowed` lacks gets AWS's own exception for it. */
export function policyType(
  input: Input,
  name: string,
  allowed: readonly PolicyType[] = POLICY_TYPES,
): PolicyType {
  const v = required(input, name);
  if (allowed.includes(v as PolicyType)) return v as PolicyType;
  if ((POLICY_TYPES as string[]).includes(v)) {
    throw Errors.invalidInput(
      'INVALID_ENUM_POLICY_TYPE',
      `You specified a policy type that this operation doesn't support. (${v})`,
    );
  }
  throw Errors.invalidInput(
    'INVALID_ENUM_POLICY_TYPE',
    `You specified an invalid policy type. (${v})`,
  );
}

/** A list of `{ Key, Value }` as a record; keys unique, not `aws:`, within AWS's lengths. */
export function tagsInput(input: Input, name = 'Tags'): Record<string, string> {
  const raw = input[name];
  if (raw === undefined || raw === null) return {};
  if (!Array.isArray(raw))
    throw Errors.invalidInput(
      'INVALID_INPUT',
      `${name} must be a list of { Key, Value }.`,
    );
  const out: Record<string, string> = {};
  for (const t of raw) {
    const key = t?.Key;
    const value = t?.Value ?? '';
    if (typeof key !== 'string' || typeof value !== 'string') {
      throw Errors.invalidInput(
        'INVALID_INPUT',
        'Each tag needs a Key and a Value (strings).',
      );
    }
    checkLength(key, 'Tags.Key', 1, 128);
    checkLength(value, 'Tags.Value', 0, 256);
    if (key.toLowerCase().startsWith('aws:')) {
      throw Errors.invalidInput(
        'INVALID_SYSTEM_TAGS_PARAMETER',
        'You can\'t use tag keys that start with "aws:".',
      );
    }
    if (key in out)
      throw Errors.invalidInput(
        'DUPLICATE_TAG_KEY',
        `Tag keys must be unique. (${key})`,
      );
    out[key] = value;
  }
  return out;
}

export function checkTagCount(tags: Record<string, string>) {
  if (Object.keys(tags).length > MAX_TAGS) {
    throw Errors.constraintViolation(
      'MAX_TAG_LIMIT_EXCEEDED',
      `You have exceeded the number of tags allowed on this resource (${MAX_TAGS}).`,
    );
  }
}
