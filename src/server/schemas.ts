// Request and response schemas: they validate every input and generate the OpenAPI document.
import { z } from '@hono/zod-openapi';
import { CLUSTER_SORTS, QUOTE_CLUSTER_SORTS } from '../store/cluster-queries.js';
import {
  ACTOR_SORTS,
  ARTICLE_SORTS,
  EVENT_SORTS,
  OUTLET_SORTS,
  PLACE_SORTS,
  QUOTE_SORTS,
} from '../store/queries.js';

/** The 16 PLOVER event types and the modalities of the extraction record (FORMAT.md). */
export const EVENT_TYPES = [
  'AGREE',
  'CONSULT',
  'SUPPORT',
  'CONCEDE',
  'COOPERATE',
  'AID',
  'RETREAT',
  'REQUEST',
  'ACCUSE',
  'REJECT',
  'THREATEN',
  'PROTEST',
  'SANCTION',
  'MOBILIZE',
  'COERCE',
  'ASSAULT',
] as const;
export const MODALITIES = ['asserted', 'reported', 'hypothetical', 'negated', 'future'] as const;
export const ACTOR_TYPES = ['PERSON', 'ORG', 'COUNTRY', 'GROUP'] as const;

export const MAX_LIMIT = 1000;

const sortParam = (sorts: readonly string[], fallback: string) =>
  z
    .enum([...sorts, ...sorts.map((s) => `-${s}`)] as [string, ...string[]])
    .optional()
    .openapi({ description: `Sort field, \`-\` first for descending. Default \`${fallback}\`.` });

const page = (sorts: readonly string[], fallback: string) => ({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_LIMIT)
    .optional()
    .openapi({ description: `Items per page, 1–${MAX_LIMIT}, default 50.`, example: 50 }),
  cursor: z.string().max(4096).optional().openapi({
    description: 'The `nextCursor` of the previous page, unchanged (valid with the same sort only).',
  }),
  sort: sortParam(sorts, fallback),
});

const text = (max: number, description: string) =>
  z.string().min(1).max(max).optional().openapi({ description });

const date = (description: string) =>
  z
    .string()
    .regex(
      /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/,
      'expected a date as YYYY, YYYY-MM or YYYY-MM-DD',
    )
    .optional()
    .openapi({ description, example: '2023-05-01' });

/** Comma-separated values from a closed list, case-insensitive. */
const list = (values: readonly string[], description: string, upper: boolean) =>
  z
    .string()
    .max(400)
    .refine(
      (s) =>
        s.split(',').every((v) => values.includes(upper ? v.trim().toUpperCase() : v.trim().toLowerCase())),
      { message: `expected one or more (comma-separated) of ${values.join(', ')}` },
    )
    .optional()
    .openapi({ description: `${description} One or more of ${values.join(', ')}, comma-separated.` });

export const splitList = (s: string | undefined, upper: boolean): string[] | undefined =>
  s
    ? [...new Set(s.split(',').map((v) => (upper ? v.trim().toUpperCase() : v.trim().toLowerCase())))]
    : undefined;

const bool = (description: string) => z.enum(['true', 'false']).optional().openapi({ description });

const since = date('On or after this day (an event’s or quote’s day: its own date, else publication day).');
const until = date('On or before this day (YYYY or YYYY-MM cover the whole year or month).');
const outlet = text(200, 'Reported by this outlet (case-insensitive).');
const types = list(EVENT_TYPES, 'PLOVER event type.', true);
const modalities = list(MODALITIES, 'Event modality.', false);

export const eventFilterFields = {
  actor: text(200, 'Actor key (`country:RUS`) or name (`Russia`), as source or target.'),
  source: text(200, 'Actor key or name, as source.'),
  target: text(200, 'Actor key or name, as target.'),
  type: types,
  modality: modalities,
  since,
  until,
  place: text(200, 'Place key or name.'),
  outlet,
  text: text(200, 'Evidence sentence contains this (case-insensitive).'),
  article: text(500, 'Events of this article only.'),
};

