/**
 * The sandbox's state file: read at start, written after every change. A write either replaces the whole file or
 * leaves the previous one: the state goes to a temporary file in the same folder, is flushed to the disk (fsync),
 * then renamed over the old file (atomic on POSIX file systems), and the folder is flushed so the rename survives a
 * crash too. A crash or a full disk never leaves a half-written state file behind.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'fs';
import { dirname } from 'path';
import type { SandboxState } from './records';

let sequence = 0;

function fsyncFolder(folder: string) {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch (error) {
    // Some platforms (Windows) cannot open or fsync a folder; the file itself was flushed before the rename.
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EBADF'].includes((error as any).code)) {
      throw error;
    }
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes `text` to `file` atomically and durably (temporary file, fsync, rename, fsync of the folder). */
export function writeFileAtomic(file: string, text: string) {
  sequence += 1;
  const tmp = `${file}.${process.pid}.${sequence}.tmp`;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w', 0o600);
    const data = Buffer.from(text, 'utf8');
    let written = 0;
    while (written < data.length) {
      written += writeSync(fd, data, written, data.length - written);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw new Error(
      `Cannot write the sandbox state file ${file}: ${
        error instanceof Error ? error.message : String(error)
      }. The previous state file is unchanged.`,
    );
  }
  fsyncFolder(dirname(file));
}

/** Writes the sandbox's state to `file` (see writeFileAtomic). */
export function writeStateFile(file: string, state: SandboxState) {
  writeFileAtomic(file, JSON.stringify(state));
}

/** The state stored in `file`, or undefined when there is no such file. */
export function readStateFile(file: string): SandboxState | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(
      `Cannot read the sandbox state file ${file}: ${
        e instanceof Error ? e.message : String(e)
      }. Delete it to start from the seed.`,
    );
  }
}
