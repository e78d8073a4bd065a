// What the escalation index reads from the store, read so that it stays fast on a large store:
// a pair's clusters are those naming both of its actors (filtered in SQL, without their sentences,
// which only the driving events need), and the list of pairs is summed in SQL by type and actors.
import { type SqlBool, sql } from 'kysely';
import type { KnowledgeBase } from '../kb/load.js';
import { type AnyDb, analysisDb, articlesPerDay, chunks } from '../store/clusters.js';
import {
  type ClusterGroup,
  type Dyad,
  escalationIndex,
  type IndexCluster,
  type IndexOptions,
  type IndexRow,
} from './escalation.js';

const parseList = (s: string) => JSON.parse(s) as string[];

/** A cluster names the actor as a source or a target (the lists are JSON arrays of ids). */
function names(actor: string) {
  const like = `%${JSON.stringify(actor)}%`;
  return sql<SqlBool>`(sources LIKE ${like} OR targets LIKE ${like})`;
}

/**
 * Clusters for the index. `actors`: only those naming any of them (`every`: all of them);
 * `text`: with their representative sentence.
 */
export async function indexClusters(
  db: AnyDb,
  actors?: string[],
  opts: { every?: boolean; text?: boolean } = {},
): Promise<IndexCluster[]> {
  let q = analysisDb(db)
    .selectFrom('clusters')
    .select(['id', 'type', 'grp', 'day', 'sources', 'targets', 'intensity', 'reports', 'articles']);
  if (opts.text !== false) q = q.select('text');
  if (actors?.length) {
    const conds = actors.map(names);
    q = q.where(
      opts.every
        ? sql<SqlBool>`(${sql.join(conds, sql` AND `)})`
        : sql<SqlBool>`(${sql.join(conds, sql` OR `)})`,
    );
  }
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    group: r.grp,
    day: r.day,
    sources: parseList(r.sources),
    targets: parseList(r.targets),
    intensity: r.intensity,
    reports: r.reports,
    articles: r.articles,
    text: 'text' in r ? ((r as { text: string | null }).text ?? null) : null,
  }));
}

/** The index table of one pair, its driving events with their sentences. */
export async function dyadIndex(
  db: AnyDb,
  kb: KnowledgeBase,
  dyad: Dyad,
  opts: IndexOptions,
): Promise<{ rows: IndexRow[]; undated: number; outside: number }> {
  const clusters = await indexClusters(db, [dyad.a, dyad.b], { every: true, text: false });
  const result = escalationIndex(kb, clusters, await articlesPerDay(db), dyad, opts);
  const drivers = result.rows.flatMap((r) => [...r.drivers, ...r.shifts.flatMap((x) => x.drivers)]);
  const ids = [...new Set(drivers.map((d) => d.cluster))];
  const text = new Map<number, string | null>();
  for (const c of chunks(ids))
    for (const r of await analysisDb(db)
      .selectFrom('clusters')
      .select(['id', 'text'])
      .where('id', 'in', c)
      .execute())
      text.set(r.id, r.text);
  for (const d of drivers) d.text = text.get(d.cluster) ?? null;
  return result;
}

/**
 * Clusters summed by type, status and actors: the input of `dyadTotalsOf`. `actor`: only groups
 * naming it; `since`/`until`: only clusters dated to a day in range (as the index counts them).
 */
export async function clusterGroups(
  db: AnyDb,
  f: { actor?: string | null; since?: string; until?: string } = {},
): Promise<ClusterGroup[]> {
  let q = analysisDb(db)
    .selectFrom('clusters')
    .select((eb) => [
      'type',
      'grp',
      'sources',
      'targets',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('reports').as('reports'),
      sql<number>`coalesce(sum(abs(intensity)), 0)`.as('weight'),
      sql<number>`sum(intensity IS NULL)`.as('unweighted'),
    ])
    .groupBy(['type', 'grp', 'sources', 'targets']);
  if (f.actor) q = q.where(names(f.actor));
  if (f.since || f.until) q = q.where('day', 'is not', null);
  if (f.since) q = q.where('day', '>=', f.since);
  // "until=2024-03" covers all of March, as everywhere else.
  if (f.until) q = q.where('day', '<=', `${f.until}\uffff`);
  const rows = await q.execute();
  return rows.map((r) => ({
    type: r.type,
    group: r.grp,
    sources: parseList(r.sources),
    targets: parseList(r.targets),
    n: Number(r.n),
    reports: Number(r.reports),
    weight: Number(r.weight),
    unweighted: Number(r.unweighted),
  }));
}

/** Whether any cluster names the actor (an actor the knowledge base lacks may still have events). */
export async function hasClusters(db: AnyDb, actor: string): Promise<boolean> {
  const r = await analysisDb(db)
    .selectFrom('clusters')
    .select('id')
    .where(names(actor))
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}