export const quoteFilterFields = {
  speaker: text(200, 'Speaker key or name (case-insensitive).'),
  kind: z.enum(['direct', 'indirect']).optional().openapi({ description: 'Direct or reported speech.' }),
  since,
  until,
  outlet,
  text: text(200, 'Quote contains this (case-insensitive).'),
  article: text(500, 'Quotes of this article only.'),
};

export const EventsQuery = z.object({ ...eventFilterFields, ...page(EVENT_SORTS, '-date') }).strict();
export const QuotesQuery = z.object({ ...quoteFilterFields, ...page(QUOTE_SORTS, '-date') }).strict();

const exportLimit = z.coerce
  .number()
  .int()
  .min(1)
  .max(100_000_000)
  .optional()
  .openapi({ description: 'At most this many rows (default: all).' });

export const EventsExportQuery = z
  .object({ ...eventFilterFields, sort: sortParam(EVENT_SORTS, 'id'), limit: exportLimit })
  .strict();
export const QuotesExportQuery = z
  .object({ ...quoteFilterFields, sort: sortParam(QUOTE_SORTS, 'id'), limit: exportLimit })
  .strict();

export const ArticlesQuery = z
  .object({
    q: text(500, 'Full-text search over title and text; `word*` matches a prefix.'),
    source: outlet,
    outlet: text(200, 'Same as `source`.'),
    language: z
      .string()
      .regex(/^[a-z]{2,3}$/, 'expected a language code such as en')
      .optional()
      .openapi({ description: 'ISO 639-1 language code.' }),
    since: date('Published on or after this day.'),
    until: date('Published on or before this day.'),
    duplicates: bool('Include articles linked as duplicates of another (hidden by default).'),
    ...page(ARTICLE_SORTS, '`relevance` with q, else `-published`'),
  })
  .strict();

const aggregateFields = {
  q: text(200, 'Name contains this (case-insensitive).'),
  since,
  until,
  outlet,
  type: types,
  modality: modalities,
};

export const ActorsQuery = z
  .object({
    ...aggregateFields,
    actorType: z.enum(ACTOR_TYPES).optional().openapi({ description: 'Actor type.' }),
    country: text(10, 'Country of the actor (ISO 3166-1 alpha-3).'),
    ...page(ACTOR_SORTS, '-events'),
  })
  .strict();

export const ActorProfileQuery = z.object({}).strict();

export const PlacesQuery = z
  .object({
    ...aggregateFields,
    country: text(10, 'Country of the place (ISO 3166-1 alpha-2).'),
    kind: text(40, 'Place kind: city, town, village, region, water, facility, other.'),
    precision: text(40, 'Geocoding precision, e.g. town, region.'),
    geocoded: bool('Only places with coordinates.'),
    ...page(PLACE_SORTS, '-articles'),
  })
  .strict();

export const OutletsQuery = z
  .object({
    ...aggregateFields,
    language: z
      .string()
      .regex(/^[a-z]{2,3}$/, 'expected a language code such as en')
      .optional(),
    ...page(OUTLET_SORTS, '-articles'),
  })
  .strict();

export const SeriesQuery = z
  .object({
    ...eventFilterFields,
    by: z
      .enum(['type', 'pair'])
      .optional()
      .openapi({ description: 'Group by PLOVER type (default) or by actor pair.' }),
    interval: z.enum(['day', 'week', 'month', 'total']).optional().openapi({
      description:
        'Period: day (default), week (starting Monday), month; `total` (pairs only) for no periods.',
    }),
    top: z.coerce
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .openapi({ description: 'Pairs: the busiest this many pairs (default 50).' }),
  })
  .strict();

export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(500)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'c1a2b3c4d5e6f7a8b' }),
});
export const KeyParam = z.object({
  key: z
    .string()
    .min(1)
    .max(300)
    .openapi({
      param: { name: 'key', in: 'path' },
      example: 'country:RUS',
      description: 'Actor key, `name:<name>`, or a name.',
    }),
});

// ----------------------------------------------------------------------------------------------
// Responses

export const ErrorSchema = z
  .object({ error: z.object({ message: z.string(), status: z.number().int() }) })
  .openapi('Error');

