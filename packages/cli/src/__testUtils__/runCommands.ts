/**
 * Runs `aigov` in-process for the CLI's tests: a fresh commander program with the given commands registered,
 * stdout and stderr captured, and the exit status the command set.
 */
import { Command } from 'commander';

/** What one run printed and the exit status it set (undefined when it set none). */
export interface CommandRun {
  out: string;
  err: string;
  exitCode: number | undefined;
}

/** Parses `aigov <args>` with these commands registered. Errors thrown by the command propagate. */
export async function runCommands(
  register: Array<(program: Command) => void>,
  args: string[],
): Promise<CommandRun> {
  const program = new Command();
  program.exitOverride();
  for (const r of register) r(program);
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: any) => {
    out += String(s);
    return true;
  });
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: any) => {
    err += String(s);
    return true;
  });
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'aigov', ...args]);
    return { out, err, exitCode: process.exitCode as number | undefined };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}
