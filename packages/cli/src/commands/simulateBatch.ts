/**
 * `aigov simulate --requests FILE.jsonl`: many questions in one process, for CI. Each line of the file is one JSON
 * request (the body of POST /simulate, plus an optional `id` echoed back and an optional `expect`); each result is
 * one JSON line on stdout, in the order of the file. A line that cannot be read or evaluated gets an `error` line
 * naming its line number, and the batch goes on. The command line's request flags are defaults for every line.
 */
import fs from 'fs';
import path from 'path';
import {
  checkRequestPolicy,
  describeRequestPolicyProblems,
  EvaluateOptions,
  OrgSnapshot,
  PolicyEngineError,
  REQUEST_POLICY_LIMITS,
  type RequestPolicy,
  type RequestPolicyKind,
  simulate,
  type SimulationRequest,
  type SimulationResult,
} from '@internal/plugin-ai-governance-common';
import { UsageError } from '../runCli';
import { readPolicyFile, requestEcho } from './requestParts';

/** The longest line read; a longer one is an error line (a request with its policies inline is far shorter). */
export const MAX_BATCH_LINE_LENGTH = 1_048_576;

/** What `--expect` and a line's `expect` take. */
export type Expectation =
  | 'allowed'
  | 'denied'
  | 'explicitdeny'
  | 'implicitdeny';

const EXPECTATIONS = ['allowed', 'denied', 'explicitdeny', 'implicitdeny'];

/** How a result line spells the expectation it was checked against. */
const EXPECTATION_NAMES: Record<Expectation, string> = {
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

/** The request the command line describes, each field a default for every line. */
export type BatchDefaults = Partial<SimulationRequest> & {
  expect?: Expectation;
};

/** A line that cannot be evaluated: its message becomes the line's `error`. */
class LineError extends Error {}

const REQUEST_KEYS = new Set([
  'id',
  'expect',
  'target',
  'account',
  'action',
  'resource',
  'context',
  'principalArn',
  'principalTags',
  'principal',
  'resourceOwner',
  'identityPolicies',
  'resourcePolicy',
  'permissionsBoundary',
  'sessionPolicies',
  'vpcEndpointPolicy',
]);
const PRINCIPAL_KEYS = new Set([
  'arn',
  'accountId',
  'tags',
  'service',
  'anonymous',
]);
const RESOURCE_OWNER_KEYS = new Set(['accountId', 'tags', 'awsManagedKmsKey']);
const POLICY_KEYS = new Set(['name', 'id', 'content', 'file']);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function checkKeys(
  value: Record<string, unknown>,
  known: Set<string>,
  where: string,
) {
  for (const k of Object.keys(value)) {
    if (!known.has(k)) {
      throw new LineError(
        `${where}"${k}" is not a request field; known: ${[...known].join(
          ', ',
        )}.`,
      );
    }
  }
}

function string(value: unknown, field: string, max = 2048): string {
  if (typeof value !== 'string' || value.length > max) {
    throw new LineError(
      `${field} must be a string of at most ${max} characters.`,
    );
  }
  return value;
}

function stringRecord(value: unknown, field: string): Record<string, string> {
  if (!isObject(value)) {
    throw new LineError(`${field} must be an object of strings.`);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    out[string(k, `A key of ${field}`, 128)] = string(v, `${field}.${k}`, 256);
  }
  return out;
}

function context(value: unknown): Record<string, string | string[]> {
  if (!isObject(value))
    throw new LineError(
      'context must be an object, e.g. {"aws:RequestedRegion": "eu-west-1"}.',
    );
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!/^[A-Za-z0-9-]+:\S+$/.test(k) || k.length > 256) {
      throw new LineError(
        `context: "${k.slice(
          0,
          100,
        )}" is not a condition key: write service:key, e.g. aws:RequestedRegion.`,
      );
    }
    if (Array.isArray(v)) {
      if (v.length > 100)
        throw new LineError(`context.${k} has more than 100 values.`);
      out[k] = v.map((one, i) => string(one, `context.${k}[${i}]`));
    } else out[k] = string(v, `context.${k}`);
  }
  return out;
}