const span = z
  .tuple([z.number().int(), z.number().int()])
  .openapi({ description: '[start, end) in UTF-16 code units of the article text' });
const spans = z.array(span);

const pageOf = <T extends z.ZodTypeAny>(item: T, name: string) =>
  z
    .object({
      items: z.array(item),
      nextCursor: z
        .string()
        .nullable()
        .openapi({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
    })
    .openapi(name);

export const GeoSchema = z
  .object({
    key: z.string(),
    name: z.string(),
    country: z.string().nullable(),
    lat: z.number(),
    lon: z.number(),
    precision: z.string().nullable(),
    kind: z.string(),
  })
  .openapi('GeoPoint');

export const EventSchema = z
  .object({
    id: z.number().int(),
    articleId: z.string(),
    type: z.string(),
    mode: z.string().nullable(),
    cameo: z.string().nullable(),
    intensity: z.number().nullable(),
    source: z.array(z.string()),
    target: z.array(z.string()),
    sourceKeys: z.array(z.string()),
    targetKeys: z.array(z.string()),
    modality: z.string(),
    date: z.string().nullable(),
    day: z
      .string()
      .nullable()
      .openapi({ description: 'The day the event counts on: its date, else the publication day.' }),
    place: z.string().nullable(),
    placeKey: z.string().nullable().openapi({
      description: 'The place resolved among the article’s places (its key), else the place as written.',
    }),
    geo: GeoSchema.nullable(),
    text: z.string(),
    span,
    evidence: spans,
    outlet: z.string().nullable(),
    published: z.string().nullable(),
    title: z.string().nullable(),
  })
  .openapi('Event');

export const QuoteSchema = z
  .object({
    id: z.number().int(),
    articleId: z.string(),
    speaker: z.string().nullable(),
    speakerKey: z.string().nullable(),
    text: z.string(),
    kind: z.string(),
    cue: z.string().nullable(),
    medium: z.string().nullable(),
    date: z.string().nullable(),
    day: z.string().nullable(),
    span,
    outlet: z.string().nullable(),
    published: z.string().nullable(),
    title: z.string().nullable(),
  })
  .openapi('Quote');

export const ArticleSummarySchema = z
  .object({
    id: z.string(),
    url: z.string().nullable(),
    title: z.string().nullable(),
    published: z.string().nullable(),
    publishedPrecision: z.string().nullable(),
    source: z.string().nullable(),
    language: z.string().nullable(),
    duplicateOf: z.string().nullable(),
    skipReason: z.string().nullable(),
    ingestedAt: z.string(),
    chars: z.number().int(),
    events: z.number().int(),
    quotes: z.number().int(),
    snippet: z
      .string()
      .optional()
      .openapi({ description: 'With q: the matching passage, matches in [brackets].' }),
  })
  .openapi('ArticleSummary');

export const ArticleSchema = z
  .object({
    id: z.string(),
    url: z.string().nullable(),
    title: z.string().nullable(),
    published: z.string().nullable(),
    publishedPrecision: z.string().nullable(),
    source: z.string().nullable(),
    language: z.string().nullable(),
    origin: z.string(),
    storyIndex: z.number().int(),
    storyCount: z.number().int(),
    duplicateOf: z.string().nullable(),
    duplicateKind: z.enum(['exact', 'near']).nullable(),
    skipReason: z.string().nullable(),
    ingestedAt: z.string(),
    chars: z.number().int(),
    text: z.string().openapi({ description: 'The cleaned text every span points into.' }),
    datelinePlace: z.string().nullable(),
    datelineWire: z.string().nullable(),
    byline: z.string().nullable(),
    cleaningLog: z.object({
      removed: z.array(z.object({ line: z.string(), reason: z.string() })),
      repairs: z.array(z.string()),
    }),
    extraction: z.object({ extractorVersion: z.string(), extractedAt: z.string() }).nullable(),
    layers: z.object({
      actors: z.array(
        z.object({
          id: z.number().int(),
          key: z.string(),
          name: z.string(),
          type: z.string(),
          country: z.string().nullable(),
          roles: z.array(z.string()),
          mentions: spans,
        }),
      ),
      places: z.array(
        z.object({
          id: z.number().int(),
          key: z.string(),
          name: z.string(),
          country: z.string().nullable(),
          lat: z.number().nullable(),
          lon: z.number().nullable(),
          kind: z.string(),
          precision: z.string().nullable(),
          mentions: spans,
        }),
      ),
      weapons: z.array(
        z.object({ id: z.number().int(), name: z.string(), class: z.string().nullable(), mentions: spans }),
      ),
      quotes: z.array(
        z.object({
          id: z.number().int(),
          speaker: z.string().nullable(),
          speakerKey: z.string().nullable(),
          text: z.string(),
          kind: z.string(),
          cue: z.string().nullable(),
          medium: z.string().nullable(),
          date: z.string().nullable(),
          span,
        }),
      ),
      quantities: z.array(
        z.object({
          id: z.number().int(),
          kind: z.string(),
          value: z.number().nullable(),
          low: z.number().nullable(),
          high: z.number().nullable(),
          unit: z.string().nullable(),
          subject: z.string().nullable(),
          text: z.string(),
          span,
        }),
      ),
      dates: z.array(z.object({ id: z.number().int(), text: z.string(), value: z.string(), span })),
      events: z.array(
        z.object({
          id: z.number().int(),
          type: z.string(),
          mode: z.string().nullable(),
          cameo: z.string().nullable(),
          intensity: z.number().nullable(),
          source: z.array(z.string()),
          target: z.array(z.string()),
          sourceKeys: z.array(z.string()),
          targetKeys: z.array(z.string()),
          modality: z.string(),
          date: z.string().nullable(),
          place: z.string().nullable(),
          text: z.string(),
          span,
          evidence: spans,
          trigger: span
            .nullable()
            .openapi({ description: 'The predicate that coded the event, when known.' }),
        }),
      ),
    }),
  })
  .openapi('Article');

const actorFields = {
  key: z.string(),
  name: z.string(),
  type: z.string().nullable(),
  country: z.string().nullable(),
  articles: z.number().int(),
  events: z.number().int(),
  asSource: z.number().int(),
  asTarget: z.number().int(),
  quotes: z.number().int(),
};
export const ActorSchema = z.object(actorFields).openapi('Actor');

const counterpart = z.object({ key: z.string(), name: z.string(), events: z.number().int() });
export const ActorProfileSchema = z
  .object({
    ...actorFields,
    refs: z.array(z.string()).openapi({ description: 'The keys and names this profile gathers.' }),
    roles: z.array(z.string()),
    eventTypes: z.array(
      z.object({ type: z.string(), asSource: z.number().int(), asTarget: z.number().int() }),
    ),
    topTargets: z.array(counterpart),
    topSources: z.array(counterpart),
    firstDay: z.string().nullable(),
    lastDay: z.string().nullable(),
    recentEvents: z.array(EventSchema),
    recentQuotes: z.array(QuoteSchema),
  })
  .openapi('ActorProfile');

export const PlaceSchema = z
  .object({
    key: z.string(),
    name: z.string(),
    country: z.string().nullable(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    kind: z.string(),
    precision: z.string().nullable(),
    articles: z.number().int(),
    events: z.number().int(),
  })
  .openapi('Place');

export const OutletSchema = z
  .object({
    outlet: z.string().nullable(),
    articles: z.number().int(),
    events: z.number().int(),
    quotes: z.number().int(),
    firstPublished: z.string().nullable(),
    lastPublished: z.string().nullable(),
  })
  .openapi('Outlet');

export const EventsPage = pageOf(EventSchema, 'EventsPage');
export const QuotesPage = pageOf(QuoteSchema, 'QuotesPage');
export const ArticlesPage = pageOf(ArticleSummarySchema, 'ArticlesPage');
export const ActorsPage = pageOf(ActorSchema, 'ActorsPage');
export const PlacesPage = pageOf(PlaceSchema, 'PlacesPage');
export const OutletsPage = pageOf(OutletSchema, 'OutletsPage');

export const SeriesSchema = z
  .object({
    by: z.enum(['type', 'pair']),
    interval: z.enum(['day', 'week', 'month', 'total']),
    total: z.number().int().openapi({ description: 'Events matching the filters.' }),
    undated: z.number().int().openapi({ description: 'Of which without a day (in no period).' }),
    items: z.array(
      z.object({
        period: z
          .string()
          .nullable()
          .openapi({ description: 'Day, Monday of the week, or YYYY-MM; null for total.' }),
        type: z.string().optional(),
        source: z.string().optional(),
        sourceName: z.string().optional(),
        target: z.string().optional(),
        targetName: z.string().optional(),
        count: z.number().int(),
        conflict: z
          .number()
          .int()
          .optional()
          .openapi({ description: 'Pairs: events with negative intensity.' }),
        cooperation: z
          .number()
          .int()
          .optional()
          .openapi({ description: 'Pairs: events with positive intensity.' }),
      }),
    ),
  })
  .openapi('Series');

export const IngestItem = z
  .object({
    id: z.string().max(500).optional(),
    url: z.string().max(4000).optional(),
    title: z.string().max(4000).optional(),
    text: z.string().optional(),
    html: z.string().optional(),
    published: z.string().max(100).optional(),
    source: z.string().max(200).optional(),
  })
  .refine((o) => Boolean(o.text?.trim() || o.html?.trim()), {
    message: 'each article needs "text" or "html"',
  })
  .openapi('IngestArticle');

export const IngestBody = z
  .union([IngestItem, z.array(IngestItem).min(1).max(1000)])
  .openapi({ description: 'One article, or an array of up to 1000.' });

export const IngestSummarySchema = z
  .object({
    read: z.number().int(),
    articles: z.number().int(),
    stored: z.number().int(),
    unchanged: z.number().int(),
    duplicates: z.object({ exact: z.number().int(), near: z.number().int() }),
    nonEnglish: z.number().int(),
    failed: z.array(z.object({ input: z.string(), reason: z.string() })),
    outcomes: z.array(
      z.object({
        input: z.string().openapi({ description: 'Which item of the body: `POST /api/ingest body[0]`…' }),
        id: z.string(),
        kind: z.enum(['stored', 'unchanged', 'duplicate']),
        of: z.string().optional(),
        how: z.enum(['exact', 'near']).optional(),
      }),
    ),
  })
  .openapi('IngestSummary');

export const StatsSchema = z
  .object({
    articles: z.number().int(),
    extracted: z.number().int(),
    events: z.number().int(),
    quotes: z.number().int(),
    duplicates: z.number().int(),
    nonEnglish: z.number().int(),
    sources: z.array(z.object({ source: z.string().nullable(), articles: z.number().int() })),
    languages: z.array(z.object({ language: z.string().nullable(), articles: z.number().int() })),
    firstPublished: z.string().nullable(),
    lastPublished: z.string().nullable(),
    schemaVersion: z.string(),
    extractorVersion: z.string(),
    ingest: z.boolean().openapi({ description: 'Whether POST /api/ingest is enabled (REDLINE_TOKEN set).' }),
  })
  .openapi('Stats');

// ----------------------------------------------------------------------------------------------
// Analysis: escalation index, actor pairs, clusters, outlet comparison

export const DYAD_SORTS = ['events', 'reports'] as const;
export const CLUSTER_GROUPS = ['happened', 'negated', 'hypothetical', 'future'] as const;

export const IndexQuery = z
  .object({
    dyad: z.string().min(1).max(200).openapi({
      description:
        'Actor pair: `RUS:UKR` (both directions) or `RUS>UKR` (RUS acting on UKR); each side an ISO3 code, organisation id or name, or a country name.',
      example: 'RUS:UKR',
    }),
    by: z
      .enum(['day', 'week'])
      .optional()
      .openapi({ description: 'Period: `week` (default; ISO weeks from Monday) or `day`.' }),
    since: date('Periods from this day (YYYY, YYYY-MM or YYYY-MM-DD).'),
    until: date('Periods to this day (YYYY or YYYY-MM cover the whole year or month).'),
    window: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: 'Trailing covered periods the shift test compares with (default 8).' }),
    threshold: z.coerce
      .number()
      .positive()
      .max(99)
      .optional()
      .openapi({ description: 'Robust z-score at or above which a period is flagged (default 3.5).' }),
  })
  .strict();

export const DyadsQuery = z
  .object({
    actor: text(
      200,
      'Only pairs with this actor: ISO3 code, organisation, name or actor key (`country:RUS`).',
    ),
    since: date('Only events on or after this day.'),
    until: date('Only events on or before this day.'),
    ...page(DYAD_SORTS, '-events'),
  })
  .strict();

const clusterListFields = {
  since: date('Cluster day on or after this day (undated clusters are left out when set).'),
  until: date('Cluster day on or before this day.'),
  outlet: text(
    200,
    'Carried by this outlet: its name in the knowledge base (`BBC`) or an article source line (`BBC News`), case-insensitive.',
  ),
  q: text(200, 'The text of any report contains this (case-insensitive).'),
  minArticles: z.coerce
    .number()
    .int()
    .min(1)
    .max(100000)
    .optional()
    .openapi({ description: 'Carried by at least this many articles (2: reported more than once).' }),
  article: text(500, 'Clusters with a report in this article.'),
};

export const ClustersQuery = z
  .object({
    actor: text(
      200,
      'Source or target: ISO3 code, organisation, name or actor key (people stand for the state or organisation they act for).',
    ),
    type: types,
    group: list(
      CLUSTER_GROUPS,
      'Status of the event: happened (asserted or reported), negated, hypothetical, future.',
      false,
    ),
    ...clusterListFields,
    ...page(CLUSTER_SORTS, '-day'),
  })
  .strict();

export const QuoteClustersQuery = z
  .object({
    speaker: text(200, 'Speaker key (`person:nikol-pashinyan`, `country:ARM`) or name (case-insensitive).'),
    ...clusterListFields,
    ...page(QUOTE_CLUSTER_SORTS, '-day'),
  })
  .strict();

export const SourcesQuery = z
  .object({
    outlet: text(200, 'One outlet (its knowledge-base name or a source line).'),
    since: date('Articles published on or after this day.'),
    until: date('Articles published on or before this day.'),
  })
  .strict();

export const ClusterIdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name: 'id', in: 'path' }, example: 4 }),
});

