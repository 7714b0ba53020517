/**
 * One line of `aigov simulate --requests FILE.jsonl`: its JSON read into a simulation request over the command
 * line's defaults, every field checked (unknown keys, types, lengths, policies inline or in files read once), a
 * line that cannot be used answered with a LineError naming what to fix.
 */
import path from 'path';
import {
  checkRequestPolicy,
  describeRequestPolicyProblems,
  REQUEST_POLICY_LIMITS,
  type RequestPolicy,
  type RequestPolicyKind,
  type SimulationRequest,
} from '@internal/plugin-ai-governance-common';
import { type Expectation, parseExpectation } from './batchExpectation';
import { readPolicyFile } from './requestParts';

/** The request the command line describes, each field a default for every line. */
export type BatchDefaults = Partial<SimulationRequest> & {
  expect?: Expectation;
};

/** A line that cannot be evaluated: its message becomes the line's `error`. */
export class LineError extends Error {}

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

export const isObject = (v: unknown): v is Record<string, unknown> =>
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
export type PolicyFileCache = Map<string, RequestPolicy>;

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
