// The escalation index read through cluster_pairs (SQLite sums and ranks) must equal the index
// computed in memory from every cluster, on a real store filled from the sample corpus.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterPending, rebuildClusters } from '../../src/analyze/cluster.js';
import { dyadTotals, dyadTotalsOf, escalationIndex, type Period } from '../../src/analyze/escalation.js';
import { loadCorpus } from '../../src/analyze/eval.js';
import { clusterGroups, dyadIndex, indexClusters } from '../../src/analyze/index-data.js';
import { extractArticle } from '../../src/extract/article.js';
import { defaultKb } from '../../src/kb/load.js';
import { analysisDb, articlesPerDay } from '../../src/store/clusters.js';
import { openSqlite, type SqliteStore } from '../../src/store/sqlite.js';

const kb = defaultKb();
let store: SqliteStore;

beforeAll(async () => {
  store = await openSqlite(':memory:');
  await store.ingestBatch(await loadCorpus(), (a) => extractArticle(a, kb));
  await clusterPending(store.db, { kb });
}, 60_000);
afterAll(() => store.close());

// Object keys in one order, so equal contents compare equal.
const canon = (v: unknown) =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([p], [q]) => p.localeCompare(q)))
      : x,
  );

async function compareAll(): Promise<number> {
  const all = await indexClusters(store.db);
  const perDay = await articlesPerDay(store.db);
  const totals = dyadTotals(kb, all);
  expect(canon(dyadTotalsOf(kb, await clusterGroups(store.db)))).toBe(canon(totals));
  let cases = 0;
  for (const t of totals.slice(0, 8))
    for (const directed of [false, true])
      for (const [a, b] of [
        [t.a, t.b],
        [t.b, t.a],
      ] as const)
        for (const by of ['week', 'day'] as Period[])
          for (const range of [{}, { since: '2024-06-01', until: '2024-12' }]) {
            const dyad = { a, b, directed };
            const opts = { by, window: 8, threshold: 3.5, minHistory: 4, ...range };
            expect(canon(await dyadIndex(store.db, kb, dyad, opts))).toBe(
              canon(escalationIndex(kb, all, perDay, dyad, opts)),
            );
            cases++;
          }
  return cases;
}

describe('the escalation index from cluster_pairs', () => {
  it('equals the index computed from every cluster, for every kind of query', async () => {
    expect(await compareAll()).toBe(8 * 2 * 2 * 2 * 2);
    // The sample corpus has a shift (Kharkiv and Dnipro, June 2024): the drivers are compared too.
    const r = await dyadIndex(store.db, kb, { a: 'RUS', b: 'UKR', directed: false }, { by: 'week' });
    expect(r.rows.some((x) => x.shifts.length && x.shifts[0]!.drivers.length)).toBe(true);
  });

  it('follows the clusters through a rebuild and a totals filter', async () => {
    await rebuildClusters(store.db, { kb });
    await compareAll();
    const pairs = await analysisDb(store.db).selectFrom('cluster_pairs').select('cluster_id').execute();
    const ids = await analysisDb(store.db).selectFrom('clusters').select('id').execute();
    const known = new Set(ids.map((r) => r.id));
    expect(pairs.length).toBeGreaterThan(0);
    expect(pairs.every((p) => known.has(p.cluster_id))).toBe(true);
    const hez = dyadTotalsOf(kb, await clusterGroups(store.db, { actor: 'HEZBOLLAH' }));
    expect(hez.length).toBeGreaterThan(0);
    expect(hez.every((t) => t.a === 'HEZBOLLAH' || t.b === 'HEZBOLLAH')).toBe(true);
  }, 60_000);
});