const familyScores = z
  .object({ verbal: z.number(), material: z.number(), cooperation: z.number() })
  .openapi('FamilyScores');
const family = z.enum(['verbal', 'material', 'cooperation']);

export const DriverSchema = z
  .object({
    cluster: z.number().int().openapi({ description: 'Event cluster id (`/api/clusters/{id}`).' }),
    type: z.string(),
    family,
    weight: z.number().openapi({ description: '|intensity|, else the type’s default weight.' }),
    sources: z.array(z.string()),
    targets: z.array(z.string()),
    reports: z.number().int(),
    text: z.string().nullable(),
  })
  .openapi('IndexDriver');

export const ShiftSchema = z
  .object({
    series: family,
    z: z.number().openapi({ description: 'Robust z-score; ±99 means the history was flat.' }),
    direction: z.enum(['up', 'down']),
    median: z.number().openapi({ description: 'Median per-article score of the trailing window.' }),
    value: z.number().openapi({ description: 'This period’s per-article score.' }),
    drivers: z.array(DriverSchema).openapi({ description: 'Up to five heaviest events of the series.' }),
  })
  .openapi('IndexShift');

export const IndexRowSchema = z
  .object({
    period: z.string().openapi({ description: 'The day, or the Monday of the ISO week.' }),
    label: z.string().openapi({ description: 'The day, or the ISO week (2024-W24).' }),
    articles: z
      .number()
      .int()
      .openapi({ description: 'Coverage: articles stored for the period; 0 is a gap.' }),
    events: z.number().int().openapi({ description: 'Clustered events of the pair that happened.' }),
    reports: z.number().int(),
    byType: z.record(z.string(), z.number().int()),
    score: familyScores,
    perArticle: familyScores
      .nullable()
      .openapi({ description: 'score / articles; null when the period has no articles (a gap, not 0).' }),
    eventsPerArticle: z.number().nullable(),
    notCounted: z
      .number()
      .int()
      .openapi({ description: 'Events that did not happen (hypothetical, negated, future).' }),
    shifts: z.array(ShiftSchema),
    drivers: z.array(DriverSchema),
  })
  .openapi('IndexRow');

