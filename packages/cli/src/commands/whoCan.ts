/**
 * `aigov who-can`: for one action, resource and context, which accounts of the organization may and which may not,
 * and why.
 */
import { Command } from 'commander';
import {
  WhoCanAccount,
  whoCan,
  WhoCanResult,
} from '@internal/plugin-ai-governance-common';
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

function reason(a: WhoCanAccount): string {
  if (a.deniedBy) {
    const d = a.deniedBy;
    return `denied by ${d.policyName} ${
      d.sid ? `"${d.sid}"` : `statement ${d.statementIndex}`
    } (line ${d.line}:${d.column}) attached to ${d.nodeName}`;
  }
  if (a.deniedAt) {
    const kind =
      a.deniedAt.policyType === 'SERVICE_CONTROL_POLICY' ? 'SCP' : 'RCP';
    return `no ${kind} attached to ${a.deniedAt.nodeName} allows it`;
  }
  return '';
}

/** Human-readable output of who-can. */
export function formatWhoCan(result: WhoCanResult): string {
  const lines = [`${result.action} on ${result.resource}`, ''];
  lines.push(`Allowed (${result.allowed.length}):`);
  for (const a of result.allowed) lines.push(`  ${a.name} (${a.id})`);
  lines.push('', `Denied (${result.denied.length}):`);
  for (const a of result.denied)
    lines.push(`  ${a.name} (${a.id})  ${a.decision}: ${reason(a)}`);
  lines.push(
    '',
    `${result.distinctChains} distinct policy ${
      result.distinctChains === 1 ? 'chain' : 'chains'
    } evaluated.`,
  );
  return `${lines.join('\n')}\n`;
}

interface WhoCanCommandOptions extends OrganizationOptions, RequestOptions {
  under?: string;
  format: string;
}

/** Registers `aigov who-can`. */
export function registerWhoCanCommand(program: Command): void {
  addRequestOptions(
    addOrganizationOptions(
      program
        .command('who-can')
        .description(
          'List the accounts of an organization that may, and may not, do an action (SCPs and RCPs), with the reason.',
        ),
    ),
    {
      context: 'request context; repeat it; a key given twice is multi-valued',
      principalArn:
        "the principal; its account id is replaced by each account's own",
    },
  )
    .option('--under <ou>', 'only accounts under this OU (name or id)')
    .option('--format <format>', 'text or json', 'text')
    .action(async (opts: WhoCanCommandOptions) => {
      const format = checkFormat(opts.format);
      const action = requireAction(opts);
      const context = parseContext(opts.context);
      const snapshot = await loadSnapshot(opts);
      const options = await evaluateOptions(action);
      const result = withPolicyEngineErrors(() =>
        whoCan(
          snapshot,
          {
            action,
            resource: opts.resource,
            context,
            principalArn: opts.principalArn,
            under: opts.under,
          },
          options,
        ),
      );
      process.stdout.write(
        format === 'json'
          ? `${JSON.stringify(result, null, 2)}\n`
          : formatWhoCan(result),
      );
    });
}
