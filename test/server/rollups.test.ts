import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/extract/article.js';
import { defaultKb } from '../../src/kb/load.js';
import { packageRoot } from '../../src/kb/paths.js';
import { loadInputs } from '../../src/store/load.js';
import { sqliteMigrations } from '../../src/store/migrations/sqlite.js';
import { writeRecord } from '../../src/store/records.js';
import type { Database } from '../../src/store/schema.js';
import { openSqlite, SqliteStore } from '../../src/store/sqlite.js';
import { tempDir } from '../helpers.js';
import { rollupDiffs } from './rollups.js';

const corpus = () => join(packageRoot(), 'examples', 'corpus');
const extract = (a: Parameters<typeof extractArticle>[0]) => extractArticle(a, defaultKb());

describe('API rollups (migration 0003)', () => {
  it('match the item tables after ingest, re-extraction and deletion', async () => {
    const store = await openSqlite(join(tempDir(), 'r.db'));
    await loadInputs(store, [corpus()], { extract });
    expect((await store.stats()).events).toBeGreaterThan(0);
    expect(await rollupDiffs(store.db as Kysely<unknown>)).toEqual([]);
    // The check itself notices a count that is off.
    await sql`UPDATE rollup_events SET n = n + 1 WHERE day = (SELECT max(day) FROM rollup_events)`.execute(
      store.db,
    );
    expect(await rollupDiffs(store.db as Kysely<unknown>)).toHaveLength(1);
    await sql`UPDATE rollup_events SET n = n - 1 WHERE day = (SELECT max(day) FROM rollup_events)`.execute(
      store.db,
    );
    // Re-extraction replaces an article's items: the delete triggers run, then the insert ones.
    const [first] = await store.listArticles({ limit: 1 });
    const record = await store.getRecord(first!.id);
    const article = await store.getArticle(first!.id);
    await store.db.transaction().execute(async (trx) => {
      await writeRecord(trx, first!.id, {
        ...record!,
        text: article!.text,
        events: record!.events.slice(1).map((e) => ({ ...e, source: [...e.source, 'Someone Else'] })),
        quotes: record!.quotes.slice(1),
        actors: record!.actors.slice(1),
      });
    });
    expect(await rollupDiffs(store.db as Kysely<unknown>)).toEqual([]);
    // An actor that is both source and target of one event counts once for it, on the way in
    // and on the way out.
    const self = {
      type: 'COERCE',
      source: ['Someone Else', 'Russia'],
      target: ['Someone Else'],
      sourceKeys: [],
      targetKeys: [],
      modality: 'asserted' as const,
      date: '2023-05-01',
      text: article!.text.slice(0, 20),
      span: [0, 20] as [number, number],
    };
    for (const events of [[self, self], []]) {
      await store.db.transaction().execute(async (trx) => {
        await writeRecord(trx, first!.id, { ...record!, text: article!.text, events });
      });
      expect(await rollupDiffs(store.db as Kysely<unknown>)).toEqual([]);
    }
    // Deleting an article cascades to its items.
    await sql`DELETE FROM articles WHERE id = ${first!.id}`.execute(store.db);
    expect(await rollupDiffs(store.db as Kysely<unknown>)).toEqual([]);
    await store.close();
  });

  it('are backfilled for data stored before the migration', async () => {
    const path = join(tempDir(), 'old.db');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(path) }) });
    const migrator = new Migrator({ db, provider: sqliteMigrations });
    expect((await migrator.migrateTo('0002-extraction')).error).toBeUndefined();
    await loadInputs(new SqliteStore(db), [corpus()], { extract });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await rollupDiffs(db as Kysely<unknown>)).toEqual([]);
    const [{ n }] = (await sql<{ n: number }>`SELECT count(*) AS n FROM event_actors`.execute(db)).rows as [
      { n: number },
    ];
    expect(n).toBeGreaterThan(0);
    await db.destroy();
  });
});
