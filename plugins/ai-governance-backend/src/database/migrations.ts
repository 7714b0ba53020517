/**
 * The plugin's database client with its knex migrations (package-root `migrations/`) applied, unless the backend
 * says to skip them (`database.migrations.skip`). Every store starts here.
 */
import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

export async function migratedClient(database: DatabaseService): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip) {
    await client.migrate.latest({
      directory: resolvePackagePath(
        '@internal/plugin-ai-governance-backend',
        'migrations',
      ),
    });
  }
  return client;
}