/** Reads policy files named in lines once each (relative to the requests file). */
type PolicyFileCache = Map<string, RequestPolicy>;

function policy(
  value: unknown,
  field: string,
  kind: RequestPolicyKind,
  baseDir: string,
  files: PolicyFileCache,
): RequestPolicy {
  if (!isObject(value)) {
    throw new LineError(
      `${field} must be an object: {"file": "policy.json"} or {"name": "...", "content": {...}}.`,
    );
  }
  checkKeys(value, POLICY_KEYS, `${field}: `);
  if ((value.file === undefined) === (value.content === undefined)) {
    throw new LineError(
      `${field} takes "file" (a JSON file, relative to the requests file) or "content" (the document), not ${
        value.file === undefined ? 'neither' : 'both'
      }.`,
    );
  }
  const name =
    value.name === undefined
      ? undefined
      : string(
          value.name,
          `${field}.name`,
          REQUEST_POLICY_LIMITS.maxNameLength,
        );
  const id =
    value.id === undefined ? undefined : string(value.id, `${field}.id`, 256);
  if (value.file !== undefined) {
    const file = path.resolve(baseDir, string(value.file, `${field}.file`));
    const shownName = name ?? String(value.file);
    // One object per file, kind, name and id: the evaluator compiles a request's policy once per object.
    const key = JSON.stringify([kind, file, shownName, id]);
    const cached = files.get(key);
    if (cached) return cached;
    let read: RequestPolicy;
    try {
      read = readPolicyFile(file, kind);
    } catch (e) {
      throw new LineError(`${field}: ${(e as Error).message}`);
    }
    const fromFile: RequestPolicy = { ...read, name: shownName };
    if (id !== undefined) fromFile.id = id;
    files.set(key, fromFile);
    return fromFile;
  }
  const content =
    typeof value.content === 'string'
      ? value.content
      : JSON.stringify(value.content, null, 2);
  const label = name ?? field;
  const problems = checkRequestPolicy(content, kind);
  if (problems.length) {
    throw new LineError(
      `${field} cannot be evaluated: ${describeRequestPolicyProblems(
        label,
        problems,
      ).replace(/\n/g, '; ')}`,
    );
  }
  const inline: RequestPolicy = { name: label, content };
  if (id !== undefined) inline.id = id;
  return inline;
}

function policies(
  value: unknown,
  field: string,
  kind: RequestPolicyKind,
  max: number,
  baseDir: string,
  files: PolicyFileCache,
): RequestPolicy[] {
  if (!Array.isArray(value) || value.length > max) {
    throw new LineError(
      `${field} must be an array of at most ${max} policies.`,
    );
  }
  return value.map((p, i) => policy(p, `${field}[${i}]`, kind, baseDir, files));
}