export const IndexSchema = z
  .object({
    dyad: z.object({
      a: z.string(),
      b: z.string(),
      directed: z.boolean(),
      aLabel: z.string(),
      bLabel: z.string(),
    }),
    by: z.enum(['day', 'week']),
    rows: z.array(IndexRowSchema),
    undated: z.number().int().openapi({ description: 'Events dated only to a month or year.' }),
    outside: z.number().int().openapi({ description: 'Events outside since/until.' }),
    settings: z.object({
      window: z.number().int(),
      threshold: z.number(),
      minHistory: z.number().int(),
    }),
    clusters: z
      .record(
        z.string(),
        z.object({
          day: z.string().nullable(),
          place: z.string().nullable(),
          articles: z.number().int(),
          outlets: z.array(z.string()),
          outletKinds: z.array(z.string()),
        }),
      )
      .openapi({ description: 'Every driving cluster by id: its day, place and outlets.' }),
    labels: z
      .record(z.string(), z.string())
      .openapi({ description: 'A readable name for every actor id in the answer.' }),
  })
  .openapi('EscalationIndex');

export const DyadSchema = z
  .object({
    dyad: z.string().openapi({ example: 'RUS:UKR' }),
    a: z.string(),
    b: z.string(),
    aLabel: z.string(),
    bLabel: z.string(),
    events: z.number().int(),
    reports: z.number().int(),
    score: familyScores,
  })
  .openapi('Dyad');

