// What the escalation index reads from the store, read so that it stays fast on a large store:
// a pair's clusters come from cluster_pairs (one row per cluster and pair, kept by triggers),
// summed and ranked by SQLite over its covering index; only the driving clusters' rows are read.
import { type SqlBool, sql } from 'kysely';
import type { KnowledgeBase } from '../kb/load.js';
import { type AnyDb, analysisDb, articlesPerDay, chunks } from '../store/clusters.js';
import {
  type ClusterGroup,
  type DayGroup,
  type Dyad,
  type IndexCluster,
  type IndexOptions,
  type IndexRow,
  indexFromGroups,
  type PeriodDriver,
  ROW_DRIVERS,
  SHIFT_DRIVERS,
} from './escalation.js';
import { analysisLexicon, type Family } from './lexicon.js';

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

/** What a group of cluster_pairs rows sums to: clusters, reports, known weight, unweighted clusters. */
const SUMS = [
  sql<number>`count(*)`.as('n'),
  sql<number>`sum(reports)`.as('reports'),
  sql<number>`coalesce(sum(weight), 0)`.as('weight'),
  sql<number>`sum(weight IS NULL)`.as('unweighted'),
] as const;

const sumsOf = (r: { n: number; reports: number; weight: number; unweighted: number }) => ({
  n: Number(r.n),
  reports: Number(r.reports),
  weight: Number(r.weight),
  unweighted: Number(r.unweighted),
});

/** A pair's rows of cluster_pairs (folded a < b), in its direction when directed. */
function pairRows(db: AnyDb, dyad: Dyad) {
  const [a, b] = dyad.a < dyad.b ? [dyad.a, dyad.b] : [dyad.b, dyad.a];
  let q = analysisDb(db).selectFrom('cluster_pairs').where('a', '=', a).where('b', '=', b);
  if (dyad.directed) q = q.where(dyad.a === a ? 'ab' : 'ba', '=', 1);
  return q;
}

/**
 * The index table of one pair, read through cluster_pairs: the pair's clusters summed by day,
 * type and status, and ranked within each period for its driving events, both by SQLite over an
 * index; only the drivers' own rows are read.
 */
export async function dyadIndex(
  db: AnyDb,
  kb: KnowledgeBase,
  dyad: Dyad,
  opts: IndexOptions,
): Promise<{ rows: IndexRow[]; undated: number; outside: number }> {
  const lex = analysisLexicon(kb);
  const groups: DayGroup[] = (
    await pairRows(db, dyad)
      .select(['day', 'type', 'grp', ...SUMS])
      .groupBy(['day', 'type', 'grp'])
      .execute()
  ).map((r) => ({ day: r.day, type: r.type, group: r.grp, ...sumsOf(r) }));
  // The weight and family of a type, as the lexicon gives them, for SQLite to rank by.
  const fams = [...lex.family.entries()];
  const caseOf = (v: (f: (typeof fams)[number][1]) => string | number) =>
    fams.length
      ? sql`CASE type ${sql.join(
          fams.map(([t, f]) => sql`WHEN ${t} THEN ${v(f)}`),
          sql` `,
        )} END`
      : sql`NULL`;
  const weight = sql<number>`round(coalesce(weight, ${caseOf((f) => f.weight)}, 1), 3)`;
  const family = sql<Family | null>`${caseOf((f) => f.family)}`;
  const period =
    opts.by === 'day' ? sql<string>`substr(day, 1, 10)` : sql<string>`date(day, '-6 days', 'weekday 1')`;
  let ranked = pairRows(db, dyad)
    .where('grp', '=', 'happened')
    .where('day', 'is not', null)
    .select([
      'cluster_id',
      'type',
      weight.as('w'),
      family.as('f'),
      period.as('p'),
      sql<number>`row_number() OVER (PARTITION BY ${period} ORDER BY ${weight} DESC, cluster_id)`.as('r1'),
      sql<number>`row_number() OVER (PARTITION BY ${period}, ${family} ORDER BY ${weight} DESC, cluster_id)`.as(
        'r2',
      ),
    ])
    .where(family, 'is not', null);
  if (opts.since) ranked = ranked.where('day', '>=', opts.since);
  if (opts.until) ranked = ranked.where(sql`substr(day, 1, ${opts.until.length})`, '<=', opts.until);
  // Enough for every row's ROW_DRIVERS and every shift's five of its family.
  const top = await analysisDb(db)
    .selectFrom(ranked.as('x'))
    .selectAll()
    .where((eb) => eb.or([eb('r1', '<=', ROW_DRIVERS), eb('r2', '<=', SHIFT_DRIVERS)]))
    .execute();
  const info = new Map<number, { sources: string; targets: string; reports: number; text: string | null }>();
  for (const c of chunks(top.map((t) => t.cluster_id)))
    for (const r of await analysisDb(db)
      .selectFrom('clusters')
      .select(['id', 'sources', 'targets', 'reports', 'text'])
      .where('id', 'in', c)
      .execute())
      info.set(r.id, r);
  const drivers: PeriodDriver[] = top.map((t) => {
    const c = info.get(t.cluster_id);
    return {
      period: t.p,
      cluster: t.cluster_id,
      type: t.type,
      family: t.f!,
      weight: Number(t.w),
      sources: c ? parseList(c.sources) : [],
      targets: c ? parseList(c.targets) : [],
      reports: c?.reports ?? 0,
      text: c?.text ?? null,
    };
  });
  return indexFromGroups(kb, groups, drivers, await articlesPerDay(db), opts);
}

/**
 * Clusters summed by type, status and pair (source → target, either way): the input of
 * `dyadTotalsOf`. `actor`: only its pairs; `since`/`until`: only clusters dated to a day in range
 * (as the index counts them).
 */
export async function clusterGroups(
  db: AnyDb,
  f: { actor?: string | null; since?: string; until?: string } = {},
): Promise<ClusterGroup[]> {
  let q = analysisDb(db)
    .selectFrom('cluster_pairs')
    .select(['a', 'b', 'type', 'grp', ...SUMS])
    .where((eb) => eb.or([eb('ab', '=', 1), eb('ba', '=', 1)]))
    .groupBy(['a', 'b', 'type', 'grp']);
  if (f.actor) {
    const actor = f.actor;
    q = q.where((eb) => eb.or([eb('a', '=', actor), eb('b', '=', actor)]));
  }
  if (f.since || f.until) q = q.where('day', 'is not', null);
  if (f.since) q = q.where('day', '>=', f.since);
  if (f.until) q = q.where(sql`substr(day, 1, ${f.until.length})`, '<=', f.until);
  const rows = await q.execute();
  return rows.map((r) => ({
    type: r.type,
    group: r.grp,
    sources: [r.a],
    targets: [r.b],
    ...sumsOf(r),
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