/** One line's request: its fields over the defaults, each checked. */
export function parseBatchLine(
  text: string,
  defaults: BatchDefaults,
  baseDir: string,
  files: PolicyFileCache = new Map(),
): { id?: string | number; expect?: Expectation; request: SimulationRequest } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new LineError(`not JSON: ${(e as Error).message}.`);
  }
  if (!isObject(raw)) {
    throw new LineError(
      'a line is one JSON object, e.g. {"target": "ml-dev", "action": "bedrock:InvokeModel"}.',
    );
  }
  checkKeys(raw, REQUEST_KEYS, '');
  const out: { id?: string | number; expect?: Expectation } = {};
  if (raw.id !== undefined) {
    if (typeof raw.id !== 'number' && typeof raw.id !== 'string') {
      throw new LineError('id must be a string or a number.');
    }
    out.id = typeof raw.id === 'string' ? string(raw.id, 'id', 256) : raw.id;
  }
  const { expect: defaultExpect, ...base } = defaults;
  const request: Partial<SimulationRequest> = { ...base };
  try {
    out.expect =
      raw.expect === undefined
        ? defaultExpect
        : parseExpectation(string(raw.expect, 'expect', 20));
  } catch (e) {
    throw new LineError((e as Error).message);
  }
  if (raw.target !== undefined && raw.account !== undefined) {
    throw new LineError('give target or account (the same field), not both.');
  }
  const target = raw.target ?? raw.account;
  if (target !== undefined) request.target = string(target, 'target', 256);
  if (raw.action !== undefined) request.action = string(raw.action, 'action');
  if (raw.resource !== undefined)
    request.resource = string(raw.resource, 'resource');
  if (raw.context !== undefined) {
    request.context = { ...base.context, ...context(raw.context) };
  }
  if (raw.principalArn !== undefined)
    request.principalArn = string(raw.principalArn, 'principalArn');
  if (raw.principalTags !== undefined)
    request.principalTags = stringRecord(raw.principalTags, 'principalTags');
  if (raw.principal !== undefined) {
    const p = raw.principal;
    if (!isObject(p)) throw new LineError('principal must be an object.');
    checkKeys(p, PRINCIPAL_KEYS, 'principal: ');
    const principal = { ...base.principal };
    if (p.arn !== undefined) principal.arn = string(p.arn, 'principal.arn');
    if (p.accountId !== undefined)
      principal.accountId = string(p.accountId, 'principal.accountId', 256);
    if (p.tags !== undefined)
      principal.tags = stringRecord(p.tags, 'principal.tags');
    if (p.service !== undefined)
      principal.service = string(p.service, 'principal.service', 256);
    if (p.anonymous !== undefined) {
      if (typeof p.anonymous !== 'boolean')
        throw new LineError('principal.anonymous must be true or false.');
      principal.anonymous = p.anonymous;
    }
    request.principal = principal;
  }
  if (raw.resourceOwner !== undefined) {
    const r = raw.resourceOwner;
    if (!isObject(r)) throw new LineError('resourceOwner must be an object.');
    checkKeys(r, RESOURCE_OWNER_KEYS, 'resourceOwner: ');
    const owner = { ...base.resourceOwner };
    if (r.accountId !== undefined)
      owner.accountId = string(r.accountId, 'resourceOwner.accountId', 256);
    if (r.tags !== undefined)
      owner.tags = stringRecord(r.tags, 'resourceOwner.tags');
    if (r.awsManagedKmsKey !== undefined) {
      if (typeof r.awsManagedKmsKey !== 'boolean')
        throw new LineError(
          'resourceOwner.awsManagedKmsKey must be true or false.',
        );
      owner.awsManagedKmsKey = r.awsManagedKmsKey;
    }
    request.resourceOwner = owner;
  }
  if (raw.identityPolicies !== undefined) {
    request.identityPolicies = policies(
      raw.identityPolicies,
      'identityPolicies',
      'identity',
      REQUEST_POLICY_LIMITS.maxIdentityPolicies,
      baseDir,
      files,
    );
  }
  if (raw.sessionPolicies !== undefined) {
    request.sessionPolicies = policies(
      raw.sessionPolicies,
      'sessionPolicies',
      'session',
      REQUEST_POLICY_LIMITS.maxSessionPolicies,
      baseDir,
      files,
    );
  }
  for (const [field, kind] of [
    ['resourcePolicy', 'resource'],
    ['permissionsBoundary', 'boundary'],
    ['vpcEndpointPolicy', 'endpoint'],
  ] as const) {
    if (raw[field] !== undefined)
      request[field] = policy(raw[field], field, kind, baseDir, files);
  }
  if (!request.target) {
    throw new LineError(
      'no target: give "target" (an account or OU, name or id) in the line or --account on the command line.',
    );
  }
  if (!request.action) {
    throw new LineError(
      'no action: give "action" (e.g. "bedrock:InvokeModel") in the line or --action on the command line.',
    );
  }
  return { ...out, request: request as SimulationRequest };
}

