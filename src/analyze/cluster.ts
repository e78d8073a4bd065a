// Clustering against the store: new articles' events and quotes join the clusters stored so far
// (or start new ones), cluster summaries and claim/counter-claim links are refreshed, figures and
// framing words are recorded. `clusterNew` runs after each ingest batch; `rebuildClusters` empties
// the analysis tables and replays every article in ingest order, which gives the same clusters.
import { type Kysely, sql } from 'kysely';
import { defaultKb, type KnowledgeBase } from '../kb/load.js';
import { fold } from '../kb/match.js';
import {
  type ADb,
  type AnyDb,
  type ArticleItems,
  type ArticleLite,
  analysisDb,
  articleItems,
  articlesByIds,
  candidateClusterIds,
  candidateQuoteClusterIds,
  chunks,
  clusterableArticles,
  clusteredEventIds,
  clusteredQuoteIds,
  clusterMembers,
  type EventRowLite,
  eventsByIds,
  eventsOfArticles,
  type QuoteRowLite,
  quantitiesOfArticles,
  quoteClusterMembers,
  quotesByIds,
  quotesOfArticles,
} from '../store/clusters.js';
import type { Database } from '../store/schema.js';
import { DATE_SLACK, EventClusterer, QUOTE_DATE_SLACK, QuoteClusterer, UNDATED_WINDOW } from './engine.js';
import {
  type ArticleInfo,
  articleSignature,
  dateRange,
  type EventReport,
  eventReport,
  modalityGroup,
  type PlaceInfo,
  PUBLISHED_LAG_DAYS,
  type QuoteReport,
  quoteReport,
  when,
} from './features.js';
import { findLinks, LINK_DAYS, type LinkCluster, linkCluster, linkSpecs } from './links.js';
import { framingCounts } from './outlets.js';
import {
  type ArticleContext,
  attachFigures,
  type Figure,
  paragraphsOf,
  summariseEventCluster,
  summariseQuoteCluster,
} from './summary.js';

export interface ClusterRun {
  articles: number;
  events: number;
  quotes: number;
  /** Event clusters created, and reports that joined an existing cluster. */
  created: number;
  joined: number;
  quoteClusters: number;
  quotesJoined: number;
  links: number;
}

const empty = (): ClusterRun => ({
  articles: 0,
  events: 0,
  quotes: 0,
  created: 0,
  joined: 0,
  quoteClusters: 0,
  quotesJoined: 0,
  links: 0,
});

export interface ClusterOptions {
  kb?: KnowledgeBase;
}