const outletsOf = z.string();
export const DisagreementsSchema = z
  .object({
    figures: z
      .array(
        z.object({
          kind: z.string(),
          values: z.array(z.object({ value: z.string(), outlets: z.array(outletsOf), text: z.string() })),
        }),
      )
      .optional(),
    dates: z.array(z.object({ date: z.string(), outlets: z.array(outletsOf) })).optional(),
    places: z.array(z.object({ place: z.string(), outlets: z.array(outletsOf) })).optional(),
    framing: z
      .array(
        z.object({
          concept: z.string(),
          variants: z.array(
            z.object({ variant: z.string(), label: z.string(), outlets: z.array(outletsOf) }),
          ),
        }),
      )
      .optional(),
  })
  .openapi('Disagreements', {
    description: 'Where the reports differ: figures, dates, places, framing words.',
  });

const clusterFields = {
  id: z.number().int(),
  type: z.string(),
  group: z.string().openapi({ description: 'happened, negated, hypothetical or future.' }),
  day: z.string().nullable(),
  date: z.string().nullable().openapi({ description: 'The day, else the month or year most reports give.' }),
  place: z.string().nullable(),
  sources: z
    .array(z.string())
    .openapi({ description: 'Index-level actors (ISO3, organisation id, person key).' }),
  targets: z.array(z.string()),
  sourceNames: z.array(z.string()),
  targetNames: z.array(z.string()),
  intensity: z.number().nullable(),
  reports: z.number().int(),
  articles: z.number().int(),
  outlets: z.array(z.string()),
  outletKinds: z.array(z.string()),
  firstEvent: z.number().int().nullable(),
  firstArticle: z.string().nullable(),
  firstPublished: z.string().nullable(),
  text: z.string().nullable(),
  disagreements: DisagreementsSchema,
  updatedAt: z.string(),
};
export const ClusterSchema = z.object(clusterFields).openapi('Cluster');
export const ClustersPage = pageOf(ClusterSchema, 'ClustersPage');

