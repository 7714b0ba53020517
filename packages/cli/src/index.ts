/**
 * Entry point of the `aigov` command. Each command lives in `src/commands/<name>.ts` and registers itself here.
 */
import { Command } from 'commander';
import { runCli } from './runCli';
import { registerBaselineCommand } from './commands/baseline';
import { registerExplainCommand } from './commands/explain';
import { registerLintCommand } from './commands/lint';
import { registerPostureCommand } from './commands/posture';
import { registerSandboxCommand } from './commands/sandbox';
import { registerSimulateCommand } from './commands/simulate';
import { registerWhatIfCommand } from './commands/whatIf';
import { registerWhoCanCommand } from './commands/whoCan';

const program = new Command();
program
  .name('aigov')
  .description(
    'AI Governance for AWS Organizations: sandbox, policy lint and simulation, who-can, governance baseline.',
  );

// One line per command; keep them in alphabetical order.
registerBaselineCommand(program);
registerExplainCommand(program);
registerLintCommand(program);
registerPostureCommand(program);
registerSandboxCommand(program);
registerSimulateCommand(program);
registerWhatIfCommand(program);
registerWhoCanCommand(program);

runCli(program, process.argv);