const arr = (s: string): string[] => {
  try {
    const v = JSON.parse(s) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

const now = () => new Date().toISOString();

/** Month-aligned bounds of a candidate window, as the engine's month buckets see it. */
function monthBounds(lo: number, hi: number): [number, number] {
  const a = new Date(lo * 86_400_000);
  const b = new Date(hi * 86_400_000);
  const first = Math.floor(Date.UTC(a.getUTCFullYear(), a.getUTCMonth(), 1) / 86_400_000);
  const last = Math.floor(Date.UTC(b.getUTCFullYear(), b.getUTCMonth() + 1, 1) / 86_400_000) - 1;
  return [first, last];
}

/** Reads articles, events and quotes once and turns them into reports. */
class Loader {
  private info = new Map<string, ArticleInfo>();
  private items = new Map<string, ArticleItems>();
  readonly urls = new Map<string, string | null>();
  private eventCache = new Map<number, EventReport>();
  private quoteCache = new Map<number, QuoteReport>();

  constructor(
    private db: ADb,
    private kb: KnowledgeBase,
  ) {}

  async ensureArticles(ids: string[], known: ArticleLite[] = []): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.info.has(id));
    if (!missing.length) return;
    const rows = [...known.filter((a) => missing.includes(a.id))];
    const have = new Set(rows.map((r) => r.id));
    rows.push(
      ...(await articlesByIds(
        this.db,
        missing.filter((id) => !have.has(id)),
      )),
    );
    const items = await articleItems(this.db, missing);
    for (const a of rows) {
      const it = items.get(a.id) ?? { actorKeys: [], places: [], weapons: [] };
      this.items.set(a.id, it);
      this.urls.set(a.id, a.url);
      this.info.set(a.id, {
        id: a.id,
        seq: a.seq,
        outlet: a.source,
        published: a.published,
        signature: articleSignature(this.kb, a.title, it.actorKeys, it.places, it.weapons),
      });
    }
  }

  article(id: string): ArticleInfo {
    return this.info.get(id)!;
  }

  private place(articleId: string, name: string | null): PlaceInfo | null {
    if (!name) return null;
    const p = this.items.get(articleId)?.places.find((x) => x.name === name);
    return p ?? { key: `name:${fold(name)}`, name, lat: null, lon: null, precision: null };
  }

  eventReport(r: EventRowLite): EventReport {
    const hit = this.eventCache.get(r.id);
    if (hit) return hit;
    // Without keys from the extractor, names stand in for actors.
    const keys = (k: string, names: string) => {
      const ks = arr(k);
      return ks.length ? ks : arr(names).map((n) => `name:${fold(n)}`);
    };
    const rep = eventReport(
      this.kb,
      {
        id: r.id,
        articleId: r.article_id,
        type: r.type,
        modality: r.modality,
        sourceKeys: keys(r.source_keys, r.source),
        targetKeys: keys(r.target_keys, r.target),
        date: r.date,
        place: this.place(r.article_id, r.place),
        text: r.text,
        intensity: r.intensity,
        start: r.start,
      },
      this.article(r.article_id),
    );
    this.eventCache.set(r.id, rep);
    return rep;
  }

  quoteReport(r: QuoteRowLite): QuoteReport {
    const hit = this.quoteCache.get(r.id);
    if (hit) return hit;
    const rep = quoteReport(
      this.kb,
      {
        id: r.id,
        articleId: r.article_id,
        speaker: r.speaker,
        speakerKey: r.speaker_key,
        text: r.text,
        kind: r.kind,
        date: r.date,
      },
      this.article(r.article_id),
    );
    this.quoteCache.set(r.id, rep);
    return rep;
  }

  /** Reports of stored event clusters, by cluster, in member order. */
  async eventClusters(ids: number[]): Promise<Map<number, EventReport[]>> {
    const members = await clusterMembers(this.db, ids);
    const rows = await eventsByIds(this.db, [...members.values()].flat());
    await this.ensureArticles(rows.map((r) => r.article_id));
    const byId = new Map(rows.map((r) => [r.id, this.eventReport(r)]));
    const out = new Map<number, EventReport[]>();
    for (const [c, evs] of members)
      out.set(
        c,
        evs.map((e) => byId.get(e)).filter((x): x is EventReport => !!x),
      );
    return out;
  }

  async quoteClusters(ids: number[]): Promise<Map<number, QuoteReport[]>> {
    const members = await quoteClusterMembers(this.db, ids);
    const rows = await quotesByIds(this.db, [...members.values()].flat());
    await this.ensureArticles(rows.map((r) => r.article_id));
    const byId = new Map(rows.map((r) => [r.id, this.quoteReport(r)]));
    const out = new Map<number, QuoteReport[]>();
    for (const [c, qs] of members)
      out.set(
        c,
        qs.map((q) => byId.get(q)).filter((x): x is QuoteReport => !!x),
      );
    return out;
  }
}

const bySeq = <R extends { article: ArticleInfo; id: number }>(a: R, b: R) =>
  a.article.seq - b.article.seq || a.id - b.id;

/** Merged [lo, hi] windows of reports; undated reports give one window of their own. */
function windows(
  rs: { when: { lo: number | null; hi: number | null } }[],
  slack: number,
): [number | null, number | null][] {
  const out: [number | null, number | null][] = [];
  const dated = rs
    .filter((r) => r.when.lo != null && r.when.hi != null)
    .map((r) => monthBounds(r.when.lo! - slack, r.when.hi! + slack))
    .sort((a, b) => a[0] - b[0]);
  for (const w of dated) {
    const last = out.at(-1);
    if (last && last[1]! >= w[0] - 1) last[1] = Math.max(last[1]!, w[1]);
    else out.push([w[0], w[1]]);
  }
  if (rs.some((r) => r.when.lo == null || r.when.hi == null)) out.push([null, null]);
  return out;
}