const reportArticle = {
  articleId: z.string(),
  title: z.string().nullable(),
  url: z.string().nullable(),
  articleSource: z.string().nullable().openapi({ description: 'The article’s source line as stored.' }),
  outlet: z
    .string()
    .nullable()
    .openapi({ description: 'The outlet’s knowledge-base name, else the source line.' }),
  outletKind: z.string().nullable(),
  published: z.string().nullable(),
};

export const ClusterReportSchema = z
  .object({
    eventId: z.number().int(),
    ...reportArticle,
    type: z.string(),
    modality: z.string(),
    source: z.array(z.string()),
    target: z.array(z.string()),
    date: z.string().nullable(),
    place: z.string().nullable(),
    text: z.string().openapi({ description: 'The evidence sentence.' }),
    span,
    evidence: spans,
    score: z.number(),
  })
  .openapi('ClusterReport');

export const ClusterLinkSchema = z
  .object({
    claimId: z.number().int(),
    counterId: z.number().int(),
    kind: z.string().openapi({ description: 'denial, refusal, rejection or negation.' }),
    score: z.number(),
    role: z.enum(['claim', 'counter']).openapi({ description: 'What this cluster is in the link.' }),
    other: z.object({
      id: z.number().int(),
      type: z.string(),
      group: z.string(),
      day: z.string().nullable(),
      date: z.string().nullable(),
      sources: z.array(z.string()),
      targets: z.array(z.string()),
      sourceNames: z.array(z.string()),
      targetNames: z.array(z.string()),
      reports: z.number().int(),
      outlets: z.array(z.string()),
      text: z.string().nullable(),
    }),
  })
  .openapi('ClusterLink');

