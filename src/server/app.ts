// The HTTP API (Hono + zod): JSON lists with cursor pagination, one article with every layer,
// aggregates, time series, exports, the OpenAPI document, and token-guarded ingest.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { methodNotAllowed } from 'hono/method-not-allowed';
import type { Kysely } from 'kysely';
import { EXTRACTOR_VERSION } from '../extract/record.js';
import { defaultKb, type KnowledgeBase } from '../kb/load.js';
import { listClustersPage, listQuoteClustersPage } from '../store/cluster-queries.js';
import {
  actorProfile,
  actorRefs,
  apiDb,
  articleLayers,
  type EventFilter,
  listActorsPage,
  listArticlesPage,
  listEventsPage,
  listOutletsPage,
  listPlacesPage,
  listQuotesPage,
  type QuoteFilter,
  seriesByPair,
  seriesByType,
} from '../store/queries.js';
import type { Database } from '../store/schema.js';
import type { Extractor, Store } from '../store/store.js';
import {
  clusterDetail,
  clusterPage,
  dyadsOf,
  indexOf,
  quoteClusterDetail,
  resolveActor,
  sourcesOf,
} from './analysis.js';
import { ResultCache } from './cache.js';
import { ApiError, describeZodError, errorResponse, handleError } from './errors.js';
import { CONTENT_TYPES, type ExportFormat, exportEvents, exportQuotes } from './export.js';
import { ingestItems } from './ingest.js';
import {
  ActorProfileSchema,
  ActorsPage,
  ActorsQuery,
  ArticleSchema,
  ArticlesPage,
  ArticlesQuery,
  ClusterDetailSchema,
  ClusterIdParam,
  ClustersPage,
  ClustersQuery,
  DyadsPage,
  DyadsQuery,
  ErrorSchema,
  EventsExportQuery,
  EventsPage,
  EventsQuery,
  IdParam,
  IndexQuery,
  IndexSchema,
  IngestBody,
  IngestSummarySchema,
  KeyParam,
  OutletsPage,
  OutletsQuery,
  PlacesPage,
  PlacesQuery,
  QuoteClusterDetailSchema,
  QuoteClustersPage,
  QuoteClustersQuery,
  QuotesExportQuery,
  QuotesPage,
  QuotesQuery,
  SeriesQuery,
  SeriesSchema,
  SourcesQuery,
  SourcesSchema,
  StatsSchema,
  splitList,
} from './schemas.js';
import { notBuiltPage, staticFile } from './static.js';

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface AppOptions {
  store: Store & { db: Kysely<Database> };
  /** Bearer token that enables POST /api/ingest; null keeps the server read-only. */
  token: string | null;
  /** The built dashboard (web/dist); null or missing: a page saying it is not built. */
  webDir: string | null;
  maxBodyBytes?: number;
  /** Host header names accepted (against DNS rebinding); null accepts any. */
  allowedHosts?: string[] | null;
  /** For tests: the extractor ingest uses (default: the real one with the default KB). */
  extractor?: Extractor;
  /** The knowledge base the analysis endpoints name actors and outlets with (default: the packaged one and REDLINE_KB). */
  kb?: KnowledgeBase;
}

const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      code,
      { description: ERROR_TEXT[code] ?? 'Error', content: { 'application/json': { schema: ErrorSchema } } },
    ]),
  );

const ERROR_TEXT: Record<number, string> = {
  400: 'Bad parameter or filter',
  401: 'Missing or wrong bearer token',
  403: 'Ingest disabled (REDLINE_TOKEN not set)',
  404: 'Unknown id',
  413: 'Request body too large',
  415: 'Body is not application/json',
};

const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  200: { description, content: { 'application/json': { schema } } },
});

function checkRange(f: { since?: string | undefined; until?: string | undefined }): void {
  if (f.since && f.until && f.since.slice(0, f.until.length) > f.until)
    throw new ApiError(400, `since (${f.since}) is after until (${f.until})`);
}

