/**
 * `aigov simulate`: decides one request for an account (or a new account in an OU) against the org's SCPs and RCPs,
 * level by level, and, when given, the principal's identity policies, the resource's policy, a permissions boundary,
 * session policies and a VPC endpoint policy; explains the answer. `--requests FILE.jsonl` decides many requests in
 * one process (simulateBatch.ts).
 */
import { Command } from 'commander';
import {
  EvaluatedPolicyKind,
  EvaluationStep,
  LevelResult,
  simulate,
  SimulationRequest,
  SimulationResult,
} from '@internal/plugin-ai-governance-common';
import { UsageError } from '../runCli';
import {
  addOrganizationOptions,
  loadSnapshot,
  OrganizationOptions,
} from './organizationInput';
import {
  addRequestOptions,
  checkFormat,
  evaluateOptions,
  parseContext,
  RequestOptions,
  requireAction,
  withPolicyEngineErrors,
} from './requestInput';
import {
  addRequestPartsOptions,
  hasRequestParts,
  RequestPartsOptions,
  requestEcho,
  requestPartsFromOptions,
} from './requestParts';
import { meetsExpectation, parseExpectation } from './batchExpectation';
import type { BatchDefaults } from './batchLine';
import { runBatch } from './simulateBatch';

function statementLabel(
  level: Pick<LevelResult, 'deciding' | 'decision'>,
  none = 'no attached policy allows it',
): string {
  if (level.deciding.length === 0) {
    return level.decision === 'ImplicitDeny' ? none : '';
  }
  const d = level.deciding[0];
  const which = d.sid ? `"${d.sid}"` : `statement ${d.statementIndex}`;
  const more =
    level.deciding.length > 1 ? ` (+${level.deciding.length - 1} more)` : '';
  return `${d.policyName} ${which} (line ${d.line}:${d.column})${more}`;
}

/** How the text output names each policy kind. */
const KIND_LABELS: Record<EvaluatedPolicyKind, string> = {
  RESOURCE_CONTROL_POLICY: 'RCP',
  SERVICE_CONTROL_POLICY: 'SCP',
  RESOURCE_POLICY: 'Resource',
  IDENTITY_POLICY: 'Identity',
  PERMISSIONS_BOUNDARY: 'Boundary',
  SESSION_POLICY: 'Session',
  VPC_ENDPOINT_POLICY: 'Endpoint',
};

const KIND_NAMES: Record<EvaluatedPolicyKind, string> = {
  RESOURCE_CONTROL_POLICY: 'the RCPs',
  SERVICE_CONTROL_POLICY: 'the SCPs',
  RESOURCE_POLICY: 'the resource-based policy',
  IDENTITY_POLICY: 'the identity policies',
  PERMISSIONS_BOUNDARY: 'the permissions boundary',
  SESSION_POLICY: 'the session policies',
  VPC_ENDPOINT_POLICY: 'the VPC endpoint policy',
};

function accountLabel(a: {
  id: string;
  name?: string;
  inOrganization: boolean;
}): string {
  return `${a.name ? `${a.name} (${a.id})` : a.id}${
    a.inOrganization ? '' : ', outside the organization'
  }`;
}

/** The policy kinds a request carries (beyond the organization's). */
function carriedKinds(request: SimulationRequest): Set<EvaluatedPolicyKind> {
  const kinds = new Set<EvaluatedPolicyKind>();
  if (request.identityPolicies) kinds.add('IDENTITY_POLICY');
  if (request.resourcePolicy) kinds.add('RESOURCE_POLICY');
  if (request.permissionsBoundary) kinds.add('PERMISSIONS_BOUNDARY');
  if (request.sessionPolicies) kinds.add('SESSION_POLICY');
  if (request.vpcEndpointPolicy) kinds.add('VPC_ENDPOINT_POLICY');
  return kinds;
}

/**
 * The lines a request with its own policies or accounts adds: the accounts, each policy kind it carried (and any
 * other the evaluator decided with), what decided.
 */
function requestPartLines(
  result: SimulationResult,
  request: SimulationRequest,
): string[] {
  const carried = carriedKinds(request);
  const lines: string[] = [''];
  const { accounts } = result;
  if (accounts) {
    lines.push(
      `  Principal account  ${
        accounts.principal ? accountLabel(accounts.principal) : 'none'
      }`,
      `  Resource account   ${accountLabel(accounts.resource)}${
        accounts.crossAccount ? '  (cross-account)' : ''
      }`,
    );
  }
  const others = (result.steps ?? []).filter(
    (s: EvaluationStep) =>
      s.kind !== 'SERVICE_CONTROL_POLICY' &&
      s.kind !== 'RESOURCE_CONTROL_POLICY' &&
      (carried.has(s.kind) || s.decision !== 'NotApplicable'),
  );
  for (const s of others) {
    const verdict =
      s.decision === 'NotApplicable'
        ? `not evaluated${s.note ? `: ${s.note}` : ''}`
        : `${s.decision.padEnd(12)}  ${statementLabel(
            { deciding: s.deciding, decision: s.decision },
            'no statement allows it',
          )}${!s.counted && s.note ? ` (${s.note})` : ''}`;
    lines.push(`  ${KIND_LABELS[s.kind].padEnd(8)}  ${verdict}`);
  }
  const by = result.decidedBy;
  if (by) {
    const where = by.node ? ` attached to ${by.node.name}` : '';
    lines.push(
      '',
      `Decided by ${KIND_NAMES[by.kind]}${where}: ${
        by.statement
          ? statementLabel({ deciding: [by.statement], decision: 'Allowed' })
          : 'no statement allows it'
      }`,
    );
  }
  return lines;
}