export const ClusterDetailSchema = z
  .object({ ...clusterFields, reports: z.array(ClusterReportSchema), links: z.array(ClusterLinkSchema) })
  .openapi('ClusterDetail');

const quoteClusterFields = {
  id: z.number().int(),
  speaker: z.string().nullable(),
  speakerRef: z.string(),
  day: z.string().nullable(),
  text: z.string(),
  reports: z.number().int(),
  articles: z.number().int(),
  outlets: z.array(z.string()),
  outletKinds: z.array(z.string()),
  firstQuote: z.number().int().nullable(),
  firstArticle: z.string().nullable(),
  firstPublished: z.string().nullable(),
};
export const QuoteClusterSchema = z.object(quoteClusterFields).openapi('QuoteCluster');
export const QuoteClustersPage = pageOf(QuoteClusterSchema, 'QuoteClustersPage');
export const QuoteClusterDetailSchema = z
  .object({
    ...quoteClusterFields,
    reports: z.array(
      z.object({
        quoteId: z.number().int(),
        ...reportArticle,
        speaker: z.string().nullable(),
        speakerKey: z.string().nullable(),
        text: z.string(),
        kind: z.string(),
        date: z.string().nullable(),
        span,
        score: z.number(),
      }),
    ),
  })
  .openapi('QuoteClusterDetail');

export const SourcesSchema = z
  .object({
    outlets: z.array(
      z.object({
        outlet: z.string(),
        kind: z.string().nullable(),
        articles: z.number().int(),
        events: z.number().int().openapi({ description: 'Event clusters the outlet carried.' }),
        shared: z.number().int().openapi({ description: 'Of those, clusters other outlets carried too.' }),
        exclusive: z
          .array(
            z.object({
              cluster: z.number().int(),
              type: z.string(),
              day: z.string().nullable(),
              text: z.string().nullable(),
            }),
          )
          .openapi({
            description: 'Clusters only this outlet carried, in stories other outlets covered too.',
          }),
        exclusiveTotal: z
          .number()
          .int()
          .openapi({ description: 'Clusters only this outlet carried, all of them.' }),
        framing: z.array(
          z.object({
            concept: z.string(),
            variants: z.array(z.object({ variant: z.string(), label: z.string(), count: z.number().int() })),
          }),
        ),
      }),
    ),
    concepts: z
      .array(
        z.object({
          concept: z.string(),
          name: z.string(),
          variants: z.array(
            z.object({ variant: z.string(), label: z.string(), outlets: z.array(z.string()) }),
          ),
        }),
      )
      .openapi({
        description:
          'Per framing concept, which outlets use which words (more than one variant: they differ).',
      }),
  })
  .openapi('SourceComparison');

export const DyadsPage = pageOf(DyadSchema, 'DyadsPage');
