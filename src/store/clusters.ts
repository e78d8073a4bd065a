// Reading and writing the analysis tables of migration 0004 (clusters, quote clusters, links,
// figures, framing). Kysely only, so a PostgreSQL back end can share it.
import { type Generated, type Kysely, type Migration, type Selectable, sql, type Transaction } from 'kysely';
import type { Database } from './schema.js';

export interface ClustersTable {
  id: Generated<number>;
  type: string;
  grp: string;
  lo: number | null;
  hi: number | null;
  day: string | null;
  date: string | null;
  place: string | null;
  sources: Generated<string>;
  targets: Generated<string>;
  intensity: number | null;
  reports: Generated<number>;
  articles: Generated<number>;
  outlets: Generated<string>;
  outlet_kinds: Generated<string>;
  first_event: number | null;
  first_article: string | null;
  first_published: string | null;
  text: string | null;
  disagreements: Generated<string>;
  stale: Generated<number>;
  updated_at: string;
}

export interface ClusterMembersTable {
  event_id: number;
  cluster_id: number;
  article_id: string;
  score: number;
}

export interface QuoteClustersTable {
  id: Generated<number>;
  speaker: string | null;
  speaker_ref: string;
  lo: number | null;
  hi: number | null;
  day: string | null;
  text: string;
  reports: Generated<number>;
  articles: Generated<number>;
  outlets: Generated<string>;
  outlet_kinds: Generated<string>;
  first_quote: number | null;
  first_article: string | null;
  first_published: string | null;
  stale: Generated<number>;
  updated_at: string;
}

export interface QuoteClusterMembersTable {
  quote_id: number;
  cluster_id: number;
  article_id: string;
  score: number;
}

export interface ClusterLinksTable {
  claim_id: number;
  counter_id: number;
  kind: string;
  score: number;
}

export interface EventFiguresTable {
  event_id: number;
  quantity_id: number;
  kind: string;
  value: number | null;
  low: number | null;
  high: number | null;
  text: string;
}

export interface ArticleFramingTable {
  article_id: string;
  concept: string;
  variant: string;
  count: number;
}

export interface ClusteredArticlesTable {
  article_id: string;
  clustered_at: string;
}

/**
 * One row per event cluster and unordered pair of its actors (a < b), kept by triggers on
 * `clusters` (migration 0005): `ab` a acts on b, `ba` b on a, `co` both among the sources (a
 * meeting, a clash). The escalation index sums and ranks a pair's clusters from here, by index.
 */
export interface ClusterPairsTable {
  cluster_id: number;
  a: string;
  b: string;
  ab: number;
  ba: number;
  co: number;
  day: string | null;
  type: string;
  grp: string;
  /** |intensity|; null: the type's weight applies. */
  weight: number | null;
  reports: number;
}

export interface AnalysisDatabase extends Database {
  clusters: ClustersTable;
  cluster_pairs: ClusterPairsTable;
  cluster_members: ClusterMembersTable;
  quote_clusters: QuoteClustersTable;
  quote_cluster_members: QuoteClusterMembersTable;
  cluster_links: ClusterLinksTable;
  event_figures: EventFiguresTable;
  article_framing: ArticleFramingTable;
  clustered_articles: ClusteredArticlesTable;
}

export type AnyDb = Kysely<Database> | Transaction<Database>;
export type ADb = Kysely<AnalysisDatabase> | Transaction<AnalysisDatabase>;

/** The same connection, typed with the analysis tables. */
export const analysisDb = (db: AnyDb): ADb => db as unknown as ADb;

