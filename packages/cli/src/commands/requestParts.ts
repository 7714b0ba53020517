/**
 * The parts of a simulation request beyond the organization's policies: the principal's identity policies, the
 * resource-based policy, the permissions boundary, session policies and the VPC endpoint policy (each read from a
 * JSON file, size-bounded and checked, with `file:line:column` for each problem), the principal's and the resource's
 * accounts, and anonymous requests. `aigov simulate` takes them as flags; its batch mode as defaults for each line.
 */
import fs from 'fs';
import { Command } from 'commander';
import {
  checkRequestPolicy,
  describeRequestPolicyProblems,
  REQUEST_POLICY_LABELS,
  REQUEST_POLICY_LIMITS,
  type RequestPolicy,
  type RequestPolicyKind,
  type SimulationRequest,
  type SimulationRequestParts,
} from '@internal/plugin-ai-governance-common';
import { UsageError } from '../runCli';

/** The flags as commander hands them over. */
export interface RequestPartsOptions {
  identityPolicy: string[];
  resourcePolicy?: string;
  boundary?: string;
  sessionPolicy: string[];
  endpointPolicy?: string;
  principalAccount?: string;
  resourceAccount?: string;
  anonymous?: boolean;
}

/** The request fields the flags fill in. */
export type RequestParts = SimulationRequestParts;

/** The longest account id or name the flags take (an account name is at most 50 characters). */
const MAX_ACCOUNT_LENGTH = 256;

/** Collects a repeated flag's values. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Adds the policy-file, account and `--anonymous` flags. */
export function addRequestPartsOptions(command: Command): Command {
  return command
    .option(
      '--identity-policy <file>',
      "an identity-based policy of the principal (JSON); repeat it for each of the principal's policies. Given, one of them must allow (unless a same-account resource policy does)",
      collect,
      [],
    )
    .option(
      '--resource-policy <file>',
      "the resource's resource-based policy (JSON): bucket, key, queue or trust policy",
    )
    .option(
      '--boundary <file>',
      "the principal's permissions boundary (JSON): it must allow too",
    )
    .option(
      '--session-policy <file>',
      'a session policy passed when the session was created (JSON); repeatable; each must allow',
      collect,
      [],
    )
    .option(
      '--endpoint-policy <file>',
      'the policy of the VPC endpoint the request goes through (JSON): it must allow',
    )
    .option(
      '--principal-account <id>',
      "the principal's account id or name (default: the account in --principal-arn, else --account); an id outside the organization means an external principal, to whom no SCP of the organization applies",
    )
    .option(
      '--resource-account <id>',
      "the resource's account id or name (default: the account in --resource, else the principal's); an id outside the organization means a resource no RCP of the organization applies to",
    )
    .option(
      '--anonymous',
      'an unsigned request: no principal, so only a resource-based policy allowing "Principal": "*" can allow it',
    );
}

/**
 * Reads and checks one policy file: bounded in size, JSON and IAM grammar, and the Principal rule of its kind. The
 * file's path (as given) names the policy in the results.
 */
export function readPolicyFile(
  file: string,
  kind: RequestPolicyKind,
): RequestPolicy {
  const label = REQUEST_POLICY_LABELS[kind];
  let content: string;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      throw new UsageError(
        `${file} is not a file: give the ${label} as a JSON file.`,
      );
    }
    if (stat.size > REQUEST_POLICY_LIMITS.maxLength) {
      throw new UsageError(
        `${file} is ${stat.size} bytes; a policy file may be at most ${REQUEST_POLICY_LIMITS.maxLength} (AWS's largest policies, KMS key policies, are 32 KB). Is it the right file?`,
      );
    }
    content = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const reason =
      (e as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : (e as Error).message;
    throw new UsageError(`Cannot read the ${label} ${file}: ${reason}.`);
  }
  const problems = checkRequestPolicy(content, kind);
  if (problems.length) {
    throw new UsageError(
      `The ${label} ${file} cannot be evaluated:\n${describeRequestPolicyProblems(
        file,
        problems,
      )}\nFix it (yarn aigov lint shows its other findings).`,
    );
  }
  return { name: file, content };
}