/**
 * Human-readable output of a simulation. With `request` carrying its own policies or accounts, also the accounts,
 * the verdict of each policy kind it carried and the deciding statement.
 */
export function formatSimulation(
  result: SimulationResult,
  header: string,
  request?: SimulationRequest,
): string {
  const lines = [`${result.decision.padEnd(12)} ${header}`, ''];
  const kind = (l: LevelResult) =>
    l.policyType === 'SERVICE_CONTROL_POLICY' ? 'SCP' : 'RCP';
  const width = Math.max(
    4,
    ...result.levels.map(l => l.node.name.length + l.node.id.length + 3),
  );
  for (const l of result.levels) {
    const node = `${l.node.name} (${l.node.id})`;
    lines.push(
      `  ${kind(l)}  ${node.padEnd(width)}  ${l.decision.padEnd(
        12,
      )}  ${statementLabel(l)}`,
    );
  }
  for (const e of result.exemptions ?? []) lines.push(`  exempt: ${e}`);
  if (request && hasRequestParts(request))
    lines.push(...requestPartLines(result, request));
  lines.push('', result.explanation);
  return `${lines.join('\n')}\n`;
}

interface SimulateCommandOptions
  extends OrganizationOptions,
    RequestOptions,
    RequestPartsOptions {
  account?: string;
  format: string;
  expect?: string;
  requests?: string;
}

/** Registers `aigov simulate`. */
export function registerSimulateCommand(program: Command): void {
  const command = addOrganizationOptions(
    program
      .command('simulate')
      .description(
        'Decide a request against the SCPs and RCPs of an organization, level by level from the root to the account, ' +
          'and show the deciding statements. An OU as --account means a new account placed directly in it.',
      ),
  ).option('--account <nameOrId>', 'account name or id (or an OU name or id)');
  addRequestPartsOptions(
    addRequestOptions(command, {
      context:
        'request context; repeat it; a key given twice is multi-valued; aws:PrincipalArn names the principal',
      principalArn:
        'the principal (default: a role in the account); same as --context aws:PrincipalArn=...',
    }),
  )
    .option('--format <format>', 'text or json', 'text')
    .option(
      '--expect <decision>',
      'exit with status 1 unless the decision is this one (allowed, denied, Allowed, ExplicitDeny, ImplicitDeny)',
    )
    .option(
      '--requests <file.jsonl>',
      'batch mode: one JSON request a line (the POST /simulate body, plus optional "id" and "expect"); writes one JSON result a line, in order; the other request flags are defaults for every line; exit status 1 when a line is malformed, fails or misses its expectation',
    )
    .action(async (opts: SimulateCommandOptions) => {
      const format = checkFormat(opts.format);
      let expect;
      try {
        expect = parseExpectation(opts.expect);
      } catch {
        throw new UsageError(
          `--expect takes allowed, denied, ExplicitDeny or ImplicitDeny (got "${opts.expect}").`,
        );
      }
      const context = parseContext(opts.context);
      const parts = requestPartsFromOptions(opts);
      if (opts.requests) {
        const defaults: BatchDefaults = {
          ...parts,
          ...(opts.account ? { target: opts.account } : {}),
          ...(opts.action ? { action: opts.action } : {}),
          ...(opts.resource ? { resource: opts.resource } : {}),
          ...(opts.principalArn ? { principalArn: opts.principalArn } : {}),
          ...(opts.context.length ? { context } : {}),
          ...(expect ? { expect } : {}),
        };
        const snapshot = await loadSnapshot(opts);
        const summary = await runBatch(
          opts.requests,
          snapshot,
          defaults,
          evaluateOptions,
          line => process.stdout.write(`${line}\n`),
        );
        if (summary.errors || summary.unmet) {
          process.stderr.write(
            `aigov: ${summary.evaluated} evaluated, ${summary.errors} ${
              summary.errors === 1 ? 'line' : 'lines'
            } in error, ${summary.unmet} not as expected\n`,
          );
          process.exitCode = 1;
        }
        return;
      }
      if (!opts.account)
        throw new UsageError(
          'Give the account with --account NAME_OR_ID (an OU name or id works too), or a requests file with --requests FILE.jsonl.',
        );
      const action = requireAction(opts);
      const snapshot = await loadSnapshot(opts);
      const request: SimulationRequest = {
        target: opts.account,
        action,
        resource: opts.resource,
        context,
        principalArn: opts.principalArn,
        ...parts,
      };
      const options = await evaluateOptions(action);
      const result = withPolicyEngineErrors(() =>
        simulate(snapshot, request, options),
      );
      if (format === 'json') {
        process.stdout.write(
          `${JSON.stringify(
            { request: requestEcho(request), ...result },
            null,
            2,
          )}\n`,
        );
      } else {
        process.stdout.write(
          formatSimulation(
            result,
            `${action} on ${opts.resource ?? '*'} for ${opts.account}`,
            request,
          ),
        );
      }
      if (expect && !meetsExpectation(expect, result)) {
        process.stderr.write(
          `aigov: expected ${opts.expect}, got ${result.decision}\n`,
        );
        process.exitCode = 1;
      }
    });
}