/** IN lists are cut into chunks, well under SQLite's variable limit. */
export function chunks<T>(xs: T[], n = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** A JSON column's value, or `fallback` when it is null or not JSON. */
export const parseJson = <T>(s: string | null, fallback: T): T => {
  if (s == null) return fallback;
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};

// ---- articles and their items ----

export interface ArticleLite {
  id: string;
  seq: number;
  source: string | null;
  url: string | null;
  published: string | null;
  title: string | null;
}

export async function articlesByIds(db: ADb, ids: string[]): Promise<ArticleLite[]> {
  const out: ArticleLite[] = [];
  for (const c of chunks([...new Set(ids)])) {
    if (!c.length) continue;
    out.push(
      ...(await db
        .selectFrom('articles')
        .select(['id', 'seq', 'source', 'url', 'published', 'title'])
        .where('id', 'in', c)
        .execute()),
    );
  }
  return out.sort((a, b) => a.seq - b.seq);
}

/** Articles to cluster, in ingest order: stored, not duplicates, not skipped. */
export async function clusterableArticles(db: ADb, ids?: string[]): Promise<ArticleLite[]> {
  let q = db
    .selectFrom('articles')
    .select(['id', 'seq', 'source', 'url', 'published', 'title'])
    .where('duplicate_of', 'is', null)
    .where('skip_reason', 'is', null);
  if (ids) {
    const out: ArticleLite[] = [];
    for (const c of chunks([...new Set(ids)]))
      if (c.length) out.push(...(await q.where('id', 'in', c).execute()));
    return out.sort((a, b) => a.seq - b.seq);
  }
  q = q.orderBy('seq');
  return q.execute();
}

export interface ArticleItems {
  actorKeys: string[];
  places: { key: string; name: string; lat: number | null; lon: number | null; precision: string | null }[];
  weapons: string[];
}

export async function articleItems(db: ADb, ids: string[]): Promise<Map<string, ArticleItems>> {
  const out = new Map<string, ArticleItems>();
  const get = (id: string) => {
    const v = out.get(id) ?? { actorKeys: [], places: [], weapons: [] };
    out.set(id, v);
    return v;
  };
  for (const c of chunks([...new Set(ids)])) {
    if (!c.length) continue;
    for (const r of await db
      .selectFrom('actors')
      .select(['article_id', 'key'])
      .where('article_id', 'in', c)
      .execute())
      get(r.article_id).actorKeys.push(r.key);
    for (const r of await db
      .selectFrom('places')
      .select(['article_id', 'key', 'name', 'lat', 'lon', 'precision'])
      .where('article_id', 'in', c)
      .orderBy('id')
      .execute())
      get(r.article_id).places.push(r);
    for (const r of await db
      .selectFrom('weapons')
      .select(['article_id', 'name'])
      .where('article_id', 'in', c)
      .execute())
      get(r.article_id).weapons.push(r.name);
  }
  return out;
}

export interface EventRowLite {
  id: number;
  article_id: string;
  type: string;
  modality: string;
  source_keys: string;
  target_keys: string;
  source: string;
  target: string;
  date: string | null;
  place: string | null;
  text: string;
  intensity: number | null;
  start: number;
  end: number;
  evidence: string;
}

const EVENT_COLS = [
  'id',
  'article_id',
  'type',
  'modality',
  'source_keys',
  'target_keys',
  'source',
  'target',
  'date',
  'place',
  'text',
  'intensity',
  'start',
  'end',
  'evidence',
] as const;

export async function eventsOfArticles(db: ADb, articleIds: string[]): Promise<EventRowLite[]> {
  const out: EventRowLite[] = [];
  for (const c of chunks([...new Set(articleIds)]))
    if (c.length)
      out.push(...(await db.selectFrom('events').select(EVENT_COLS).where('article_id', 'in', c).execute()));
  return out.sort((a, b) => a.id - b.id);
}

export async function eventsByIds(db: ADb, ids: number[]): Promise<EventRowLite[]> {
  const out: EventRowLite[] = [];
  for (const c of chunks([...new Set(ids)]))
    if (c.length)
      out.push(...(await db.selectFrom('events').select(EVENT_COLS).where('id', 'in', c).execute()));
  return out.sort((a, b) => a.id - b.id);
}

export interface QuoteRowLite {
  id: number;
  article_id: string;
  speaker: string | null;
  speaker_key: string | null;
  text: string;
  kind: string;
  date: string | null;
}

const QUOTE_COLS = ['id', 'article_id', 'speaker', 'speaker_key', 'text', 'kind', 'date'] as const;

export async function quotesOfArticles(db: ADb, articleIds: string[]): Promise<QuoteRowLite[]> {
  const out: QuoteRowLite[] = [];
  for (const c of chunks([...new Set(articleIds)]))
    if (c.length)
      out.push(...(await db.selectFrom('quotes').select(QUOTE_COLS).where('article_id', 'in', c).execute()));
  return out.sort((a, b) => a.id - b.id);
}

export async function quotesByIds(db: ADb, ids: number[]): Promise<QuoteRowLite[]> {
  const out: QuoteRowLite[] = [];
  for (const c of chunks([...new Set(ids)]))
    if (c.length)
      out.push(...(await db.selectFrom('quotes').select(QUOTE_COLS).where('id', 'in', c).execute()));
  return out.sort((a, b) => a.id - b.id);
}

export interface QuantityLite {
  id: number;
  article_id: string;
  kind: string;
  value: number | null;
  low: number | null;
  high: number | null;
  text: string;
  start: number;
}

export async function quantitiesOfArticles(db: ADb, articleIds: string[]): Promise<QuantityLite[]> {
  const out: QuantityLite[] = [];
  for (const c of chunks([...new Set(articleIds)]))
    if (c.length)
      out.push(
        ...(await db
          .selectFrom('quantities')
          .select(['id', 'article_id', 'kind', 'value', 'low', 'high', 'text', 'start'])
          .where('article_id', 'in', c)
          .execute()),
      );
  return out.sort((a, b) => a.id - b.id);
}

// ---- memberships ----

/** Event ids (of these) that already belong to a cluster. */
export async function clusteredEventIds(db: ADb, eventIds: number[]): Promise<Set<number>> {
  const out = new Set<number>();
  for (const c of chunks(eventIds))
    if (c.length)
      for (const r of await db
        .selectFrom('cluster_members')
        .select('event_id')
        .where('event_id', 'in', c)
        .execute())
        out.add(r.event_id);
  return out;
}

export async function clusteredQuoteIds(db: ADb, quoteIds: number[]): Promise<Set<number>> {
  const out = new Set<number>();
  for (const c of chunks(quoteIds))
    if (c.length)
      for (const r of await db
        .selectFrom('quote_cluster_members')
        .select('quote_id')
        .where('quote_id', 'in', c)
        .execute())
        out.add(r.quote_id);
  return out;
}

/** Members of clusters, by cluster, in join order (event id order within a cluster). */
export async function clusterMembers(db: ADb, clusterIds: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (const c of chunks(clusterIds))
    if (c.length)
      for (const r of await db
        .selectFrom('cluster_members')
        .select(['cluster_id', 'event_id'])
        .where('cluster_id', 'in', c)
        .orderBy('event_id')
        .execute()) {
        const l = out.get(r.cluster_id) ?? [];
        l.push(r.event_id);
        out.set(r.cluster_id, l);
      }
  return out;
}

export async function quoteClusterMembers(db: ADb, clusterIds: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (const c of chunks(clusterIds))
    if (c.length)
      for (const r of await db
        .selectFrom('quote_cluster_members')
        .select(['cluster_id', 'quote_id'])
        .where('cluster_id', 'in', c)
        .orderBy('quote_id')
        .execute()) {
        const l = out.get(r.cluster_id) ?? [];
        l.push(r.quote_id);
        out.set(r.cluster_id, l);
      }
  return out;
}

/** Stored event clusters of a type and group whose days meet [lo, hi]; undated ones: the most recent. */
export async function candidateClusterIds(
  db: ADb,
  type: string,
  grp: string,
  lo: number | null,
  hi: number | null,
  undatedWindow: number,
): Promise<number[]> {
  const ids = new Set<number>();
  if (lo == null || hi == null) {
    for (const r of await db
      .selectFrom('clusters')
      .select('id')
      .where('type', '=', type)
      .where('grp', '=', grp)
      .orderBy('id', 'desc')
      .limit(undatedWindow)
      .execute())
      ids.add(r.id);
  } else {
    for (const r of await db
      .selectFrom('clusters')
      .select('id')
      .where('type', '=', type)
      .where('grp', '=', grp)
      .where('hi', '>=', lo)
      .where('lo', '<=', hi)
      .execute())
      ids.add(r.id);
  }
  for (const r of await db
    .selectFrom('clusters')
    .select('id')
    .where('type', '=', type)
    .where('grp', '=', grp)
    .where('lo', 'is', null)
    .orderBy('id', 'desc')
    .limit(undatedWindow)
    .execute())
    ids.add(r.id);
  return [...ids];
}

export async function candidateQuoteClusterIds(
  db: ADb,
  lo: number | null,
  hi: number | null,
  undatedWindow: number,
): Promise<number[]> {
  const ids = new Set<number>();
  const base = () => db.selectFrom('quote_clusters').select('id');
  const rows =
    lo == null || hi == null
      ? await base().orderBy('id', 'desc').limit(undatedWindow).execute()
      : await base().where('hi', '>=', lo).where('lo', '<=', hi).execute();
  for (const r of rows) ids.add(r.id);
  for (const r of await base().where('lo', 'is', null).orderBy('id', 'desc').limit(undatedWindow).execute())
    ids.add(r.id);
  return [...ids];
}

// ---- reading clusters back ----

export interface ClusterSummaryRow {
  id: number;
  type: string;
  group: string;
  day: string | null;
  date: string | null;
  place: string | null;
  sources: string[];
  targets: string[];
  intensity: number | null;
  reports: number;
  articles: number;
  outlets: string[];
  outletKinds: string[];
  firstEvent: number | null;
  firstArticle: string | null;
  firstPublished: string | null;
  text: string | null;
  disagreements: Record<string, unknown>;
  updatedAt: string;
}

export function toClusterSummary(r: Selectable<ClustersTable>): ClusterSummaryRow {
  return {
    id: r.id,
    type: r.type,
    group: r.grp,
    day: r.day,
    date: r.date,
    place: r.place,
    sources: parseJson<string[]>(r.sources, []),
    targets: parseJson<string[]>(r.targets, []),
    intensity: r.intensity,
    reports: r.reports,
    articles: r.articles,
    outlets: parseJson<string[]>(r.outlets, []),
    outletKinds: parseJson<string[]>(r.outlet_kinds, []),
    firstEvent: r.first_event,
    firstArticle: r.first_article,
    firstPublished: r.first_published,
    text: r.text,
    disagreements: parseJson<Record<string, unknown>>(r.disagreements, {}),
    updatedAt: r.updated_at,
  };
}

export interface ClusterFilter {
  type?: string;
  group?: string;
  since?: string;
  until?: string;
  minReports?: number;
  actor?: string;
  limit?: number;
  after?: number;
}

export async function listClusters(db: AnyDb, f: ClusterFilter = {}): Promise<ClusterSummaryRow[]> {
  let q = analysisDb(db).selectFrom('clusters').selectAll();
  if (f.type) q = q.where('type', '=', f.type.toUpperCase());
  if (f.group) q = q.where('grp', '=', f.group);
  if (f.since) q = q.where('day', '>=', f.since);
  if (f.until) q = q.where('day', '<=', `${f.until}\uffff`);
  if (f.minReports) q = q.where('articles', '>=', f.minReports);
  if (f.actor) {
    const like = `%"${f.actor}"%`;
    q = q.where((eb) => eb.or([eb('sources', 'like', like), eb('targets', 'like', like)]));
  }
  if (f.after != null) q = q.where('id', '>', f.after);
  const rows = await q
    .orderBy('id')
    .limit(f.limit ?? 100)
    .execute();
  return rows.map(toClusterSummary);
}

export interface ClusterReport {
  eventId: number;
  articleId: string;
  /** The article's source line as stored. */
  outlet: string | null;
  published: string | null;
  title: string | null;
  url: string | null;
  type: string;
  modality: string;
  source: string[];
  target: string[];
  date: string | null;
  place: string | null;
  text: string;
  span: [number, number];
  /** Every sentence that states the event (the main one included). */
  evidence: [number, number][];
  score: number;
}

/** Every report of an event cluster, in ingest order, with its evidence spans. */
export async function clusterReports(db: AnyDb, clusterId: number): Promise<ClusterReport[]> {
  const rows = await analysisDb(db)
    .selectFrom('cluster_members as m')
    .innerJoin('events as e', 'e.id', 'm.event_id')
    .innerJoin('articles as a', 'a.id', 'e.article_id')
    .select([
      'm.event_id',
      'm.score',
      'e.article_id',
      'e.type',
      'e.modality',
      'e.source',
      'e.target',
      'e.date',
      'e.place',
      'e.text',
      'e.start',
      'e.end',
      'e.evidence',
      'a.source as outlet',
      'a.published',
      'a.title',
      'a.url',
    ])
    .where('m.cluster_id', '=', clusterId)
    .orderBy('a.seq')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({
    eventId: r.event_id,
    articleId: r.article_id,
    outlet: r.outlet,
    published: r.published,
    title: r.title,
    url: r.url,
    type: r.type,
    modality: r.modality,
    source: parseJson<string[]>(r.source, []),
    target: parseJson<string[]>(r.target, []),
    date: r.date,
    place: r.place,
    text: r.text,
    span: [r.start, r.end],
    evidence: parseJson<[number, number][]>(r.evidence, [[r.start, r.end]]),
    score: r.score,
  }));
}

