/**
 * Collecting org model problems: each with its YAML path (`spec.policies[2].name`) and line, and the field checks
 * (known keys, strings with lengths, lists, tags) every section of the model uses.
 */
import type { OrgModelProblem } from './model';

/** A step of a path into the model: a mapping key or a list index. */
export type PathSegment = string | number;

/** `spec.policies[2].name` for a path. */
export function formatPath(path: PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out || '(document)';
}

/** Whether a value is a mapping (not a list, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects every problem found, with its path and line, instead of stopping at the first. */
export class Validator {
  readonly problems: OrgModelProblem[] = [];

  constructor(
    private readonly lineOf: (path: PathSegment[]) => number | undefined,
  ) {}

  report(path: PathSegment[], message: string) {
    this.problems.push({
      path: formatPath(path),
      message,
      line: this.lineOf(path),
    });
  }

  keys(value: Record<string, unknown>, path: PathSegment[], allowed: string[]) {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        this.report(
          [...path, key],
          `unknown field "${key}"; expected one of: ${allowed.join(', ')}`,
        );
      }
    }
  }

  string(
    raw: unknown,
    path: PathSegment[],
    opts: {
      required?: boolean;
      min?: number;
      max?: number;
      what?: string;
    } = {},
  ): string | undefined {
    const what = opts.what ?? 'value';
    if (raw === undefined || raw === null) {
      if (opts.required) this.report(path, `${what} is required`);
      return undefined;
    }
    const value =
      typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : raw;
    if (typeof value !== 'string') {
      this.report(path, `${what} must be a string`);
      return undefined;
    }
    if (opts.min !== undefined && value.length < opts.min) {
      this.report(
        path,
        `${what} must have at least ${opts.min} character${
          opts.min === 1 ? '' : 's'
        }`,
      );
      return undefined;
    }
    if (opts.max !== undefined && value.length > opts.max) {
      this.report(
        path,
        `${what} must have at most ${opts.max} characters (has ${value.length})`,
      );
      return undefined;
    }
    return value;
  }

  list(value: unknown, path: PathSegment[]): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.report(path, 'must be a list');
      return [];
    }
    return value;
  }

  tags(
    value: unknown,
    path: PathSegment[],
  ): Record<string, string> | undefined {
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value)) {
      this.report(
        path,
        'tags must be a mapping of key to value, e.g. { owner: group:default/team }',
      );
      return undefined;
    }
    const out: Record<string, string> = {};
    const entries = Object.entries(value);
    if (entries.length > 50)
      this.report(path, `at most 50 tags are allowed (has ${entries.length})`);
    for (const [key, raw] of entries) {
      if (key.length < 1 || key.length > 128) {
        this.report([...path, key], 'tag keys must have 1 to 128 characters');
        continue;
      }
      if (key.toLowerCase().startsWith('aws:')) {
        this.report(
          [...path, key],
          'tag keys starting with "aws:" are reserved by AWS',
        );
        continue;
      }
      const v = this.string(raw ?? '', [...path, key], {
        max: 256,
        what: 'tag value',
      });
      if (v !== undefined) out[key] = v;
    }
    return out;
  }
}
