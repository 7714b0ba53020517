/**
 * `aigov who-can`: for one action, resource and context, which accounts of the organization may and which may not,
 * and why. Takes the same policy-file and account flags as `aigov simulate` (requestParts.ts): each account is then
 * the principal's account (its SCPs) and the resource's account unless fixed (its RCPs), and the principal's own,
 * resource-based, boundary, session and VPC endpoint policies decide too.
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
import {
  addRequestPartsOptions,
  RequestPartsOptions,
  requestPartsFromOptions,
} from './requestParts';

const KIND_LABELS: Record<string, string> = {
  SERVICE_CONTROL_POLICY: 'SCP',
  RESOURCE_CONTROL_POLICY: 'RCP',
  RESOURCE_POLICY: 'resource-based policy',
  IDENTITY_POLICY: 'identity policy',
  PERMISSIONS_BOUNDARY: 'permissions boundary',
  SESSION_POLICY: 'session policy',
  VPC_ENDPOINT_POLICY: 'VPC endpoint policy',
};

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
  const by = a.decidedBy;
  if (!by) return '';
  const label = KIND_LABELS[by.kind] ?? by.kind;
  const s = by.statement;
  if (s && s.effect === 'Deny') {
    return `denied by the ${label} ${s.policyName} ${
      s.sid ? `"${s.sid}"` : `statement ${s.statementIndex}`
    }${s.line ? ` (line ${s.line}:${s.column})` : ''}`;
  }
  return `no ${label} allows it`;
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

interface WhoCanCommandOptions
  extends OrganizationOptions,
    RequestOptions,
    RequestPartsOptions {
  under?: string;
  format: string;
}

/** Registers `aigov who-can`. */
export function registerWhoCanCommand(program: Command): void {
  addRequestPartsOptions(
    addRequestOptions(
      addOrganizationOptions(
        program
          .command('who-can')
          .description(
            "List the accounts of an organization that may, and may not, do an action (SCPs and RCPs, and the principal's own, resource-based, boundary, session and VPC endpoint policies when given), with the reason.",
          ),
      ),
      {
        context:
          'request context; repeat it; a key given twice is multi-valued',
        principalArn:
          "the principal; its account id is replaced by each account's own (unless --principal-account fixes it)",
      },
    ),
  )
    .option('--under <ou>', 'only accounts under this OU (name or id)')
    .option('--format <format>', 'text or json', 'text')
    .action(async (opts: WhoCanCommandOptions) => {
      const format = checkFormat(opts.format);
      const action = requireAction(opts);
      const context = parseContext(opts.context);
      const parts = requestPartsFromOptions(opts);
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
            ...parts,
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
