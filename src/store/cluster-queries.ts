// Read queries behind the cluster endpoints of the HTTP API: event and quote clusters filtered,
// sorted and cursor-paginated like the other lists, and one cluster with every report it groups
// (article, outlet line, evidence spans). Knowledge-base lookups (outlet kinds, actor names) are
// the server's job; this file only reads the analysis tables of migration 0004.
import { type RawBuilder, type Selectable, type SqlBool, sql } from 'kysely';
import {
  type AnyDb,
  analysisDb,
  type ClusterReport,
  type ClusterSummaryRow,
  clusterReports,
  parseJson,
  type QuoteClusterRow,
  type QuoteClustersTable,
  toClusterSummary,
} from './clusters.js';
import {
  after,
  contains,
  DEFAULT_LIMIT,
  decodeCursor,
  encodeCursor,
  type Key,
  type Page,
  type PageRequest,
  parseSort,
  QueryError,
  untilExclusive,
} from './queries.js';

export const CLUSTER_SORTS = ['day', 'reports', 'articles', 'id'] as const;
export const QUOTE_CLUSTER_SORTS = CLUSTER_SORTS;
type ClusterSort = (typeof CLUSTER_SORTS)[number];

/** Conditions shared by event and quote clusters (alias `k`, members table `memberTable`). */
interface CommonFilter {
  since?: string;
  until?: string;
  /** An outlet as the cluster names it (the knowledge base's name) or as its articles' source line. */
  outlet?: string;
  /** Text of any report contains this (case-insensitive). */
  q?: string;
  /** Carried by at least this many articles. */
  minArticles?: number;
  /** Clusters with a report in this article. */
  article?: string;
}

function commonConditions(f: CommonFilter, kind: 'event' | 'quote'): RawBuilder<SqlBool>[] {
  const members = sql.raw(kind === 'event' ? 'cluster_members' : 'quote_cluster_members');
  const conds: RawBuilder<SqlBool>[] = [];
  if (f.since) conds.push(sql<SqlBool>`k.day >= ${f.since}`);
  if (f.until) conds.push(sql<SqlBool>`k.day < ${untilExclusive(f.until)}`);
  if (f.minArticles) conds.push(sql<SqlBool>`k.articles >= ${f.minArticles}`);
  if (f.article)
    conds.push(sql<SqlBool>`k.id IN (SELECT cluster_id FROM ${members} WHERE article_id = ${f.article})`);
  if (f.outlet)
    conds.push(
      sql<SqlBool>`(EXISTS (SELECT 1 FROM json_each(k.outlets) o WHERE lower(o.value) = lower(${f.outlet}))
        OR k.id IN (SELECT m.cluster_id FROM ${members} m JOIN articles a ON a.id = m.article_id
                    WHERE a.source = ${f.outlet} COLLATE NOCASE))`,
    );
  if (f.q) {
    // Any report's sentence (event) or words (quote), not only the representative one.
    const item = kind === 'event' ? sql`events i ON i.id = m.event_id` : sql`quotes i ON i.id = m.quote_id`;
    conds.push(
      sql<SqlBool>`k.id IN (SELECT m.cluster_id FROM ${members} m JOIN ${item} WHERE ${contains('i.text', f.q)})`,
    );
  }
  return conds;
}

/** Keyset page over `k` in (sort column, id) order. */
async function keysetPage<R extends { id: number }>(
  run: (conds: RawBuilder<SqlBool>[], col: string, dir: 'asc' | 'desc', limit: number) => Promise<R[]>,
  conds: RawBuilder<SqlBool>[],
  p: PageRequest,
  keyOf: (r: R, sort: ClusterSort) => Key,
): Promise<Page<R>> {
  const sort = parseSort(p.sort, CLUSTER_SORTS, '-day');
  const cursor = decodeCursor(p.cursor, sort.raw);
  if (cursor?.o !== undefined)
    throw new QueryError('invalid cursor: pass back the nextCursor of the previous page unchanged');
  const limit = p.limit ?? DEFAULT_LIMIT;
  const col = `k.${sort.name}`;
  const all = [...conds];
  if (cursor?.k) all.push(after(col, 'k.id', sort.desc, cursor.k));
  const rows = await run(all, col, sort.desc ? 'desc' : 'asc', limit + 1);
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor:
      more && last ? encodeCursor({ s: sort.raw, k: [keyOf(last, sort.name) ?? null, last.id] }) : null,
  };
}

// ---- event clusters

export interface ClusterListFilter extends CommonFilter {
  /** An index-level actor (RUS, NATO, person:…) as source or target. */
  actor?: string;
  type?: string[];
  /** happened, negated, hypothetical, future. */
  group?: string[];
}