/** Framing words of each article; returns the texts, which the figures need too. */
async function recordFraming(
  db: ADb,
  kb: KnowledgeBase,
  articles: ArticleLite[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const c of chunks(articles.map((a) => a.id))) {
    if (!c.length) continue;
    await db.deleteFrom('article_framing').where('article_id', 'in', c).execute();
    const texts = await db.selectFrom('articles').select(['id', 'text']).where('id', 'in', c).execute();
    for (const t of texts) out.set(t.id, t.text);
    const rows = texts.flatMap((t) => framingCounts(kb, t.text).map((f) => ({ article_id: t.id, ...f })));
    for (const r of chunks(rows, 200))
      if (r.length) await db.insertInto('article_framing').values(r).execute();
  }
  return out;
}

async function recordFigures(
  db: ADb,
  kb: KnowledgeBase,
  articles: ArticleLite[],
  texts: Map<string, string>,
  events: EventRowLite[],
) {
  const qs = await quantitiesOfArticles(
    db,
    articles.map((a) => a.id),
  );
  for (const c of chunks(events.map((e) => e.id)))
    if (c.length) await db.deleteFrom('event_figures').where('event_id', 'in', c).execute();
  const rows: {
    event_id: number;
    quantity_id: number;
    kind: string;
    value: number | null;
    low: number | null;
    high: number | null;
    text: string;
  }[] = [];
  for (const a of articles) {
    const evs = events.filter((e) => e.article_id === a.id);
    const figs = attachFigures(
      kb,
      evs.map((e) => {
        const w = when(e.date, a.published);
        const pub = a.published ? dateRange(a.published)?.[0] : null;
        const current =
          w.kind === 'published' ||
          w.kind === 'none' ||
          (w.kind === 'day' && (pub == null || Math.abs(w.lo! - pub) <= PUBLISHED_LAG_DAYS));
        let evidence: [number, number][] = [[e.start, e.end]];
        try {
          const ev = JSON.parse(e.evidence) as unknown;
          if (Array.isArray(ev) && ev.length) evidence = ev as [number, number][];
        } catch {}
        return { id: e.id, type: e.type, group: modalityGroup(e.modality), evidence, current };
      }),
      qs.filter((q) => q.article_id === a.id),
      paragraphsOf(texts.get(a.id) ?? ''),
    );
    for (const q of qs)
      if (figs.has(q.id))
        rows.push({
          event_id: figs.get(q.id)!,
          quantity_id: q.id,
          kind: q.kind,
          value: q.value,
          low: q.low,
          high: q.high,
          text: q.text,
        });
  }
  for (const r of chunks(rows, 200)) if (r.length) await db.insertInto('event_figures').values(r).execute();
}

/** Duplicates, framing and figures of the articles and events in some clusters. */
async function articleContext(
  db: ADb,
  loader: Loader,
  articleIds: string[],
  eventIds: number[],
): Promise<ArticleContext> {
  const ctx: ArticleContext = {
    duplicateOutlets: new Map(),
    framing: new Map(),
    figures: new Map(),
    urls: loader.urls,
  };
  for (const c of chunks([...new Set(articleIds)])) {
    if (!c.length) continue;
    for (const d of await db
      .selectFrom('articles')
      .select(['duplicate_of', 'source', 'url'])
      .where('duplicate_of', 'in', c)
      .execute()) {
      const l = ctx.duplicateOutlets.get(d.duplicate_of!) ?? [];
      l.push({ source: d.source, url: d.url });
      ctx.duplicateOutlets.set(d.duplicate_of!, l);
    }
    for (const f of await db
      .selectFrom('article_framing')
      .selectAll()
      .where('article_id', 'in', c)
      .execute()) {
      const a = ctx.framing.get(f.article_id) ?? new Map<string, Map<string, number>>();
      ctx.framing.set(f.article_id, a);
      const v = a.get(f.concept) ?? new Map<string, number>();
      a.set(f.concept, v);
      v.set(f.variant, f.count);
    }
  }
  for (const c of chunks([...new Set(eventIds)])) {
    if (!c.length) continue;
    for (const f of await db.selectFrom('event_figures').selectAll().where('event_id', 'in', c).execute()) {
      const l = ctx.figures.get(f.event_id) ?? [];
      l.push({
        eventId: f.event_id,
        kind: f.kind,
        value: f.value,
        low: f.low,
        high: f.high,
        text: f.text,
      } satisfies Figure);
      ctx.figures.set(f.event_id, l);
    }
  }
  return ctx;
}

