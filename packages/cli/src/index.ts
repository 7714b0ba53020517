/**
 * Entry point of the `aigov` command. Each command lives in `src/commands/<name>.ts` and registers itself here.
 */
import { Command } from 'commander';
import { runCli } from './runCli';
import { registerSandboxCommand } from './commands/sandbox';

const program = new Command();
program
  .name('aigov')
  .description(
    'AI Governance for AWS Organizations: sandbox, policy lint and simulation, who-can, governance baseline.',
  );

// One line per command; keep them in alphabetical order.
registerSandboxCommand(program);

runCli(program, process.argv);