export interface ClusterLink {
  claimId: number;
  counterId: number;
  kind: string;
  score: number;
}

export async function clusterLinks(db: AnyDb, clusterId?: number): Promise<ClusterLink[]> {
  let q = analysisDb(db).selectFrom('cluster_links').selectAll();
  if (clusterId != null)
    q = q.where((eb) => eb.or([eb('claim_id', '=', clusterId), eb('counter_id', '=', clusterId)]));
  const rows = await q.orderBy('claim_id').orderBy('counter_id').execute();
  return rows.map((r) => ({ claimId: r.claim_id, counterId: r.counter_id, kind: r.kind, score: r.score }));
}

export interface QuoteClusterRow {
  id: number;
  speaker: string | null;
  speakerRef: string;
  day: string | null;
  text: string;
  reports: number;
  articles: number;
  outlets: string[];
  outletKinds: string[];
  firstQuote: number | null;
  firstArticle: string | null;
  firstPublished: string | null;
}

export async function listQuoteClusters(
  db: AnyDb,
  f: { minReports?: number; limit?: number; after?: number } = {},
): Promise<QuoteClusterRow[]> {
  let q = analysisDb(db).selectFrom('quote_clusters').selectAll();
  if (f.minReports) q = q.where('articles', '>=', f.minReports);
  if (f.after != null) q = q.where('id', '>', f.after);
  const rows = await q
    .orderBy('id')
    .limit(f.limit ?? 100)
    .execute();
  return rows.map((r) => ({
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
  }));
}

