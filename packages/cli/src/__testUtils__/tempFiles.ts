/* A test file's scratch folder: made before its tests, removed after them, and a helper that writes a file in it. */
import fs from 'fs';
import os from 'os';
import path from 'path';

/**
 * Registers beforeAll/afterAll for a temporary folder named after `prefix`; answers `file(name, text)`, which writes
 * a file there and answers its path.
 */
export function useTempFiles(
  prefix: string,
): (name: string, text: string) => string {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  return (name, text) => {
    const p = path.join(tmp, name);
    fs.writeFileSync(p, text);
    return p;
  };
}