/** The file's lines, each at most `maxLength` characters (a longer one comes back as `tooLong`, unread). */
export async function* readLines(
  file: string,
  maxLength: number,
): AsyncGenerator<{ text: string; tooLong: boolean }> {
  const stream = fs.createReadStream(file, {
    encoding: 'utf8',
    highWaterMark: 64 * 1024,
  });
  let current = '';
  let tooLong = false;
  for await (const chunk of stream as AsyncIterable<string>) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      const piece = chunk.slice(start, nl < 0 ? undefined : nl);
      if (!tooLong) {
        if (current.length + piece.length > maxLength) {
          tooLong = true;
          current = '';
        } else current += piece;
      }
      if (nl < 0) break;
      yield { text: current.replace(/\r$/, ''), tooLong };
      current = '';
      tooLong = false;
      start = nl + 1;
    }
  }
  if (current !== '' || tooLong)
    yield { text: current.replace(/\r$/, ''), tooLong };
}

/** What a batch did: lines evaluated, lines in error, expectations not met. */
export interface BatchSummary {
  evaluated: number;
  errors: number;
  unmet: number;
}

/**
 * Evaluates every line of the requests file against the snapshot and writes one JSON result a line. Blank lines are
 * skipped (and keep their numbers). Errors that are not about a line (the file cannot be read) throw a UsageError.
 */
export async function runBatch(
  file: string,
  snapshot: OrgSnapshot,
  defaults: BatchDefaults,
  evaluateOptions: (action: string) => Promise<EvaluateOptions>,
  write: (line: string) => void,
): Promise<BatchSummary> {
  try {
    if (!fs.statSync(file).isFile()) throw new Error('not a file');
  } catch (e) {
    throw new UsageError(
      `Cannot read the requests file ${file}: ${
        (e as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'no such file'
          : (e as Error).message
      }.`,
    );
  }
  const baseDir = path.dirname(path.resolve(file));
  const files: PolicyFileCache = new Map();
  const summary: BatchSummary = { evaluated: 0, errors: 0, unmet: 0 };
  let lineNo = 0;
  for await (const { text, tooLong } of readLines(
    file,
    MAX_BATCH_LINE_LENGTH,
  )) {
    lineNo++;
    if (!tooLong && text.trim() === '') continue;
    let id: string | number | undefined;
    try {
      if (tooLong) {
        throw new LineError(
          `longer than ${MAX_BATCH_LINE_LENGTH} characters; put large policies in files ({"file": "policy.json"}).`,
        );
      }
      const parsed = parseBatchLine(text, defaults, baseDir, files);
      id = parsed.id;
      const options = await evaluateOptions(parsed.request.action);
      const result = simulate(snapshot, parsed.request, options);
      const out: Record<string, unknown> = { line: lineNo };
      if (id !== undefined) out.id = id;
      out.request = requestEcho(parsed.request);
      Object.assign(out, result);
      if (parsed.expect) {
        const ok = meetsExpectation(parsed.expect, result);
        out.expected = EXPECTATION_NAMES[parsed.expect];
        out.ok = ok;
        if (!ok) summary.unmet++;
      }
      summary.evaluated++;
      write(JSON.stringify(out));
    } catch (e) {
      if (!(e instanceof LineError) && !(e instanceof PolicyEngineError))
        throw e;
      summary.errors++;
      if (id === undefined) id = idOf(text);
      write(
        JSON.stringify({
          line: lineNo,
          ...(id !== undefined ? { id } : {}),
          error: `line ${lineNo}: ${e.message}`,
        }),
      );
    }
  }
  return summary;
}

/** The `id` of a line that failed after it was read as JSON, to help find it. */
function idOf(text: string): string | number | undefined {
  try {
    const raw = JSON.parse(text);
    const id = isObject(raw) ? raw.id : undefined;
    return typeof id === 'number' ||
      (typeof id === 'string' && id.length <= 256)
      ? id
      : undefined;
  } catch {
    return undefined;
  }
}