/** Articles per publication day (not duplicates, not skipped): the media volume of a day. */
export async function articlesPerDay(db: AnyDb): Promise<Map<string, number>> {
  const r = await sql<{ day: string; n: number }>`
    SELECT substr(published, 1, 10) AS day, count(*) AS n FROM articles
    WHERE duplicate_of IS NULL AND skip_reason IS NULL
      AND published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'
    GROUP BY 1`.execute(db);
  return new Map(r.rows.map((x) => [x.day, Number(x.n)]));
}

export async function clusterCounts(
  db: AnyDb,
): Promise<{ clusters: number; multi: number; quoteClusters: number; links: number; articles: number }> {
  const r = await sql<{
    clusters: number;
    multi: number;
    quoteClusters: number;
    links: number;
    articles: number;
  }>`
    SELECT (SELECT count(*) FROM clusters) AS clusters,
           (SELECT count(*) FROM clusters WHERE articles > 1) AS multi,
           (SELECT count(*) FROM quote_clusters) AS quoteClusters,
           (SELECT count(*) FROM cluster_links) AS links,
           (SELECT count(*) FROM clustered_articles) AS articles`.execute(db);
  return r.rows[0]!;
}

// ---- migration 0004-clusters (registered in migrations/sqlite.ts) ----

/**
 * Cross-article analysis tables: event clusters (one real-world event, many reports), quote
 * clusters (one statement, many outlets), claim/counter-claim links between clusters, figures
 * attached to events, framing words per article, and which articles are clustered. Memberships
 * go with their event or quote (re-extraction deletes them); a trigger marks the cluster stale so
 * its summary is recomputed.
 */
