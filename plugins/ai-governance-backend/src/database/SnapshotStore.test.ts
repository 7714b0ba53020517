import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  compileOrgModel,
  generateOrgModel,
} from '@internal/plugin-ai-governance-common';
import { SnapshotStore } from './SnapshotStore';
import { storeTestDatabases } from './__testUtils__/databases';

// SQLite always; PostgreSQL when the environment names a server (see __testUtils__/databases.ts). Never Docker.
const databases = storeTestDatabases('SnapshotStore');

const migrationsDir = resolvePackagePath(
  '@internal/plugin-ai-governance-backend',
  'migrations',
);

function snapshot(seed: number, capturedAt: string) {
  return {
    ...compileOrgModel(
      generateOrgModel({ accounts: 40, ous: 6, policies: 4, seed }),
    ),
    capturedAt,
  };
}

describe.each(databases.eachSupportedId())(
  'SnapshotStore on %s',
  databaseId => {
    it('serves the newest snapshot after a restart and keeps only the last three', async () => {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({ knex });
      const store = await SnapshotStore.create({ database });
      expect(await store.latest()).toBeUndefined();
      expect(await store.latestId()).toBeUndefined();

      const saved = [];
      for (let i = 1; i <= 5; i++) {
        const s = snapshot(i, `2026-01-0${i}T00:00:00.000Z`);
        saved.push(s);
        await store.save(s, {
          startedAt: s.capturedAt,
          durationMs: i,
          calls: 10 * i,
          lowerBound: 10 * i,
          throttles: 0,
          retries: 0,
          errors: [],
          trigger: 'schedule',
        });
      }
      expect(await store.count()).toBe(3);

      // A new store on the same database is a restarted backend.
      const restarted = await SnapshotStore.create({ database });
      const latest = await restarted.latest();
      expect(latest?.snapshot).toEqual(saved[4]);
      expect(latest?.crawl?.calls).toBe(50);
      expect(await restarted.latestId()).toBe(latest?.id);
      expect(latest?.complete).toBe(true);
    });

    it('stores a derived snapshot only while its base is still the newest, one winner when two race', async () => {
      const knex = await databases.init(databaseId);
      const store = await SnapshotStore.create({
        database: mockServices.database({ knex }),
      });
      const base = await store.save(snapshot(1, '2026-02-01T00:00:00.000Z'));
      const [first, second] = await Promise.all([
        store.saveIfNewest(snapshot(2, '2026-02-02T00:00:00.000Z'), base),
        store.saveIfNewest(snapshot(3, '2026-02-03T00:00:00.000Z'), base),
      ]);
      expect([first, second].filter(id => id !== undefined)).toHaveLength(1);
      expect(
        await store.saveIfNewest(snapshot(4, '2026-02-04T00:00:00.000Z'), base),
      ).toBeUndefined();
      expect(await store.latestId()).toBe(first ?? second);
    });

    it('says when the newest full crawl finished, passing over re-reads of touched nodes', async () => {
      const knex = await databases.init(databaseId);
      const store = await SnapshotStore.create({
        database: mockServices.database({ knex }),
      });
      const record = (trigger: 'schedule' | 'write', startedAt: string) => ({
        startedAt,
        durationMs: 1000,
        calls: 1,
        lowerBound: 1,
        throttles: 0,
        retries: 0,
        errors: [],
        trigger,
      });
      expect(await store.lastFullCrawlFinishedAt()).toBeUndefined();
      await store.save(
        snapshot(1, '2026-03-01T00:00:00.000Z'),
        record('schedule', '2026-03-01T00:00:00.000Z'),
      );
      await store.save(
        snapshot(2, '2026-03-01T00:05:00.000Z'),
        record('write', '2026-03-01T00:05:00.000Z'),
      );
      expect(await store.lastFullCrawlFinishedAt()).toBe(
        Date.parse('2026-03-01T00:00:01.000Z'),
      );
    });

    it('keeps whether a snapshot is complete', async () => {
      const knex = await databases.init(databaseId);
      const store = await SnapshotStore.create({
        database: mockServices.database({ knex }),
      });
      const s = snapshot(9, '2026-02-01T00:00:00.000Z');
      await store.save(s, undefined, false);
      expect((await store.latest())?.complete).toBe(false);
      await store.save(s, undefined, true);
      expect((await store.latest())?.complete).toBe(true);
    });

    it('migrates up and down', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      expect(await knex.schema.hasTable('ai_governance_snapshots')).toBe(true);
      await knex.migrate.rollback({ directory: migrationsDir }, true);
      expect(await knex.schema.hasTable('ai_governance_snapshots')).toBe(false);
    });

    it('adds the complete flag one step up, keeping stored snapshots complete, and removes it one step down', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up({
        directory: migrationsDir,
        name: '20261128_init.js',
      });
      await knex('ai_governance_snapshots').insert({
        captured_at: '2026-01-01T00:00:00.000Z',
        snapshot: '{}',
      });
      await knex.migrate.up({
        directory: migrationsDir,
        name: '20261216_snapshot_complete.js',
      });
      const [row] = await knex('ai_governance_snapshots').select('complete');
      expect(Boolean(row.complete)).toBe(true);
      await knex.migrate.down({
        directory: migrationsDir,
        name: '20261216_snapshot_complete.js',
      });
      expect(
        await knex.schema.hasColumn('ai_governance_snapshots', 'complete'),
      ).toBe(false);
      const [{ n }] = await knex('ai_governance_snapshots').count({ n: '*' });
      expect(Number(n)).toBe(1);
    });
  },
);
