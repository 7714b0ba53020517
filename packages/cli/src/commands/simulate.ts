/**
 * `aigov simulate`: decides one request for an account (or a new account in an OU) against the org's SCPs and RCPs,
 * level by level, and explains the answer.
 */
import { Command } from 'commander';
import {
  LevelResult,
  simulate,
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

function statementLabel(level: LevelResult): string {
  if (level.deciding.length === 0) {
    return level.decision === 'ImplicitDeny'
      ? 'no attached policy allows it'
      : '';
  }
  const d = level.deciding[0];
  const which = d.sid ? `"${d.sid}"` : `statement ${d.statementIndex}`;
  const more =
    level.deciding.length > 1 ? ` (+${level.deciding.length - 1} more)` : '';
  return `${d.policyName} ${which} (line ${d.line}:${d.column})${more}`;
}

/** Human-readable output of a simulation. */
export function formatSimulation(
  result: SimulationResult,
  header: string,
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
  lines.push('', result.explanation);
  return `${lines.join('\n')}\n`;
}

interface SimulateCommandOptions extends OrganizationOptions, RequestOptions {
  account?: string;
  format: string;
  expect?: string;
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
  addRequestOptions(command, {
    context:
      'request context; repeat it; a key given twice is multi-valued; aws:PrincipalArn names the principal',
    principalArn:
      'the principal (default: a role in the account); same as --context aws:PrincipalArn=...',
  })
    .option('--format <format>', 'text or json', 'text')
    .option(
      '--expect <decision>',
      'exit with status 1 unless the decision is this one (allowed, denied, Allowed, ExplicitDeny, ImplicitDeny)',
    )
    .action(async (opts: SimulateCommandOptions) => {
      const format = checkFormat(opts.format);
      if (!opts.account)
        throw new UsageError(
          'Give the account with --account NAME_OR_ID (an OU name or id works too).',
        );
      const action = requireAction(opts);
      const expect = opts.expect?.toLowerCase();
      if (
        expect &&
        !['allowed', 'denied', 'explicitdeny', 'implicitdeny'].includes(expect)
      ) {
        throw new UsageError(
          `--expect takes allowed, denied, ExplicitDeny or ImplicitDeny (got "${opts.expect}").`,
        );
      }
      const context = parseContext(opts.context);
      const snapshot = await loadSnapshot(opts);
      const request = {
        target: opts.account,
        action,
        resource: opts.resource,
        context,
        principalArn: opts.principalArn,
      };
      const options = await evaluateOptions(action);
      const result = withPolicyEngineErrors(() =>
        simulate(snapshot, request, options),
      );
      if (format === 'json') {
        process.stdout.write(
          `${JSON.stringify(
            {
              request: { ...request, resource: request.resource ?? '*' },
              ...result,
            },
            null,
            2,
          )}\n`,
        );
      } else {
        process.stdout.write(
          formatSimulation(
            result,
            `${action} on ${opts.resource ?? '*'} for ${opts.account}`,
          ),
        );
      }
      if (expect) {
        const ok =
          expect === 'denied'
            ? result.decision !== 'Allowed'
            : result.decision.toLowerCase() === expect;
        if (!ok) {
          process.stderr.write(
            `aigov: expected ${opts.expect}, got ${result.decision}\n`,
          );
          process.exitCode = 1;
        }
      }
    });
}