type EventQueryInput =
  | z.infer<typeof EventsQuery>
  | z.infer<typeof EventsExportQuery>
  | z.infer<typeof SeriesQuery>;

function eventFilter(q: EventQueryInput): EventFilter {
  checkRange(q);
  const f: EventFilter = {};
  for (const k of [
    'actor',
    'source',
    'target',
    'since',
    'until',
    'place',
    'outlet',
    'text',
    'article',
  ] as const) {
    const v = q[k];
    if (v) f[k] = v;
  }
  const type = splitList(q.type, true);
  const modality = splitList(q.modality, false);
  if (type) f.type = type;
  if (modality) f.modality = modality;
  return f;
}

/**
 * The filter of a directory list (actors, places, outlets): every set field as given, type and
 * modality split into lists; paging fields are not filters.
 */
function directoryFilter<Q extends { type?: string | undefined; modality?: string | undefined }>(q: Q) {
  const {
    limit: _l,
    cursor: _c,
    sort: _s,
    type,
    modality,
    ...rest
  } = q as Q & {
    limit?: unknown;
    cursor?: unknown;
    sort?: unknown;
  };
  const types = splitList(type, true);
  const mods = splitList(modality, false);
  return {
    ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v)),
    ...(types ? { type: types } : {}),
    ...(mods ? { modality: mods } : {}),
  };
}

function quoteFilter(q: z.infer<typeof QuotesQuery> | z.infer<typeof QuotesExportQuery>): QuoteFilter {
  checkRange(q);
  const f: QuoteFilter = {};
  for (const k of ['speaker', 'kind', 'since', 'until', 'outlet', 'text', 'article'] as const) {
    const v = q[k];
    if (v) f[k] = v;
  }
  return f;
}

/** The filters event and quote clusters share. */
function clusterFilter(q: z.infer<typeof ClustersQuery> | z.infer<typeof QuoteClustersQuery>) {
  return {
    ...(q.since ? { since: q.since } : {}),
    ...(q.until ? { until: q.until } : {}),
    ...(q.outlet ? { outlet: q.outlet } : {}),
    ...(q.q ? { q: q.q } : {}),
    ...(q.minArticles ? { minArticles: q.minArticles } : {}),
    ...(q.article ? { article: q.article } : {}),
  };
}

const page = (q: { sort?: string | undefined; cursor?: string | undefined; limit?: number | undefined }) => ({
  ...(q.sort ? { sort: q.sort } : {}),
  ...(q.cursor ? { cursor: q.cursor } : {}),
  ...(q.limit ? { limit: q.limit } : {}),
});

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Bearer-token check in constant time; 403 when ingest is switched off altogether. */
function requireToken(token: string | null): MiddlewareHandler {
  return async (c, next) => {
    if (!token)
      throw new ApiError(
        403,
        'this server is read-only: start it with REDLINE_TOKEN set to enable POST /api/ingest',
      );
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m)
      throw new ApiError(401, 'missing bearer token: send Authorization: Bearer <REDLINE_TOKEN>', {
        'WWW-Authenticate': 'Bearer realm="redline"',
      });
    if (!timingSafeEqual(digest(m[1]!), digest(token)))
      throw new ApiError(401, 'wrong bearer token', {
        'WWW-Authenticate': 'Bearer realm="redline", error="invalid_token"',
      });
    await next();
  };
}

function hostGuard(allowed: string[] | null): MiddlewareHandler {
  const set = allowed ? new Set(allowed.map((h) => h.toLowerCase())) : null;
  return async (c, next) => {
    if (set) {
      const host = (c.req.header('host') ?? '').toLowerCase();
      const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
      if (!set.has(name))
        throw new ApiError(
          403,
          `unexpected Host header "${host}": this server only answers as ${[...set].join(', ')}`,
        );
    }
    await next();
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    c.res.headers.set('Referrer-Policy', 'no-referrer');
    c.res.headers.set('X-Frame-Options', 'DENY');
  };
}

