/**
 * How the `aigov` program runs: usage errors print their message alone with exit status 2; other errors print
 * their stack with exit status 1; output whose reader went away (`aigov ... | head`) ends the program quietly.
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

/** Prefix of CommanderError codes that exit 1 instead of 2 (see {@link exitOneOnParseErrors}). */
const EXIT_1_PREFIX = 'aigov.exit-1.';

/**
 * Makes a command's own option and argument errors exit 1: for commands whose exit status 2 is a result a pipeline
 * gates on, not a usage error.
 */
export function exitOneOnParseErrors(command: Command): Command {
  return command.exitOverride(error => {
    if (error.exitCode === 0) throw error;
    throw new CommanderError(1, `${EXIT_1_PREFIX}${error.code}`, error.message);
  });
}

/**
 * Ends the program quietly with status 0 when its output's reader has gone (EPIPE: `aigov who-can ... | head`), as
 * Unix tools do, instead of Node's unhandled 'error' event with its stack; the rest of the output is not wanted.
 * Any other error writing the output is printed with its code and exits 1.
 */
export function exitQuietlyOnClosedOutput(
  stream: NodeJS.EventEmitter,
  exit: (code: number) => void = code => process.exit(code),
): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      exit(0);
      return;
    }
    process.stderr.write(
      `aigov: cannot write the output (${error.code ?? 'error'}): ${
        error.message
      }\n`,
    );
    exit(1);
  });
}

/** Runs the program, and turns errors into a clear message and an exit status. */
export function runCli(program: Command, argv: string[]): void {
  exitQuietlyOnClosedOutput(process.stdout);
  program.showHelpAfterError(true);
  program.exitOverride();
  program.parseAsync(argv).catch((error: unknown) => {
    if (error instanceof CommanderError) {
      // A command whose exit status 2 means something else (what-if: "the change opens access") marks its own
      // parse errors so they exit 1.
      if (error.code.startsWith(EXIT_1_PREFIX)) {
        process.exitCode = 1;
        return;
      }
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