async function run(db: ADb, kb: KnowledgeBase, articleIds: string[] | null): Promise<ClusterRun> {
  const out = empty();
  const arts = articleIds ? await clusterableArticles(db, articleIds) : [];
  const loader = new Loader(db, kb);
  await loader.ensureArticles(
    arts.map((a) => a.id),
    arts,
  );
  out.articles = arts.length;
  const texts = await recordFraming(db, kb, arts);

  // ---- events ----
  const evRows = await eventsOfArticles(
    db,
    arts.map((a) => a.id),
  );
  await recordFigures(db, kb, arts, texts, evRows);
  const done = await clusteredEventIds(
    db,
    evRows.map((e) => e.id),
  );
  const reports = evRows
    .filter((e) => !done.has(e.id))
    .map((e) => loader.eventReport(e))
    .sort(bySeq);
  out.events = reports.length;
  const engine = new EventClusterer();
  const slack = DATE_SLACK + PUBLISHED_LAG_DAYS;
  const groups = new Map<string, EventReport[]>();
  for (const r of reports) {
    const k = `${r.type}\u0000${r.group}`;
    const l = groups.get(k) ?? [];
    l.push(r);
    groups.set(k, l);
  }
  const candidates = new Set<number>();
  for (const [k, rs] of groups) {
    const [type, grp] = k.split('\u0000') as [string, string];
    for (const [lo, hi] of windows(rs, slack))
      for (const id of await candidateClusterIds(db, type, grp, lo, hi, UNDATED_WINDOW)) candidates.add(id);
  }
  const stored = await loader.eventClusters([...candidates].sort((a, b) => a - b));
  for (const id of [...stored.keys()].sort((a, b) => a - b)) engine.load(id, stored.get(id)!);
  const scores = new Map<number, number>();
  for (const r of reports) scores.set(r.id, engine.add(r).score);
  const merged = engine.merged();
  const fresh = new Set(reports.map((r) => r.id));
  const survivors = new Set(merged.values());
  const finals = engine
    .clusters()
    .filter((c) => survivors.has(c.id) || c.members.some((m) => fresh.has(m.id)));

  // New clusters get their ids in creation order.
  const realId = new Map<number, number>();
  const created = finals.filter((c) => c.id < 0).sort((a, b) => b.id - a.id);
  for (const c of created) {
    const r = await db
      .insertInto('clusters')
      .values({ type: c.members[0]!.type, grp: c.members[0]!.group, updated_at: now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    realId.set(c.id, r.id);
  }
  const idOf = (id: number) => (id < 0 ? realId.get(id)! : id);
  // Stored clusters a new report bridged into an older one.
  for (const [from, to] of merged) {
    if (from < 0) continue;
    await db
      .updateTable('cluster_members')
      .set({ cluster_id: idOf(to) })
      .where('cluster_id', '=', from)
      .execute();
    await db.deleteFrom('clusters').where('id', '=', from).execute();
  }
  const memberRows = finals.flatMap((c) =>
    c.members
      .filter((m) => fresh.has(m.id))
      .map((m) => ({
        event_id: m.id,
        cluster_id: idOf(c.id),
        article_id: m.articleId,
        score: Math.round((scores.get(m.id) ?? 1) * 1000) / 1000,
      })),
  );
  for (const c of chunks(memberRows, 200))
    if (c.length) await db.insertInto('cluster_members').values(c).execute();
  out.created = created.length;
  out.joined = reports.length - created.length;

  // Summaries of every cluster that changed, and of clusters that lost members.
  const touched = new Map<number, EventReport[]>();
  for (const c of finals) touched.set(idOf(c.id), c.members);
  const stale = (await db.selectFrom('clusters').select('id').where('stale', '=', 1).execute()).map(
    (r) => r.id,
  );
  const staleReports = await loader.eventClusters(stale.filter((id) => !touched.has(id)));
  for (const id of stale) {
    if (touched.has(id)) continue;
    const m = staleReports.get(id);
    if (m?.length) touched.set(id, m);
    else await db.deleteFrom('clusters').where('id', '=', id).execute();
  }
  await writeEventSummaries(db, kb, loader, touched);

  // ---- quotes ----
  const qRows = await quotesOfArticles(
    db,
    arts.map((a) => a.id),
  );
  const qDone = await clusteredQuoteIds(
    db,
    qRows.map((q) => q.id),
  );
  const qReports = qRows
    .filter((q) => !qDone.has(q.id))
    .map((q) => loader.quoteReport(q))
    .sort(bySeq);
  out.quotes = qReports.length;
  const qEngine = new QuoteClusterer();
  const qCandidates = new Set<number>();
  for (const [lo, hi] of windows(qReports, QUOTE_DATE_SLACK + PUBLISHED_LAG_DAYS))
    for (const id of await candidateQuoteClusterIds(db, lo, hi, UNDATED_WINDOW)) qCandidates.add(id);
  const qStored = await loader.quoteClusters([...qCandidates].sort((a, b) => a - b));
  for (const id of [...qStored.keys()].sort((a, b) => a - b)) qEngine.load(id, qStored.get(id)!);
  const qPlacements = qReports.map((r) => qEngine.add(r));
  const qReal = new Map<number, number>();
  const qCreated = [...new Set(qPlacements.filter((p) => p.cluster.id < 0).map((p) => p.cluster))].sort(
    (a, b) => b.id - a.id,
  );
  for (const c of qCreated) {
    const first = c.members[0]!;
    const r = await db
      .insertInto('quote_clusters')
      .values({ speaker_ref: first.speakerRef, text: first.text, updated_at: now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    qReal.set(c.id, r.id);
  }
  const qIdOf = (id: number) => (id < 0 ? qReal.get(id)! : id);
  const qMemberRows = qPlacements.map((p) => ({
    quote_id: p.report.id,
    cluster_id: qIdOf(p.cluster.id),
    article_id: p.report.articleId,
    score: Math.round(p.score * 1000) / 1000,
  }));
  for (const c of chunks(qMemberRows, 200))
    if (c.length) await db.insertInto('quote_cluster_members').values(c).execute();
  out.quoteClusters = qCreated.length;
  out.quotesJoined = qPlacements.filter((p) => p.cluster.id > 0 || p.report !== p.cluster.members[0]).length;
  const qTouched = new Map<number, QuoteReport[]>();
  for (const p of qPlacements) qTouched.set(qIdOf(p.cluster.id), p.cluster.members);
  const qStale = (await db.selectFrom('quote_clusters').select('id').where('stale', '=', 1).execute()).map(
    (r) => r.id,
  );
  const qStaleReports = await loader.quoteClusters(qStale.filter((id) => !qTouched.has(id)));
  for (const id of qStale) {
    if (qTouched.has(id)) continue;
    const m = qStaleReports.get(id);
    if (m?.length) qTouched.set(id, m);
    else await db.deleteFrom('quote_clusters').where('id', '=', id).execute();
  }
  await writeQuoteSummaries(db, kb, loader, qTouched);

  // ---- claim and counter-claim ----
  out.links = await refreshLinks(db, kb, loader, touched);

  for (const c of chunks(arts.map((a) => a.id))) {
    if (!c.length) continue;
    const at = now();
    await db
      .insertInto('clustered_articles')
      .values(c.map((id) => ({ article_id: id, clustered_at: at })))
      .onConflict((oc) => oc.column('article_id').doUpdateSet({ clustered_at: at }))
      .execute();
  }
  return out;
}

async function writeEventSummaries(
  db: ADb,
  kb: KnowledgeBase,
  loader: Loader,
  touched: Map<number, EventReport[]>,
): Promise<void> {
  const all = [...touched.values()].flat();
  const ctx = await articleContext(
    db,
    loader,
    all.map((r) => r.articleId),
    all.map((r) => r.id),
  );
  for (const [id, members] of touched) {
    const s = summariseEventCluster(kb, members, ctx);
    await db
      .updateTable('clusters')
      .set({
        type: s.type,
        grp: s.grp,
        lo: s.lo,
        hi: s.hi,
        day: s.day,
        date: s.date,
        place: s.place,
        sources: JSON.stringify(s.sources),
        targets: JSON.stringify(s.targets),
        intensity: s.intensity,
        reports: s.reports,
        articles: s.articles,
        outlets: JSON.stringify(s.outlets),
        outlet_kinds: JSON.stringify(s.outletKinds),
        first_event: s.firstEvent,
        first_article: s.firstArticle,
        first_published: s.firstPublished,
        text: s.text,
        disagreements: JSON.stringify(s.disagreements),
        stale: 0,
        updated_at: now(),
      })
      .where('id', '=', id)
      .execute();
  }
}

async function writeQuoteSummaries(
  db: ADb,
  kb: KnowledgeBase,
  loader: Loader,
  touched: Map<number, QuoteReport[]>,
): Promise<void> {
  const all = [...touched.values()].flat();
  const ctx = await articleContext(
    db,
    loader,
    all.map((r) => r.articleId),
    [],
  );
  for (const [id, members] of touched) {
    const s = summariseQuoteCluster(kb, members, ctx);
    await db
      .updateTable('quote_clusters')
      .set({
        speaker: s.speaker,
        speaker_ref: s.speakerRef,
        lo: s.lo,
        hi: s.hi,
        day: s.day,
        text: s.text,
        reports: s.reports,
        articles: s.articles,
        outlets: JSON.stringify(s.outlets),
        outlet_kinds: JSON.stringify(s.outletKinds),
        first_quote: s.firstQuote,
        first_article: s.firstArticle,
        first_published: s.firstPublished,
        stale: 0,
        updated_at: now(),
      })
      .where('id', '=', id)
      .execute();
  }
}

/** Stored clusters of a type and group that meet any of `near` in time (± LINK_DAYS) or share an article with one. */
async function linkCandidates(db: ADb, type: string, grp: string, near: LinkCluster[]): Promise<number[]> {
  const ids = new Set<number>();
  for (const [lo, hi] of windows(
    near.map((c) => ({ when: { lo: c.lo, hi: c.hi } })),
    LINK_DAYS,
  )) {
    if (lo == null || hi == null) continue;
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
  for (const a of chunks([...new Set(near.flatMap((c) => [...c.articles]))]))
    if (a.length)
      for (const r of await db
        .selectFrom('cluster_members as m')
        .innerJoin('clusters as k', 'k.id', 'm.cluster_id')
        .select('k.id')
        .where('m.article_id', 'in', a)
        .where('k.type', '=', type)
        .where('k.grp', '=', grp)
        .execute())
        ids.add(r.id);
  return [...ids];
}

/**
 * Links are a function of each answer (counter) cluster and the claims around it: recompute them
 * for every answer that changed and every answer near a claim that changed.
 */
async function refreshLinks(
  db: ADb,
  kb: KnowledgeBase,
  loader: Loader,
  touched: Map<number, EventReport[]>,
): Promise<number> {
  const specs = linkSpecs(kb);
  const clusters = new Map<number, LinkCluster>();
  for (const [id, m] of touched) if (m.length) clusters.set(id, linkCluster(id, m));
  const load = async (ids: number[]) => {
    const reps = await loader.eventClusters(ids.filter((id) => !clusters.has(id)));
    for (const [id, m] of reps) if (m.length) clusters.set(id, linkCluster(id, m));
  };
  const changed = [...clusters.values()];
  const counters = new Set<number>();
  for (const s of specs) {
    for (const c of changed) if (c.type === s.counterType && c.grp === s.counterGroup) counters.add(c.id);
    const claims = changed.filter((c) => c.type === s.claimType && c.grp === s.claimGroup);
    if (claims.length)
      for (const id of await linkCandidates(db, s.counterType, s.counterGroup, claims)) counters.add(id);
  }
  await load([...counters]);
  const counterList = [...counters].map((id) => clusters.get(id)).filter((x): x is LinkCluster => !!x);
  const claimIds = new Set<number>();
  for (const s of specs) {
    const ks = counterList.filter((k) => k.type === s.counterType && k.grp === s.counterGroup);
    if (ks.length) for (const id of await linkCandidates(db, s.claimType, s.claimGroup, ks)) claimIds.add(id);
  }
  await load([...claimIds]);
  const pool = [
    ...new Set([
      ...counterList,
      ...[...claimIds].map((id) => clusters.get(id)).filter((x): x is LinkCluster => !!x),
    ]),
  ];
  const links = findLinks(specs, counterList, pool).filter((l) => counters.has(l.counterId));
  for (const c of chunks([...counters]))
    if (c.length) await db.deleteFrom('cluster_links').where('counter_id', 'in', c).execute();
  const rows = links.map((l) => ({
    claim_id: l.claimId,
    counter_id: l.counterId,
    kind: l.kind,
    score: l.score,
  }));
  for (const c of chunks(rows, 200)) if (c.length) await db.insertInto('cluster_links').values(c).execute();
  return rows.length;
}

function inTransaction<T>(db: AnyDb, f: (db: ADb) => Promise<T>): Promise<T> {
  if (db.isTransaction) return f(analysisDb(db));
  return (db as Kysely<Database>).transaction().execute((trx) => f(analysisDb(trx)));
}

/**
 * Cluster the events and quotes of newly stored articles against what the store holds. Articles
 * that are duplicates or were skipped are passed over; running it twice changes nothing.
 */
export async function clusterNew(
  db: AnyDb,
  articleIds: string[],
  opts: ClusterOptions = {},
): Promise<ClusterRun> {
  const kb = opts.kb ?? defaultKb();
  if (!articleIds.length) return empty();
  return inTransaction(db, (trx) => run(trx, kb, articleIds));
}

const add = (a: ClusterRun, b: ClusterRun) => {
  for (const k of Object.keys(a) as (keyof ClusterRun)[]) a[k] += b[k];
};

/** Cluster every stored article not clustered yet, in ingest order, a batch at a time. */
export async function clusterPending(
  db: AnyDb,
  opts: ClusterOptions & { batch?: number } = {},
): Promise<ClusterRun> {
  const total = empty();
  const a = analysisDb(db);
  const rows = await a
    .selectFrom('articles')
    .select('id')
    .where('duplicate_of', 'is', null)
    .where('skip_reason', 'is', null)
    .where('id', 'not in', a.selectFrom('clustered_articles').select('article_id'))
    .orderBy('seq')
    .execute();
  for (const c of chunks(
    rows.map((r) => r.id),
    opts.batch ?? 256,
  ))
    add(total, await clusterNew(db, c, opts));
  return total;
}

/** Empty the analysis tables and cluster every article again, in ingest order. */
export async function rebuildClusters(
  db: AnyDb,
  opts: ClusterOptions & { batch?: number } = {},
): Promise<ClusterRun> {
  await inTransaction(db, async (trx) => {
    for (const t of [
      'cluster_links',
      'cluster_members',
      'clusters',
      'quote_cluster_members',
      'quote_clusters',
      'event_figures',
      'article_framing',
      'clustered_articles',
    ] as const)
      await trx.deleteFrom(t).execute();
    // Fresh ids from 1, as on a new store (SQLite keeps AUTOINCREMENT counters here).
    await sql`DELETE FROM sqlite_sequence WHERE name IN ('clusters', 'quote_clusters')`.execute(trx);
  });
  return clusterPending(db, opts);
}
