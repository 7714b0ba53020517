/**
 * `aigov baseline render`: writes the policy documents of the guardrail packs listed in the render file (by default
 * guardrails/render.yaml), or with --check only reports those missing or out of date.
 */
import path from 'path';
import { GuardrailPackError } from '@internal/plugin-ai-governance-common';
import {
  findGuardrailsDir,
  writeRenderedGuardrails,
} from '@internal/plugin-ai-governance-node';
import { UsageError } from '../../runCli';

export function renderGuardrails(opts: { file?: string; check?: boolean }) {
  let file = opts.file;
  try {
    file ??= path.join(findGuardrailsDir(process.cwd()), 'render.yaml');
    const changed = writeRenderedGuardrails(file, { check: opts.check });
    const rel = (f: string) =>
      path.join(path.relative(process.cwd(), path.dirname(file!)) || '.', f);
    if (opts.check) {
      if (changed.length) {
        process.stdout.write(
          `Out of date (run \`yarn aigov baseline render\`):\n${changed
            .map(f => `  ${rel(f)}`)
            .join('\n')}\n`,
        );
        process.exitCode = 1;
      } else process.stdout.write('The rendered guardrails are up to date.\n');
    } else {
      process.stdout.write(
        changed.length
          ? `Wrote:\n${changed.map(f => `  ${rel(f)}`).join('\n')}\n`
          : 'The rendered guardrails are up to date: nothing written.\n',
      );
    }
  } catch (e) {
    if (e instanceof GuardrailPackError) throw new UsageError(e.message);
    throw e;
  }
}