export const clustersMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const run = async (stmts: string[]) => {
      for (const s of stmts) await sql.raw(s).execute(db);
    };
    await run([
      `CREATE TABLE clusters (
        id INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, grp TEXT NOT NULL, lo INTEGER, hi INTEGER,
        day TEXT, date TEXT, place TEXT, sources TEXT NOT NULL DEFAULT '[]', targets TEXT NOT NULL DEFAULT '[]',
        intensity REAL, reports INTEGER NOT NULL DEFAULT 0, articles INTEGER NOT NULL DEFAULT 0,
        outlets TEXT NOT NULL DEFAULT '[]', outlet_kinds TEXT NOT NULL DEFAULT '[]', first_event INTEGER,
        first_article TEXT, first_published TEXT, text TEXT, disagreements TEXT NOT NULL DEFAULT '{}',
        stale INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL)`,
      `CREATE TABLE cluster_members (
        event_id INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
        cluster_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
        article_id TEXT NOT NULL, score REAL NOT NULL)`,
      `CREATE TABLE quote_clusters (
        id INTEGER PRIMARY KEY AUTOINCREMENT, speaker TEXT, speaker_ref TEXT NOT NULL, lo INTEGER, hi INTEGER,
        day TEXT, text TEXT NOT NULL, reports INTEGER NOT NULL DEFAULT 0, articles INTEGER NOT NULL DEFAULT 0,
        outlets TEXT NOT NULL DEFAULT '[]', outlet_kinds TEXT NOT NULL DEFAULT '[]', first_quote INTEGER,
        first_article TEXT, first_published TEXT, stale INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL)`,
      `CREATE TABLE quote_cluster_members (
        quote_id INTEGER PRIMARY KEY REFERENCES quotes(id) ON DELETE CASCADE,
        cluster_id INTEGER NOT NULL REFERENCES quote_clusters(id) ON DELETE CASCADE,
        article_id TEXT NOT NULL, score REAL NOT NULL)`,
      `CREATE TABLE cluster_links (
        claim_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
        counter_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
        kind TEXT NOT NULL, score REAL NOT NULL, PRIMARY KEY (claim_id, counter_id))`,
      `CREATE TABLE event_figures (
        event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        quantity_id INTEGER NOT NULL REFERENCES quantities(id) ON DELETE CASCADE,
        kind TEXT NOT NULL, value REAL, low REAL, high REAL, text TEXT NOT NULL,
        PRIMARY KEY (event_id, quantity_id))`,
      `CREATE TABLE article_framing (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        concept TEXT NOT NULL, variant TEXT NOT NULL, count INTEGER NOT NULL,
        PRIMARY KEY (article_id, concept, variant))`,
      `CREATE TABLE clustered_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, clustered_at TEXT NOT NULL)`,
      `CREATE TRIGGER cluster_members_stale AFTER DELETE ON cluster_members BEGIN
        UPDATE clusters SET stale = 1 WHERE id = OLD.cluster_id;
      END`,
      `CREATE TRIGGER quote_cluster_members_stale AFTER DELETE ON quote_cluster_members BEGIN
        UPDATE quote_clusters SET stale = 1 WHERE id = OLD.cluster_id;
      END`,
      'CREATE INDEX clusters_type_hi ON clusters (type, grp, hi)',
      'CREATE INDEX clusters_day ON clusters (day)',
      'CREATE INDEX clusters_stale ON clusters (stale)',
      'CREATE INDEX cluster_members_cluster ON cluster_members (cluster_id)',
      'CREATE INDEX cluster_members_article ON cluster_members (article_id)',
      'CREATE INDEX quote_clusters_hi ON quote_clusters (hi)',
      'CREATE INDEX quote_clusters_stale ON quote_clusters (stale)',
      'CREATE INDEX quote_cluster_members_cluster ON quote_cluster_members (cluster_id)',
      'CREATE INDEX quote_cluster_members_article ON quote_cluster_members (article_id)',
      'CREATE INDEX cluster_links_counter ON cluster_links (counter_id)',
      'CREATE INDEX event_figures_quantity ON event_figures (quantity_id)',
      'CREATE INDEX article_framing_concept ON article_framing (concept, variant)',
    ]);
  },
  async down(db: Kysely<unknown>) {
    for (const t of [
      'clustered_articles',
      'article_framing',
      'event_figures',
      'cluster_links',
      'quote_cluster_members',
      'quote_clusters',
      'cluster_members',
      'clusters',
    ])
      await sql.raw(`DROP TABLE ${t}`).execute(db);
  },
};

