/**
 * Reading an org model file from disk (the sandbox's seed format), with the policy files it references.
 */
import { readFileSync } from 'fs';
import { dirname, resolve } from 'path';
import {
  OrgModel,
  OrgModelError,
  parseOrgModel,
} from '@internal/plugin-ai-governance-common';

/**
 * Reads and validates an org model file; `file:` references in it are read relative to the file's folder.
 * Throws {@link OrgModelError} listing every problem (a missing model file is one problem too).
 * @public
 */
export function loadOrgModelFile(path: string): OrgModel {
  const absolute = resolve(path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (e) {
    let reason = e instanceof Error ? e.message : String(e);
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      reason = 'the file does not exist';
    throw new OrgModelError(
      [{ path: '(file)', message: `cannot read ${path}: ${reason}` }],
      path,
    );
  }
  const folder = dirname(absolute);
  return parseOrgModel(text, {
    source: path,
    readFile: file => {
      try {
        return readFileSync(resolve(folder, file), 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT')
          throw new Error('the file does not exist');
        throw e;
      }
    },
  });
}