export async function listClustersPage(
  db: AnyDb,
  f: ClusterListFilter,
  p: PageRequest = {},
): Promise<Page<ClusterSummaryRow>> {
  const conds = commonConditions(f, 'event');
  if (f.type?.length) conds.push(sql<SqlBool>`k.type IN (${sql.join(f.type)})`);
  if (f.group?.length) conds.push(sql<SqlBool>`k.grp IN (${sql.join(f.group)})`);
  if (f.actor) {
    // sources and targets are JSON arrays of ids: match the quoted id exactly.
    const quoted = JSON.stringify(f.actor);
    conds.push(sql<SqlBool>`(instr(k.sources, ${quoted}) > 0 OR instr(k.targets, ${quoted}) > 0)`);
  }
  const page = await keysetPage(
    async (all, col, dir, limit) => {
      let q = analysisDb(db).selectFrom('clusters as k').selectAll('k');
      for (const c of all) q = q.where(c);
      if (col !== 'k.id') q = q.orderBy(sql.ref(col), dir);
      return q.orderBy('k.id', dir).limit(limit).execute();
    },
    conds,
    p,
    (r, s) => r[s],
  );
  return { items: page.items.map(toClusterSummary), nextCursor: page.nextCursor };
}

/** A report as the API gives it: `articleSource` is the article's source line as stored. */
export type ClusterReportRow = Omit<ClusterReport, 'outlet'> & { articleSource: string | null };

/** Every report of an event cluster, in ingest order, with its evidence spans. */
export async function clusterReportRows(db: AnyDb, clusterId: number): Promise<ClusterReportRow[]> {
  return (await clusterReports(db, clusterId)).map(({ outlet, ...r }) => ({ ...r, articleSource: outlet }));
}

/** Summaries of several clusters by id (the other ends of claim/counter-claim links). */
export async function clustersByIds(db: AnyDb, ids: number[]): Promise<Map<number, ClusterSummaryRow>> {
  const out = new Map<number, ClusterSummaryRow>();
  if (!ids.length) return out;
  const rows = await analysisDb(db)
    .selectFrom('clusters')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
  for (const r of rows) out.set(r.id, toClusterSummary(r));
  return out;
}

// ---- quote clusters

export interface QuoteClusterListFilter extends CommonFilter {
  /** Speaker refs (actor keys, `name:` refs) or the speaker's name as stored. */
  speakerRefs?: string[];
  speaker?: string;
}

export function toQuoteClusterRow(r: Selectable<QuoteClustersTable>): QuoteClusterRow {
  return {
    id: r.id,
    speaker: r.speaker,
    speakerRef: r.speaker_ref,
    day: r.day,
    text: r.text,
    reports: r.reports,
    articles: r.articles,
    outlets: parseJson<string[]>(r.outlets, []),
    outletKinds: parseJson<string[]>(r.outlet_kinds, []),
    firstQuote: r.first_quote,
    firstArticle: r.first_article,
    firstPublished: r.first_published,
  };
}

export async function listQuoteClustersPage(
  db: AnyDb,
  f: QuoteClusterListFilter,
  p: PageRequest = {},
): Promise<Page<QuoteClusterRow>> {
  const conds = commonConditions(f, 'quote');
  if (f.speaker) {
    const refs = f.speakerRefs?.length ? f.speakerRefs : [f.speaker];
    conds.push(
      sql<SqlBool>`(k.speaker_ref IN (${sql.join(refs)}) OR k.speaker = ${f.speaker} COLLATE NOCASE)`,
    );
  }
  const page = await keysetPage(
    async (all, col, dir, limit) => {
      let q = analysisDb(db).selectFrom('quote_clusters as k').selectAll('k');
      for (const c of all) q = q.where(c);
      if (col !== 'k.id') q = q.orderBy(sql.ref(col), dir);
      return q.orderBy('k.id', dir).limit(limit).execute();
    },
    conds,
    p,
    (r, s) => r[s],
  );
  return { items: page.items.map(toQuoteClusterRow), nextCursor: page.nextCursor };
}

export async function getQuoteCluster(db: AnyDb, id: number): Promise<QuoteClusterRow | null> {
  const r = await analysisDb(db)
    .selectFrom('quote_clusters')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? toQuoteClusterRow(r) : null;
}

export interface QuoteReportRow {
  quoteId: number;
  articleId: string;
  title: string | null;
  url: string | null;
  articleSource: string | null;
  published: string | null;
  speaker: string | null;
  speakerKey: string | null;
  text: string;
  kind: string;
  date: string | null;
  span: [number, number];
  score: number;
}

/** Every report (quote) of a quote cluster, in ingest order. */
export async function quoteClusterReportRows(db: AnyDb, clusterId: number): Promise<QuoteReportRow[]> {
  const rows = await analysisDb(db)
    .selectFrom('quote_cluster_members as m')
    .innerJoin('quotes as q', 'q.id', 'm.quote_id')
    .innerJoin('articles as a', 'a.id', 'q.article_id')
    .select([
      'm.quote_id',
      'm.score',
      'q.article_id',
      'q.speaker',
      'q.speaker_key',
      'q.text',
      'q.kind',
      'q.date',
      'q.start',
      'q.end',
      'a.source as article_source',
      'a.url',
      'a.published',
      'a.title',
    ])
    .where('m.cluster_id', '=', clusterId)
    .orderBy('a.seq')
    .orderBy('q.id')
    .execute();
  return rows.map((r) => ({
    quoteId: r.quote_id,
    articleId: r.article_id,
    title: r.title,
    url: r.url,
    articleSource: r.article_source,
    published: r.published,
    speaker: r.speaker,
    speakerKey: r.speaker_key,
    text: r.text,
    kind: r.kind,
    date: r.date,
    span: [r.start, r.end],
    score: r.score,
  }));
}