export async function getCluster(db: AnyDb, id: number): Promise<ClusterSummaryRow | null> {
  const r = await analysisDb(db).selectFrom('clusters').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toClusterSummary(r) : null;
}

// The pairs of one cluster row: sources × targets (directed) and sources × sources (together),
// folded to one row per unordered pair; `r` is the trigger's NEW row.
const pairsOf = (r: string) => `
  SELECT ${r}.id AS cluster_id, min(x, y) AS a, max(x, y) AS b,
    max(d = 'st' AND x < y) AS ab, max(d = 'st' AND x > y) AS ba, max(d = 'co') AS co,
    ${r}.day AS day, ${r}.type AS type, ${r}.grp AS grp, abs(${r}.intensity) AS weight, ${r}.reports AS reports
  FROM (
    SELECT s.value AS x, t.value AS y, 'st' AS d FROM json_each(${r}.sources) s, json_each(${r}.targets) t
      WHERE s.value <> t.value
    UNION ALL
    SELECT s.value, t.value, 'co' FROM json_each(${r}.sources) s, json_each(${r}.sources) t
      WHERE s.value < t.value
  )
  GROUP BY min(x, y), max(x, y)`;

export const clusterPairsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    for (const s of [
      `CREATE TABLE cluster_pairs (
        cluster_id INTEGER NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL, ab INTEGER NOT NULL, ba INTEGER NOT NULL,
        co INTEGER NOT NULL, day TEXT, type TEXT NOT NULL, grp TEXT NOT NULL, weight REAL, reports INTEGER NOT NULL,
        PRIMARY KEY (cluster_id, a, b)) WITHOUT ROWID`,
      // Covering: a pair's index and the list of pairs read the index alone.
      'CREATE INDEX cluster_pairs_pair ON cluster_pairs (a, b, grp, day, type, weight, reports, ab, ba, co, cluster_id)',
      `CREATE TRIGGER clusters_pairs_insert AFTER INSERT ON clusters BEGIN
        INSERT INTO cluster_pairs ${pairsOf('NEW')};
      END`,
      `CREATE TRIGGER clusters_pairs_update AFTER UPDATE OF sources, targets, day, type, grp, intensity, reports ON clusters BEGIN
        DELETE FROM cluster_pairs WHERE cluster_id = OLD.id;
        INSERT INTO cluster_pairs ${pairsOf('NEW')};
      END`,
      `CREATE TRIGGER clusters_pairs_delete AFTER DELETE ON clusters BEGIN
        DELETE FROM cluster_pairs WHERE cluster_id = OLD.id;
      END`,
      // Clusters stored before this migration: the update trigger writes their pairs.
      'UPDATE clusters SET reports = reports',
    ])
      await sql.raw(s).execute(db);
  },
  async down(db: Kysely<unknown>) {
    for (const t of ['clusters_pairs_insert', 'clusters_pairs_update', 'clusters_pairs_delete'])
      await sql.raw(`DROP TRIGGER ${t}`).execute(db);
    await sql.raw('DROP TABLE cluster_pairs').execute(db);
  },
};