function account(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (!v || v.length > MAX_ACCOUNT_LENGTH) {
    throw new UsageError(
      `${flag} takes a 12-digit account id or an account name (got "${value.slice(
        0,
        100,
      )}").`,
    );
  }
  return v;
}

/**
 * The request fields the flags give; refuses combinations that cannot describe a request (an anonymous request with
 * a principal or its policies).
 */
export function requestPartsFromOptions(
  opts: RequestPartsOptions & { principalArn?: string },
): RequestParts {
  if (opts.anonymous) {
    const clash = [
      opts.principalArn && '--principal-arn',
      opts.principalAccount && '--principal-account',
      opts.identityPolicy.length && '--identity-policy',
      opts.boundary && '--boundary',
      opts.sessionPolicy.length && '--session-policy',
    ].filter(Boolean);
    if (clash.length) {
      throw new UsageError(
        `--anonymous means no principal: leave out ${clash.join(', ')}.`,
      );
    }
  }
  const parts: RequestParts = {};
  const principalAccount = account(
    opts.principalAccount,
    '--principal-account',
  );
  if (principalAccount) parts.principal = { accountId: principalAccount };
  if (opts.anonymous) parts.principal = { anonymous: true };
  const resourceAccount = account(opts.resourceAccount, '--resource-account');
  if (resourceAccount) parts.resourceOwner = { accountId: resourceAccount };
  if (opts.identityPolicy.length > REQUEST_POLICY_LIMITS.maxIdentityPolicies) {
    throw new UsageError(
      `At most ${REQUEST_POLICY_LIMITS.maxIdentityPolicies} --identity-policy files (got ${opts.identityPolicy.length}).`,
    );
  }
  if (opts.sessionPolicy.length > REQUEST_POLICY_LIMITS.maxSessionPolicies) {
    throw new UsageError(
      `At most ${REQUEST_POLICY_LIMITS.maxSessionPolicies} --session-policy files (got ${opts.sessionPolicy.length}).`,
    );
  }
  if (opts.identityPolicy.length) {
    parts.identityPolicies = opts.identityPolicy.map(f =>
      readPolicyFile(f, 'identity'),
    );
  }
  if (opts.resourcePolicy)
    parts.resourcePolicy = readPolicyFile(opts.resourcePolicy, 'resource');
  if (opts.boundary)
    parts.permissionsBoundary = readPolicyFile(opts.boundary, 'boundary');
  if (opts.sessionPolicy.length) {
    parts.sessionPolicies = opts.sessionPolicy.map(f =>
      readPolicyFile(f, 'session'),
    );
  }
  if (opts.endpointPolicy)
    parts.vpcEndpointPolicy = readPolicyFile(opts.endpointPolicy, 'endpoint');
  return parts;
}

/** Whether a request carries any part beyond the organization's policies (then the text output shows them). */
export function hasRequestParts(request: SimulationRequest): boolean {
  return (
    request.principal !== undefined ||
    request.resourceOwner !== undefined ||
    request.identityPolicies !== undefined ||
    request.resourcePolicy !== undefined ||
    request.permissionsBoundary !== undefined ||
    request.sessionPolicies !== undefined ||
    request.vpcEndpointPolicy !== undefined
  );
}

/** The request as the JSON output repeats it: policies by name only (their text is in the files). */
export function requestEcho(
  request: SimulationRequest,
): Record<string, unknown> {
  const byName = (p: RequestPolicy) => ({ name: p.name });
  const echo: Record<string, unknown> = {
    ...request,
    resource: request.resource ?? '*',
  };
  if (request.identityPolicies)
    echo.identityPolicies = request.identityPolicies.map(byName);
  if (request.sessionPolicies)
    echo.sessionPolicies = request.sessionPolicies.map(byName);
  for (const key of [
    'resourcePolicy',
    'permissionsBoundary',
    'vpcEndpointPolicy',
  ] as const) {
    const p = request[key];
    if (p) echo[key] = byName(p);
  }
  return echo;
}
