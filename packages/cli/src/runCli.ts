/**
 * How the `aigov` program runs: usage errors print their message alone with exit status 2; other errors print
 * their stack with exit status 1.
 */
import { Command, CommanderError } from 'commander';

/**
 * A problem the user can fix. Printed as its message alone (no stack), with exit status 2.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Runs the program, and turns errors into a clear message and an exit status. */
export function runCli(program: Command, argv: string[]): void {
  program.showHelpAfterError(true);
  program.exitOverride();
  program.parseAsync(argv).catch((error: unknown) => {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`aigov: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(
      `aigov: ${
        error instanceof Error ? error.stack ?? error.message : String(error)
      }\n`,
    );
    process.exitCode = 1;
  });
}
