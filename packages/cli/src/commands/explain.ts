/**
 * `aigov explain POLICY.json`: a policy (SCP, RCP or AI opt-out) in plain sentences, one per statement, saying when
 * it can change nothing.
 */
import fs from 'fs';
import { Command } from 'commander';
import {
  PlainLanguageSummary,
  PolicyType,
  summarizePolicy,
} from '@internal/plugin-ai-governance-common';
import { UsageError } from '../runCli';

const TYPES: Record<string, PolicyType> = {
  scp: 'SERVICE_CONTROL_POLICY',
  rcp: 'RESOURCE_CONTROL_POLICY',
  'ai-opt-out': 'AISERVICES_OPT_OUT_POLICY',
};

/** Human-readable output of explain. */
export function formatExplanation(
  file: string,
  summary: PlainLanguageSummary,
): string {
  const lines = [`${file}: ${summary.headline}`];
  for (const s of summary.sentences)
    lines.push(`  ${s.noEffect ? '(no effect) ' : ''}${s.text}`);
  if (summary.doesNothing)
    lines.push('', `This policy does nothing: ${summary.doesNothing}.`);
  for (const p of summary.problems) lines.push(`  problem: ${p}`);
  return `${lines.join('\n')}\n`;
}

interface ExplainOptions {
  type?: string;
  format: string;
  withFullAwsAccess?: boolean;
}

/** Registers `aigov explain`. */
export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .description(
      'Explain SCPs, RCPs and AI opt-out policies in plain sentences, one per statement, saying when one does nothing.',
    )
    .argument('<policy.json...>', 'policy documents')
    .option('--type <type>', 'scp, rcp or ai-opt-out (default: guessed)')
    .option(
      '--with-full-aws-access',
      'the SCP is attached next to FullAWSAccess (an allow-list then does nothing)',
    )
    .option('--format <format>', 'text or json', 'text')
    .action((files: string[], opts: ExplainOptions) => {
      if (opts.format !== 'text' && opts.format !== 'json')
        throw new UsageError(
          `--format takes text or json (got "${opts.format}").`,
        );
      const type = opts.type ? TYPES[opts.type] : undefined;
      if (opts.type && !type)
        throw new UsageError(
          `--type takes scp, rcp or ai-opt-out (got "${opts.type}").`,
        );
      const results = files.map(file => {
        let text: string;
        try {
          text = fs.readFileSync(file, 'utf8');
        } catch (e) {
          throw new UsageError(`Cannot read ${file}: ${(e as Error).message}`);
        }
        return {
          file,
          summary: summarizePolicy(text, {
            type,
            ...(opts.withFullAwsAccess ? { alongsideFullAwsAccess: true } : {}),
          }),
        };
      });
      process.stdout.write(
        opts.format === 'json'
          ? `${JSON.stringify(results, null, 2)}\n`
          : results.map(r => formatExplanation(r.file, r.summary)).join('\n'),
      );
    });
}