export function createApp(opts: AppOptions): OpenAPIHono {
  const db = apiDb(opts.store.db);
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // Index and pair lists of this database, until it changes.
  const results = new ResultCache();
  const app = new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success) throw new ApiError(400, describeZodError(result.error, result.target));
    },
  });
  app.onError(handleError);
  app.use('*', hostGuard(opts.allowedHosts ?? null));
  // Validation sees one value per parameter: a repeated one would be silently dropped.
  app.use('/api/*', async (c, next) => {
    const seen = new Set<string>();
    for (const k of new URL(c.req.url).searchParams.keys()) {
      if (seen.has(k))
        throw new ApiError(
          400,
          `parameter "${k}" is given more than once: give it once (lists are comma-separated)`,
        );
      seen.add(k);
    }
    await next();
  });
  app.use(
    '*',
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) =>
        errorResponse(
          c,
          405,
          `${c.req.method} is not allowed on ${c.req.path}: use ${methods.join(' or ')}`,
          {
            Allow: methods.join(', '),
          },
        ),
    }),
  );

  // ---- articles
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/articles',
      summary: 'List and search articles',
      description: 'Full-text search with `q`; filters by outlet, language and publication date.',
      tags: ['articles'],
      request: { query: ArticlesQuery },
      responses: { ...json(ArticlesPage, 'A page of articles'), ...errors(400) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      checkRange(q);
      const source = q.outlet ?? q.source;
      const result = await listArticlesPage(
        db,
        {
          ...(q.q ? { q: q.q } : {}),
          ...(source ? { source } : {}),
          ...(q.language ? { language: q.language } : {}),
          ...(q.since ? { since: q.since } : {}),
          ...(q.until ? { until: q.until } : {}),
          duplicates: q.duplicates === 'true',
        },
        page(q),
      );
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/articles/{id}',
      summary: 'One article with its text and every layer',
      description:
        'Metadata, cleaned text, what cleaning removed, and the stored actors, places, weapons, quotes, quantities, dates and events, each with its [start, end) spans into the text.',
      tags: ['articles'],
      request: { params: IdParam },
      responses: { ...json(ArticleSchema, 'The article'), ...errors(404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const article = await opts.store.getArticle(id);
      if (!article) throw new ApiError(404, `no article with id "${id}"`);
      const { extraction, ...layers } = await articleLayers(db, id);
      return c.json({ ...article, extraction, layers }, 200);
    },
  );

  // ---- events
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/events',
      summary: 'Events: who did what to whom, where and when',
      tags: ['events'],
      request: { query: EventsQuery },
      responses: { ...json(EventsPage, 'A page of events'), ...errors(400) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await listEventsPage(db, eventFilter(q), page(q)), 200);
    },
  );

  // ---- quotes
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/quotes',
      summary: 'Quotes: who said what',
      tags: ['quotes'],
      request: { query: QuotesQuery },
      responses: { ...json(QuotesPage, 'A page of quotes'), ...errors(400) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await listQuotesPage(db, quoteFilter(q), page(q)), 200);
    },
  );

  // ---- exports (streamed; documented in the registry, validated here)
  const exportRoute = (what: 'events' | 'quotes', format: ExportFormat) => {
    const path = `/api/${what}.${format}`;
    const schema = what === 'events' ? EventsExportQuery : QuotesExportQuery;
    app.openAPIRegistry.registerPath({
      method: 'get',
      path,
      summary: `Export ${what} as ${format === 'csv' ? 'CSV' : format === 'jsonl' ? 'JSON Lines' : 'GeoJSON'}`,
      description:
        format === 'geojson'
          ? what === 'events'
            ? 'A FeatureCollection of the events whose place is geocoded (Point at the place).'
            : 'A FeatureCollection of quotes placed at their article’s dateline place, else its most-mentioned geocoded place (`placeBasis` says which).'
          : `Every ${what.slice(0, -1)} matching the filters, same filters as /api/${what}.`,
      tags: ['exports'],
      request: { query: schema },
      responses: {
        200: {
          description: `The ${what}`,
          content: { [CONTENT_TYPES[format].split(';')[0]!]: { schema: { type: 'string' } } },
        },
        ...errors(400),
      },
    });
    app.get(path, (c) => {
      const parsed = schema.safeParse(c.req.query());
      if (!parsed.success) throw new ApiError(400, describeZodError(parsed.error, 'query'));
      const q = parsed.data;
      const max = q.limit ?? Number.MAX_SAFE_INTEGER;
      const sort = q.sort ?? 'id';
      const body =
        what === 'events'
          ? exportEvents(db, eventFilter(q as z.infer<typeof EventsExportQuery>), format, sort, max)
          : exportQuotes(db, quoteFilter(q as z.infer<typeof QuotesExportQuery>), format, sort, max);
      return new Response(body, {
        headers: {
          'Content-Type': CONTENT_TYPES[format],
          'Content-Disposition': `attachment; filename="${what}.${format}"`,
          'Cache-Control': 'no-store',
        },
      });
    });
  };
  for (const what of ['events', 'quotes'] as const)
    for (const format of ['csv', 'jsonl', 'geojson'] as const) exportRoute(what, format);

  // ---- actors
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/actors',
      summary: 'Actors with counts of articles, events (as source and target) and quotes',
      description: 'Date range, outlet, type and modality narrow the counts to what falls within them.',
      tags: ['actors'],
      request: { query: ActorsQuery },
      responses: { ...json(ActorsPage, 'A page of actors'), ...errors(400) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      checkRange(q);
      return c.json(await listActorsPage(db, directoryFilter(q), page(q)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/actors/{key}',
      summary: 'Actor profile: roles, counts, counterparts, recent events and quotes',
      tags: ['actors'],
      request: { params: KeyParam },
      responses: { ...json(ActorProfileSchema, 'The actor'), ...errors(404) },
    }),
    async (c) => {
      let { key } = c.req.valid('param');
      // A plain name stands for the one keyed actor of that name, when there is exactly one.
      if (!key.includes(':')) {
        const keys = (await actorRefs(db, key)).filter((r) => !r.startsWith('name:') && r !== key);
        if (keys.length === 1) key = keys[0]!;
      }
      const profile = await actorProfile(db, key);
      if (!profile) throw new ApiError(404, `no actor "${key}"`);
      return c.json(profile, 200);
    },
  );

  // ---- places
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/places',
      summary: 'Places with coordinates, precision, and counts of articles and events',
      tags: ['places'],
      request: { query: PlacesQuery },
      responses: { ...json(PlacesPage, 'A page of places'), ...errors(400) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      checkRange(q);
      const { geocoded, ...rest } = q;
      return c.json(
        await listPlacesPage(db, { ...directoryFilter(rest), geocoded: geocoded === 'true' }, page(q)),
        200,
      );
    },
  );

  // ---- outlets
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/outlets',
      summary: 'Outlets with their counts of articles, events and quotes',
      tags: ['outlets'],
      request: { query: OutletsQuery },
      responses: { ...json(OutletsPage, 'A page of outlets'), ...errors(400) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      checkRange(q);
      return c.json(await listOutletsPage(db, directoryFilter(q), page(q)), 200);
    },
  );

  // ---- series
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/series',
      summary: 'Event counts per day, week or month, by PLOVER type or by actor pair',
      description:
        'Takes the filters of /api/events. `by=pair` returns the busiest `top` (source, target) pairs, with how many of their events are conflictual (negative intensity) or cooperative (positive); `interval=total` gives one count per pair (a network).',
      tags: ['series'],
      request: { query: SeriesQuery },
      responses: { ...json(SeriesSchema, 'The series'), ...errors(400) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const f = eventFilter(q);
      const by = q.by ?? 'type';
      const interval = q.interval ?? 'day';
      if (by === 'type') {
        if (interval === 'total')
          throw new ApiError(400, 'interval=total is for by=pair; by=type needs day, week or month');
        const s = await seriesByType(db, f, interval);
        return c.json({ by, ...s }, 200);
      }
      const s = await seriesByPair(db, f, interval, q.top ?? 50);
      return c.json({ by, interval: s.interval, total: s.total, undated: 0, items: s.items }, 200);
    },
  );

  // ---- analysis: escalation index, actor pairs, clusters, outlet comparison
  // The knowledge base loads on first use, so a server that never answers these starts faster.
  const kb = () => (opts.kb ??= defaultKb());

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/index',
      summary: 'Escalation index of an actor pair per day or week',
      description:
        'The rows `redline index --json` prints: per period the coverage (articles stored), clustered events counted once by PLOVER type, verbal / material / cooperation scores weighted by intensity and per article (null for a period without articles: a gap, never 0), events the pair talked about but that did not happen (`notCounted`), and flagged shifts (robust z-score against the trailing window) with the events that drove them. Adds the resolved dyad with names, the outlets of every driving cluster and a name for every actor id.',
      tags: ['analysis'],
      request: { query: IndexQuery },
      responses: { ...json(IndexSchema, 'The index'), ...errors(400) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      checkRange(q);
      return c.json(
        await results.get(opts.store.db, `index ${JSON.stringify(q)}`, () => indexOf(opts.store.db, kb(), q)),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/index/dyads',
      summary: 'Actor pairs with events (for the index)',
      description:
        'Every pair of index-level actors (both directions together) with clustered events that happened, with their counts and summed scores; `dyad` is the value for `/api/index?dyad=`.',
      tags: ['analysis'],
      request: { query: DyadsQuery },
      responses: { ...json(DyadsPage, 'A page of actor pairs'), ...errors(400) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      checkRange(q);
      return c.json(
        await results.get(opts.store.db, `dyads ${JSON.stringify(q)}`, () =>
          dyadsOf(opts.store.db, kb(), q, page(q)),
        ),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/clusters',
      summary: 'Event clusters: one real-world event, every report of it',
      description:
        'Reports of the same event across articles and outlets, with the consensus day, place and actors, the outlets and their kinds, the earliest report and where the reports disagree. Sort: `day` (default `-day`), `reports`, `articles`, `id`.',
      tags: ['analysis'],
      request: { query: ClustersQuery },
      responses: { ...json(ClustersPage, 'A page of clusters'), ...errors(400) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      checkRange(q);
      const type = splitList(q.type, true);
      const group = splitList(q.group, false);
      const result = await listClustersPage(
        opts.store.db,
        {
          ...(q.actor ? { actor: resolveActor(kb(), q.actor) } : {}),
          ...(type ? { type } : {}),
          ...(group ? { group } : {}),
          ...clusterFilter(q),
        },
        page(q),
      );
      return c.json(clusterPage(kb(), result), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/clusters/{id}',
      summary: 'One event cluster with all its reports and claim/counter-claim links',
      description:
        'Every report (article, outlet and its kind, publication date, the evidence sentence and its spans, to open in `/api/articles/{id}`), the disagreements between reports, and the clusters it answers or is answered by (an accusation and its denial).',
      tags: ['analysis'],
      request: { params: ClusterIdParam },
      responses: { ...json(ClusterDetailSchema, 'The cluster'), ...errors(400, 404) },
    }),
    async (c) => c.json(await clusterDetail(opts.store.db, kb(), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/quote-clusters',
      summary: 'Quote clusters: the same statement quoted by several outlets',
      description: 'Sort: `day` (default `-day`), `reports`, `articles`, `id`.',
      tags: ['analysis'],
      request: { query: QuoteClustersQuery },
      responses: { ...json(QuoteClustersPage, 'A page of quote clusters'), ...errors(400) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      checkRange(q);
      const refs = q.speaker ? await actorRefs(db, q.speaker) : [];
      const result = await listQuoteClustersPage(
        opts.store.db,
        { ...(q.speaker ? { speaker: q.speaker, speakerRefs: refs } : {}), ...clusterFilter(q) },
        page(q),
      );
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/quote-clusters/{id}',
      summary: 'One quote cluster with every outlet’s quote of it',
      tags: ['analysis'],
      request: { params: ClusterIdParam },
      responses: { ...json(QuoteClusterDetailSchema, 'The quote cluster'), ...errors(400, 404) },
    }),
    async (c) => c.json(await quoteClusterDetail(opts.store.db, kb(), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/sources',
      summary: 'Outlets compared: framing words in shared stories, events only one outlet reported',
      description:
        'What `redline sources --json` prints, one item per outlet, plus per framing concept which outlets use which words (`concepts`; more than one variant means the outlets differ).',
      tags: ['analysis'],
      request: { query: SourcesQuery },
      responses: { ...json(SourcesSchema, 'The comparison'), ...errors(400) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      checkRange(q);
      return c.json(await sourcesOf(opts.store.db, kb(), q), 200);
    },
  );

  // ---- stats
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/stats',
      summary: 'What the database holds',
      tags: ['meta'],
      responses: json(StatsSchema, 'Counts, outlets, languages, date range, schema version'),
    }),
    async (c) =>
      c.json(
        { ...(await opts.store.stats()), extractorVersion: EXTRACTOR_VERSION, ingest: Boolean(opts.token) },
        200,
      ),
  );

  // ---- ingest
  app.post('/api/ingest', requireToken(opts.token));
  app.post(
    '/api/ingest',
    bodyLimit({
      maxSize: maxBody,
      onError: (c) =>
        errorResponse(
          c,
          413,
          `request body too large: the limit is ${(maxBody / 1024 / 1024).toFixed(1)} MB`,
        ),
    }),
  );
  let queue: Promise<unknown> = Promise.resolve();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/ingest',
      summary: 'Ingest articles (requires REDLINE_TOKEN)',
      description:
        'Runs the same cleaning, extraction and storage as `redline ingest` on one article or an array of articles, in one transaction; idempotent by article id. Needs `Authorization: Bearer <REDLINE_TOKEN>`; the body is limited in size.',
      tags: ['ingest'],
      security: [{ bearer: [] }],
      request: {
        body: { required: true, content: { 'application/json': { schema: IngestBody } } },
      },
      responses: {
        ...json(IngestSummarySchema, 'What happened to each article'),
        ...errors(400, 401, 403, 413, 415),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const items = (Array.isArray(body) ? body : [body]) as Record<string, unknown>[];
      // One ingest at a time: each is one transaction on the one connection.
      const run = queue.then(() => ingestItems(opts.store, items, opts.extractor));
      queue = run.catch(() => undefined);
      const summary = await run;
      // Written through this connection: data_version does not see it.
      results.clear();
      return c.json(summary, 200);
    },
  );

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  let doc: unknown = null;
  app.get('/api/openapi.json', (c) => {
    doc ??= app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Redline API',
        version: EXTRACTOR_VERSION,
        description:
          'Who did and said what to whom, where and when, from conflict news. Every list takes `limit`, `cursor` and `sort`; every error is `{error: {message, status}}`.',
        license: { name: 'MIT' },
      },
    });
    return c.json(doc as Record<string, unknown>);
  });

  app.notFound((c) => notFound(c, opts.webDir));
  return app;
}

async function notFound(c: Context, webDir: string | null): Promise<Response> {
  const path = c.req.path;
  const isApi = path === '/api' || path.startsWith('/api/');
  if (!isApi && (c.req.method === 'GET' || c.req.method === 'HEAD')) {
    if (webDir) {
      const file = await staticFile(webDir, path);
      if (file)
        return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
          'Content-Type': file.type,
          'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        });
    } else if (path === '/' || path === '/index.html') {
      return c.html(notBuiltPage(), 200, {
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      });
    }
  }
  return errorResponse(
    c,
    404,
    `nothing at ${c.req.method} ${path}${isApi ? ': see /api/openapi.json for the endpoints' : ''}`,
  );
}
