/*
 * Output whose reader has gone (`aigov ... | head`): the program ends quietly with status 0, for every command,
 * instead of printing Node's EPIPE stack trace; other output errors are said and exit 1.
 */
import { spawn } from 'child_process';
import { EventEmitter } from 'events';
import path from 'path';
import { exitQuietlyOnClosedOutput } from './runCli';

describe('exitQuietlyOnClosedOutput', () => {
  it('exits 0 without a word on EPIPE, and 1 with the code on any other output error', () => {
    const stream = new EventEmitter();
    const exits: number[] = [];
    const err = jest
      .spyOn(process.stderr, 'write')
      .mockImplementation(() => true);
    try {
      exitQuietlyOnClosedOutput(stream, code => exits.push(code));
      stream.emit(
        'error',
        Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }),
      );
      expect(exits).toEqual([0]);
      expect(err).not.toHaveBeenCalled();
      stream.emit(
        'error',
        Object.assign(new Error('no space left on device'), {
          code: 'ENOSPC',
        }),
      );
      expect(exits).toEqual([0, 1]);
      expect(err).toHaveBeenCalledWith(
        'aigov: cannot write the output (ENOSPC): no space left on device\n',
      );
    } finally {
      err.mockRestore();
    }
  });

  it('makes the real aigov exit 0 with nothing on stderr when its output is closed before it writes', async () => {
    const root = path.resolve(__dirname, '../../..');
    const child = spawn(
      process.execPath,
      [
        path.join(root, 'packages/cli/bin/aigov'),
        'who-can',
        '--org',
        path.join(root, 'packages/organizations-sandbox/demo/demo-org.yaml'),
        '--action',
        's3:GetObject',
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // Like `| head` that has read enough: the reader goes before the command writes its answer.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', d => {
      stderr += String(d);
    });
    const status = await new Promise<number | null>(resolve =>
      child.on('close', code => resolve(code)),
    );
    expect(stderr).toBe('');
    expect(status).toBe(0);
  }, 60_000);
});
