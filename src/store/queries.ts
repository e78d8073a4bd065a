// Read queries behind the HTTP API: filtered, sorted, cursor-paginated lists, one article with
// every layer, aggregates (actors, places, outlets) and time series. Written against Kysely with
// every value a bound parameter. They rest on migration 0003-api-indexes: events and quotes carry
// their effective `day` and `outlet`, event_actors indexes who took part in which event, and the
// rollup_* tables hold per-day counts, so unfiltered timelines and lists stay fast at millions of
// events. Filters the rollups do not cover fall back to the item tables.
import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import { parseJson } from './clusters.js';
import type { Database, EventsTable, QuotesTable } from './schema.js';
import { ftsQuery } from './sqlite.js';

export interface EventActorsTable {
  event_id: number;
  role: 'source' | 'target';
  /** An actor key, or `name:<name>` when the extractor gave no key. */
  ref: string;
  day: string | null;
  type: string;
}

interface ActorCounts {
  articles: number;
  events: number;
  as_source: number;
  as_target: number;
  quotes: number;
}

interface PairCounts {
  source: string;
  target: string;
  n: number;
  conflict: number;
  cooperation: number;
}

export interface ApiDatabase extends Omit<Database, 'events' | 'quotes'> {
  events: EventsTable & { day: string | null; outlet: string | null; place_key: string | null };
  quotes: QuotesTable & { day: string | null; outlet: string | null };
  event_actors: EventActorsTable;
  actor_index: { ref: string; name: string; type: string | null; country: string | null };
  place_index: {
    key: string;
    name: string;
    country: string | null;
    lat: number | null;
    lon: number | null;
    kind: string | null;
    precision: string | null;
  };
  /** Per-day counts; `day` is '' for items without one. */
  rollup_events: { day: string; type: string; modality: string; n: number };
  rollup_outlets: { day: string; outlet: string; articles: number; events: number; quotes: number };
  rollup_actors: ActorCounts & { day: string; ref: string };
  rollup_actor_totals: ActorCounts & { ref: string };
  rollup_actor_types: {
    ref: string;
    role: 'source' | 'target' | 'any';
    type: string;
    day: string;
    n: number;
  };
  rollup_places: { day: string; place: string; articles: number; events: number };
  rollup_place_totals: { place: string; articles: number; events: number };
  rollup_pairs: PairCounts & { day: string };
  rollup_pair_totals: PairCounts;
}

export type ApiDb = Kysely<ApiDatabase>;

/** The store's Kysely instance seen with the columns and tables migration 0003 adds. */
export const apiDb = (db: Kysely<Database>): ApiDb => db as unknown as ApiDb;

/** A query the caller got wrong (a bad cursor, an unknown sort): the API answers 400. */
export class QueryError extends Error {}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  /** Sort name, `-` first for descending (`-date`). */
  sort?: string;
  cursor?: string;
  limit?: number;
}

export type Key = string | number | null;

export interface Cursor {
  /** The sort the cursor was made for: a cursor is only valid with the same sort. */
  s: string;
  /** Keyset: the last row's sort value and id. */
  k?: [Key, number];
  /** Offset, for aggregate lists and relevance order. */
  o?: number;
}

export const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');

export function decodeCursor(cursor: string | undefined, sort: string): Cursor | null {
  if (!cursor) return null;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new QueryError('invalid cursor: pass back the nextCursor of the previous page unchanged');
  }
  const c = v as Partial<Cursor> | null;
  if (typeof c !== 'object' || c === null || typeof c.s !== 'string')
    throw new QueryError('invalid cursor: pass back the nextCursor of the previous page unchanged');
  if (c.s !== sort) throw new QueryError(`cursor was made for sort "${c.s}", not "${sort}"`);
  const keyOk =
    c.k === undefined ||
    (Array.isArray(c.k) &&
      c.k.length === 2 &&
      (c.k[0] === null || typeof c.k[0] === 'string' || typeof c.k[0] === 'number') &&
      Number.isInteger(c.k[1]));
  const offOk = c.o === undefined || (Number.isInteger(c.o) && c.o >= 0);
  if (!keyOk || !offOk || (c.k === undefined) === (c.o === undefined))
    throw new QueryError('invalid cursor: pass back the nextCursor of the previous page unchanged');
  return c as Cursor;
}

export function parseSort<S extends string>(
  sort: string | undefined,
  allowed: readonly S[],
  fallback: string,
) {
  const s = sort ?? fallback;
  const desc = s.startsWith('-');
  const name = (desc ? s.slice(1) : s) as S;
  if (!allowed.includes(name))
    throw new QueryError(`unknown sort "${s}": expected one of ${allowed.join(', ')} (prefix - to reverse)`);
  return { raw: s, name, desc };
}

export const DEFAULT_LIMIT = 50;

/** Rows after the cursor's row in (col, id) order; NULLs sort first ascending, last descending. */
export function after(col: string, id: string, desc: boolean, [v, id0]: [Key, number]): RawBuilder<SqlBool> {
  const c = sql.ref(col);
  const i = sql.ref(id);
  if (col === id) return desc ? sql<SqlBool>`${i} < ${id0}` : sql<SqlBool>`${i} > ${id0}`;
  if (v === null)
    return desc
      ? sql<SqlBool>`(${c} IS NULL AND ${i} < ${id0})`
      : sql<SqlBool>`(${c} IS NOT NULL OR ${i} > ${id0})`;
  return desc
    ? sql<SqlBool>`(${c} < ${v} OR (${c} = ${v} AND ${i} < ${id0}) OR ${c} IS NULL)`
    : sql<SqlBool>`(${c} > ${v} OR (${c} = ${v} AND ${i} > ${id0}))`;
}

/** `x LIKE %words%`, case-insensitive, with the user's % and _ taken literally. */
export function contains(col: string, text: string): RawBuilder<SqlBool> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  return sql<SqlBool>`lower(${sql.ref(col)}) LIKE ${pattern} ESCAPE '\\'`;
}

/**
 * Exclusive upper bound for a YYYY, YYYY-MM or YYYY-MM-DD `until`, so `day < bound` keeps every
 * day it covers: 2023 → 2024, 2023-12 → 2024-01, 2023-05-31 → 2023-06-01.
 */
export function untilExclusive(until: string): string {
  const [y, m, d] = until.split('-').map(Number) as [number, number | undefined, number | undefined];
  if (m === undefined) return String(y + 1).padStart(4, '0');
  if (d === undefined)
    return m === 12
      ? `${String(y + 1).padStart(4, '0')}-01`
      : `${until.slice(0, 5)}${String(m + 1).padStart(2, '0')}`;
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Actors and places named by key or by name

const looksLikeKey = (v: string) => /^[a-z][a-z0-9-]*:/i.test(v);

/**
 * Everything an actor filter value can stand for: the key itself, keys of actors with that name,
 * and `name:` refs for events and quotes the extractor attributed by name only.
 */
export async function actorRefs(db: ApiDb, value: string): Promise<string[]> {
  const refs = new Set([value]);
  const name = value.startsWith('name:') ? value.slice(5) : value;
  if (!looksLikeKey(value) || value.startsWith('name:')) refs.add(`name:${name}`);
  const rows = await db
    .selectFrom('actor_index')
    .select(['ref', 'name'])
    .where((eb) => eb.or([eb('ref', '=', value), eb(sql`name`, '=', sql`${name} COLLATE NOCASE`)]))
    .limit(50)
    .execute();
  for (const r of rows) {
    refs.add(r.ref);
    refs.add(`name:${r.name}`);
  }
  return [...refs];
}

/** The refs that take part in at least one event, as stored (event_actors is case-insensitive). */
async function liveRefs(db: ApiDb, refs: string[]): Promise<string[]> {
  if (!refs.length) return [];
  const rows = await db
    .selectFrom('rollup_actor_totals')
    .select('ref')
    .where('ref', 'in', refs)
    .where('events', '>', 0)
    .execute();
  return [...new Set(rows.map((r) => r.ref))];
}

/** What `events.place_key` holds for a place given by key or name. */
async function placeKeys(db: ApiDb, value: string): Promise<string[]> {
  const keys = new Set([value]);
  const rows = await db
    .selectFrom('place_index')
    .select('key')
    .where((eb) => eb.or([eb('key', '=', value), eb(sql`name`, '=', sql`${value} COLLATE NOCASE`)]))
    .limit(50)
    .execute();
  for (const r of rows) keys.add(r.key);
  return [...keys];
}

// ---------------------------------------------------------------------------------------------
// Events

export interface EventFilter {
  /** Actor key or name, as source or target. */
  actor?: string;
  source?: string;
  target?: string;
  type?: string[];
  modality?: string[];
  /** Effective day (the event's day-precision date, else the publication day), YYYY[-MM[-DD]]. */
  since?: string;
  until?: string;
  /** Place key or name. */
  place?: string;
  outlet?: string;
  /** The evidence sentence contains this (case-insensitive). */
  text?: string;
  article?: string;
}

type ActorRole = 'actor' | 'source' | 'target';
const ACTOR_ROLES: ActorRole[] = ['actor', 'source', 'target'];
const NOTHING = sql<SqlBool>`1 = 0`;

/** The filter's keys that are set. */
const setKeys = (f: object): string[] =>
  Object.entries(f)
    .filter(([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && !v.length))
    .map(([k]) => k);

const onlyKeys = (f: object, allowed: string[]) => setKeys(f).every((k) => allowed.includes(k));

async function eventConditions(db: ApiDb, f: EventFilter, alias = 'e'): Promise<RawBuilder<SqlBool>[]> {
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  const conds: RawBuilder<SqlBool>[] = [];
  if (f.type?.length) conds.push(sql<SqlBool>`${col('type')} IN (${sql.join(f.type)})`);
  if (f.modality?.length) conds.push(sql<SqlBool>`${col('modality')} IN (${sql.join(f.modality)})`);
  if (f.since) conds.push(sql<SqlBool>`${col('day')} >= ${f.since}`);
  if (f.until) conds.push(sql<SqlBool>`${col('day')} < ${untilExclusive(f.until)}`);
  if (f.outlet) conds.push(sql<SqlBool>`${col('outlet')} = ${f.outlet}`);
  if (f.article) conds.push(sql<SqlBool>`${col('article_id')} = ${f.article}`);
  if (f.text) conds.push(contains(`${alias}.text`, f.text));
  if (f.place) conds.push(sql<SqlBool>`${col('place_key')} IN (${sql.join(await placeKeys(db, f.place))})`);
  for (const role of ACTOR_ROLES) {
    const value = f[role];
    if (!value) continue;
    const refs = await liveRefs(db, await actorRefs(db, value));
    if (!refs.length) conds.push(NOTHING);
    else if (role === 'actor')
      conds.push(
        sql<SqlBool>`${col('id')} IN (SELECT event_id FROM event_actors WHERE ref IN (${sql.join(refs)}))`,
      );
    else
      conds.push(
        sql<SqlBool>`${col('id')} IN (SELECT event_id FROM event_actors WHERE ref IN (${sql.join(refs)}) AND role = ${role})`,
      );
  }
  return conds;
}

/** The actor filter to drive a query from event_actors (an index range), if there is one. */
function driver(f: EventFilter): ActorRole | null {
  return ACTOR_ROLES.find((r) => f[r]) ?? null;
}

/**
 * Conditions on event_actors `ea` for the driving actor: its refs, its role, and for any role one
 * row per event (an actor can be both source and target of one event).
 */
async function drive(db: ApiDb, f: EventFilter, role: ActorRole): Promise<RawBuilder<SqlBool>[] | null> {
  const refs = await liveRefs(db, await actorRefs(db, f[role]!));
  if (!refs.length) return null;
  const conds = [sql<SqlBool>`ea.ref IN (${sql.join(refs)})`];
  if (role !== 'actor') conds.push(sql<SqlBool>`ea.role = ${role}`);
  else if (await bothRoles(db, refs))
    conds.push(
      sql<SqlBool>`NOT EXISTS (SELECT 1 FROM event_actors o WHERE o.event_id = ea.event_id AND +o.ref IN (${sql.join(refs)}) AND o.rowid < ea.rowid)`,
    );
  return conds;
}

/** Whether any event has these actors more than once (say as source and as target). */
async function bothRoles(db: ApiDb, refs: string[]): Promise<boolean> {
  if (refs.length > 1) return true;
  const r = await db
    .selectFrom('rollup_actor_totals')
    .select(['events', 'as_source', 'as_target'])
    .where('ref', 'in', refs)
    .executeTakeFirst();
  return !r || r.as_source + r.as_target > r.events;
}

export interface GeoPoint {
  key: string;
  name: string;
  country: string | null;
  lat: number;
  lon: number;
  precision: string | null;
  kind: string;
}

export interface ApiEvent {
  id: number;
  articleId: string;
  type: string;
  mode: string | null;
  cameo: string | null;
  intensity: number | null;
  source: string[];
  target: string[];
  sourceKeys: string[];
  targetKeys: string[];
  modality: string;
  date: string | null;
  /** The day the event is counted on: its own day-precision date, else the publication day. */
  day: string | null;
  place: string | null;
  /** The event's place resolved among its article's places, with its point when geocoded. */
  placeKey: string | null;
  geo: GeoPoint | null;
  text: string;
  span: [number, number];
  evidence: [number, number][];
  outlet: string | null;
  published: string | null;
  title: string | null;
}

export const EVENT_SORTS = ['date', 'id', 'intensity'] as const;
const EVENT_SORT_COL: Record<(typeof EVENT_SORTS)[number], string> = {
  date: 'e.day',
  id: 'e.id',
  intensity: 'e.intensity',
};

const EVENT_SELECT = [
  'e.id',
  'e.article_id',
  'e.type',
  'e.mode',
  'e.cameo',
  'e.intensity',
  'e.source',
  'e.target',
  'e.source_keys',
  'e.target_keys',
  'e.modality',
  'e.date',
  'e.day',
  'e.place',
  'e.place_key',
  'e.text',
  'e.start',
  'e.end',
  'e.evidence',
  'e.outlet',
  'a.published',
  'a.title',
] as const;

type EventColumns = Pick<
  EventRowRaw,
  | 'id'
  | 'type'
  | 'mode'
  | 'cameo'
  | 'intensity'
  | 'source'
  | 'target'
  | 'source_keys'
  | 'target_keys'
  | 'modality'
  | 'date'
  | 'place'
  | 'text'
  | 'start'
  | 'end'
  | 'evidence'
>;

/** The event fields every API shape shares (lists, exports, article layers), parsed from a row. */
function eventFields(r: EventColumns) {
  return {
    id: r.id,
    type: r.type,
    mode: r.mode,
    cameo: r.cameo,
    intensity: r.intensity,
    source: parseJson<string[]>(r.source, []),
    target: parseJson<string[]>(r.target, []),
    sourceKeys: parseJson<string[]>(r.source_keys, []),
    targetKeys: parseJson<string[]>(r.target_keys, []),
    modality: r.modality,
    date: r.date,
    place: r.place,
    text: r.text,
    span: [r.start, r.end] as [number, number],
    evidence: parseJson<[number, number][]>(r.evidence, [[r.start, r.end]]),
  };
}

interface EventRowRaw {
  id: number;
  article_id: string;
  type: string;
  mode: string | null;
  cameo: string | null;
  intensity: number | null;
  source: string;
  target: string;
  source_keys: string;
  target_keys: string;
  modality: string;
  date: string | null;
  day: string | null;
  place: string | null;
  place_key: string | null;
  text: string;
  start: number;
  end: number;
  evidence: string;
  outlet: string | null;
  published: string | null;
  title: string | null;
}

export async function listEventsPage(
  db: ApiDb,
  f: EventFilter,
  p: PageRequest = {},
): Promise<Page<ApiEvent>> {
  const sort = parseSort(p.sort, EVENT_SORTS, '-date');
  const cursor = decodeCursor(p.cursor, sort.raw);
  const limit = p.limit ?? DEFAULT_LIMIT;
  const dir = sort.desc ? 'desc' : 'asc';
  const role = sort.name === 'date' ? driver(f) : null;
  let rows: EventRowRaw[];
  if (role) {
    // Newest events of an actor: walk its index range in date order and stop at the page.
    const conds = await drive(db, f, role);
    if (!conds) return { items: [], nextCursor: null };
    const { [role]: _driver, since, until, type, ...rest } = f;
    let q = db
      .selectFrom('event_actors as ea')
      .innerJoin('events as e', 'e.id', 'ea.event_id')
      .innerJoin('articles as a', 'a.id', 'e.article_id')
      .select(EVENT_SELECT);
    for (const c of conds) q = q.where(c);
    if (since) q = q.where('ea.day', '>=', since);
    if (until) q = q.where('ea.day', '<', untilExclusive(until));
    if (type?.length) q = q.where('ea.type', 'in', type);
    for (const c of await eventConditions(db, rest)) q = q.where(c);
    if (cursor?.k) q = q.where(after('ea.day', 'ea.event_id', sort.desc, cursor.k));
    rows = await q
      .orderBy('ea.day', dir)
      .orderBy('ea.event_id', dir)
      .limit(limit + 1)
      .execute();
  } else {
    const col = EVENT_SORT_COL[sort.name];
    let q = db
      .selectFrom('events as e')
      .innerJoin('articles as a', 'a.id', 'e.article_id')
      .select(EVENT_SELECT);
    for (const c of await eventConditions(db, f)) q = q.where(c);
    if (cursor?.k) q = q.where(after(col, 'e.id', sort.desc, cursor.k));
    if (col !== 'e.id') q = q.orderBy(sql.ref(col), dir);
    rows = await q
      .orderBy('e.id', dir)
      .limit(limit + 1)
      .execute();
  }
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const geo = await geocode(
    db,
    page.filter((r) => r.place_key).map((r) => ({ article: r.article_id, key: r.place_key! })),
  );
  const items: ApiEvent[] = page.map((r) => ({
    ...eventFields(r),
    articleId: r.article_id,
    day: r.day,
    placeKey: r.place_key,
    geo: r.place_key ? (geo.get(r.place_key) ?? null) : null,
    outlet: r.outlet,
    published: r.published,
    title: r.title,
  }));
  const last = page[page.length - 1];
  const lastKey: Key | undefined = last
    ? sort.name === 'date'
      ? last.day
      : sort.name === 'intensity'
        ? last.intensity
        : last.id
    : undefined;
  return {
    items,
    nextCursor: more && last ? encodeCursor({ s: sort.raw, k: [lastKey ?? null, last.id] }) : null,
  };
}

/** Points for place keys, from the place directory (only geocoded places have one). */
async function geocode(db: ApiDb, refs: { article: string; key: string }[]): Promise<Map<string, GeoPoint>> {
  const out = new Map<string, GeoPoint>();
  const keys = [...new Set(refs.map((r) => r.key))];
  if (!keys.length) return out;
  const rows = await db
    .selectFrom('place_index')
    .selectAll()
    .where('key', 'in', keys)
    .where('lat', 'is not', null)
    .where('lon', 'is not', null)
    .execute();
  for (const r of rows)
    out.set(r.key, {
      key: r.key,
      name: r.name,
      country: r.country,
      lat: r.lat!,
      lon: r.lon!,
      precision: r.precision,
      kind: r.kind ?? 'other',
    });
  return out;
}

/**
 * Where each article is located, for items without a place of their own: its dateline place when
 * that is geocoded among its places, else its most-mentioned geocoded place.
 */
export async function articleLocations(
  db: ApiDb,
  articleIds: string[],
): Promise<Map<string, { geo: GeoPoint; basis: 'dateline' | 'mentions' }>> {
  const out = new Map<string, { geo: GeoPoint; basis: 'dateline' | 'mentions' }>();
  const ids = [...new Set(articleIds)];
  if (!ids.length) return out;
  const datelines = new Map(
    (await db.selectFrom('articles').select(['id', 'dateline_place']).where('id', 'in', ids).execute()).map(
      (r) => [r.id, r.dateline_place?.toLowerCase() ?? null],
    ),
  );
  const rows = await db
    .selectFrom('places')
    .select(['article_id', 'key', 'name', 'country', 'lat', 'lon', 'precision', 'kind', 'mentions'])
    .where('article_id', 'in', ids)
    .where('lat', 'is not', null)
    .where('lon', 'is not', null)
    .orderBy('id')
    .execute();
  const best = new Map<string, number>();
  for (const r of rows) {
    const geo: GeoPoint = {
      key: r.key,
      name: r.name,
      country: r.country,
      lat: r.lat!,
      lon: r.lon!,
      precision: r.precision,
      kind: r.kind,
    };
    if (out.get(r.article_id)?.basis === 'dateline') continue;
    if (datelines.get(r.article_id) === r.name.toLowerCase()) {
      out.set(r.article_id, { geo, basis: 'dateline' });
      continue;
    }
    const n = parseJson<unknown[]>(r.mentions, []).length;
    if (n > (best.get(r.article_id) ?? -1)) {
      best.set(r.article_id, n);
      out.set(r.article_id, { geo, basis: 'mentions' });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Quotes

export interface QuoteFilter {
  /** Speaker key, or speaker name (case-insensitive). */
  speaker?: string;
  kind?: string;
  since?: string;
  until?: string;
  outlet?: string;
  /** The quote contains this (case-insensitive). */
  text?: string;
  article?: string;
}

export interface ApiQuote {
  id: number;
  articleId: string;
  speaker: string | null;
  speakerKey: string | null;
  text: string;
  kind: string;
  cue: string | null;
  medium: string | null;
  date: string | null;
  day: string | null;
  span: [number, number];
  outlet: string | null;
  published: string | null;
  title: string | null;
}

export const QUOTE_SORTS = ['date', 'id'] as const;

async function quoteConditions(db: ApiDb, f: QuoteFilter): Promise<RawBuilder<SqlBool>[]> {
  const conds: RawBuilder<SqlBool>[] = [];
  if (f.speaker) {
    // The speaker's keys, and its names for quotes attributed by name only.
    const refs = await actorRefs(db, f.speaker);
    const keys = refs.filter((r) => !r.startsWith('name:'));
    const names = [
      ...new Set(refs.filter((r) => r.startsWith('name:')).map((r) => r.slice(5).toLowerCase())),
    ];
    const byName = names.length ? sql<SqlBool>`lower(q.speaker) IN (${sql.join(names)})` : NOTHING;
    conds.push(keys.length ? sql<SqlBool>`(q.speaker_key IN (${sql.join(keys)}) OR ${byName})` : byName);
  }
  if (f.kind) conds.push(sql<SqlBool>`q.kind = ${f.kind}`);
  if (f.since) conds.push(sql<SqlBool>`q.day >= ${f.since}`);
  if (f.until) conds.push(sql<SqlBool>`q.day < ${untilExclusive(f.until)}`);
  if (f.outlet) conds.push(sql<SqlBool>`q.outlet = ${f.outlet}`);
  if (f.article) conds.push(sql<SqlBool>`q.article_id = ${f.article}`);
  if (f.text) conds.push(contains('q.text', f.text));
  return conds;
}

export async function listQuotesPage(
  db: ApiDb,
  f: QuoteFilter,
  p: PageRequest = {},
): Promise<Page<ApiQuote>> {
  const sort = parseSort(p.sort, QUOTE_SORTS, '-date');
  const cursor = decodeCursor(p.cursor, sort.raw);
  const limit = p.limit ?? DEFAULT_LIMIT;
  const col = sort.name === 'date' ? 'q.day' : 'q.id';
  let q = db
    .selectFrom('quotes as q')
    .innerJoin('articles as a', 'a.id', 'q.article_id')
    .select([
      'q.id',
      'q.article_id',
      'q.speaker',
      'q.speaker_key',
      'q.text',
      'q.kind',
      'q.cue',
      'q.medium',
      'q.date',
      'q.day',
      'q.start',
      'q.end',
      'q.outlet',
      'a.published',
      'a.title',
    ]);
  for (const c of await quoteConditions(db, f)) q = q.where(c);
  if (cursor?.k) q = q.where(after(col, 'q.id', sort.desc, cursor.k));
  const dir = sort.desc ? 'desc' : 'asc';
  if (col !== 'q.id') q = q.orderBy(sql.ref(col), dir);
  const rows = await q
    .orderBy('q.id', dir)
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      articleId: r.article_id,
      speaker: r.speaker,
      speakerKey: r.speaker_key,
      text: r.text,
      kind: r.kind,
      cue: r.cue,
      medium: r.medium,
      date: r.date,
      day: r.day,
      span: [r.start, r.end],
      outlet: r.outlet,
      published: r.published,
      title: r.title,
    })),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ s: sort.raw, k: [sort.name === 'date' ? last.day : last.id, last.id] })
        : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Articles

export interface ArticleQuery {
  /** Full-text search over title and text. */
  q?: string;
  source?: string;
  language?: string;
  since?: string;
  until?: string;
  /** Include duplicates (hidden by default). */
  duplicates?: boolean;
}

export interface ApiArticle {
  id: string;
  url: string | null;
  title: string | null;
  published: string | null;
  publishedPrecision: string | null;
  source: string | null;
  language: string | null;
  duplicateOf: string | null;
  skipReason: string | null;
  ingestedAt: string;
  chars: number;
  events: number;
  quotes: number;
  /** With `q`: the matching passage, matches in [brackets]. */
  snippet?: string;
}

export const ARTICLE_SORTS = ['published', 'id', 'title', 'relevance'] as const;

export async function listArticlesPage(
  db: ApiDb,
  f: ArticleQuery,
  p: PageRequest = {},
): Promise<Page<ApiArticle>> {
  const match = f.q ? ftsQuery(f.q) : null;
  if (f.q && !match) throw new QueryError('q has no words to search for');
  const sort = parseSort(p.sort, ARTICLE_SORTS, match ? 'relevance' : '-published');
  if (sort.name === 'relevance' && !match) throw new QueryError('sort "relevance" needs a search (q)');
  const cursor = decodeCursor(p.cursor, sort.raw);
  const limit = p.limit ?? DEFAULT_LIMIT;
  let q = db
    .selectFrom('articles as a')
    .select([
      'a.seq',
      'a.id',
      'a.url',
      'a.title',
      'a.published',
      'a.published_precision',
      'a.source',
      'a.language',
      'a.duplicate_of',
      'a.skip_reason',
      'a.ingested_at',
      sql<number>`length(a.text)`.as('chars'),
    ]);
  if (match) {
    q = q
      .innerJoin(sql<{ rowid: number }>`articles_fts`.as('fts'), (j) =>
        j.onRef(sql.ref('fts.rowid'), '=', 'a.seq'),
      )
      .where(sql<SqlBool>`articles_fts MATCH ${match}`)
      .select([
        sql<string>`snippet(articles_fts, 1, '[', ']', '…', 16)`.as('snippet'),
        sql<number>`bm25(articles_fts)`.as('rank'),
      ]);
  }
  if (!f.duplicates) q = q.where('a.duplicate_of', 'is', null);
  if (f.source) q = q.where(sql`lower(a.source)`, '=', f.source.toLowerCase());
  if (f.language) q = q.where('a.language', '=', f.language);
  if (f.since) q = q.where('a.published', '>=', f.since);
  if (f.until) q = q.where('a.published', '<', untilExclusive(f.until));
  const dir = sort.desc ? 'desc' : 'asc';
  let offset = 0;
  if (sort.name === 'relevance') {
    offset = cursor?.o ?? 0;
    // bm25 is lower for better matches: ascending rank is best first.
    q = q.orderBy(sql`rank`, sort.desc ? 'desc' : 'asc').orderBy('a.seq', 'asc');
  } else {
    const col = { published: 'a.published', id: 'a.seq', title: 'a.title' }[sort.name];
    if (cursor?.k) q = q.where(after(col, 'a.seq', sort.desc, cursor.k));
    if (col !== 'a.seq') q = q.orderBy(sql.ref(col), dir);
    q = q.orderBy('a.seq', dir);
  }
  const rows = await q
    .limit(limit + 1)
    .offset(offset)
    .execute();
  const page = rows.slice(0, limit);
  const counts = await itemCounts(
    db,
    page.map((r) => r.id),
  );
  const last = page[page.length - 1];
  let nextCursor: string | null = null;
  if (rows.length > limit && last) {
    const key: Key =
      sort.name === 'published' ? last.published : sort.name === 'title' ? last.title : last.seq;
    nextCursor = encodeCursor(
      sort.name === 'relevance' ? { s: sort.raw, o: offset + limit } : { s: sort.raw, k: [key, last.seq] },
    );
  }
  return {
    items: page.map((r) => {
      const c = counts.get(r.id);
      const snippet = (r as { snippet?: string }).snippet;
      return {
        id: r.id,
        url: r.url,
        title: r.title,
        published: r.published,
        publishedPrecision: r.published_precision,
        source: r.source,
        language: r.language,
        duplicateOf: r.duplicate_of,
        skipReason: r.skip_reason,
        ingestedAt: r.ingested_at,
        chars: r.chars,
        events: c?.events ?? 0,
        quotes: c?.quotes ?? 0,
        ...(snippet !== undefined ? { snippet } : {}),
      };
    }),
    nextCursor,
  };
}

async function itemCounts(db: ApiDb, ids: string[]) {
  const out = new Map<string, { events: number; quotes: number }>();
  if (!ids.length) return out;
  for (const t of ['events', 'quotes'] as const) {
    const rows = await db
      .selectFrom(t)
      .select(['article_id', sql<number>`count(*)`.as('n')])
      .where('article_id', 'in', ids)
      .groupBy('article_id')
      .execute();
    for (const r of rows) {
      const c = out.get(r.article_id) ?? { events: 0, quotes: 0 };
      c[t] = r.n;
      out.set(r.article_id, c);
    }
  }
  return out;
}

type Span = [number, number];

export interface ArticleLayers {
  extraction: { extractorVersion: string; extractedAt: string } | null;
  actors: {
    id: number;
    key: string;
    name: string;
    type: string;
    country: string | null;
    roles: string[];
    mentions: Span[];
  }[];
  places: {
    id: number;
    key: string;
    name: string;
    country: string | null;
    lat: number | null;
    lon: number | null;
    kind: string;
    precision: string | null;
    mentions: Span[];
  }[];
  weapons: { id: number; name: string; class: string | null; mentions: Span[] }[];
  quotes: {
    id: number;
    speaker: string | null;
    speakerKey: string | null;
    text: string;
    kind: string;
    cue: string | null;
    medium: string | null;
    date: string | null;
    span: Span;
  }[];
  quantities: {
    id: number;
    kind: string;
    value: number | null;
    low: number | null;
    high: number | null;
    unit: string | null;
    subject: string | null;
    text: string;
    span: Span;
  }[];
  dates: { id: number; text: string; value: string; span: Span }[];
  events: {
    id: number;
    type: string;
    mode: string | null;
    cameo: string | null;
    intensity: number | null;
    source: string[];
    target: string[];
    sourceKeys: string[];
    targetKeys: string[];
    modality: string;
    date: string | null;
    place: string | null;
    text: string;
    span: Span;
    evidence: Span[];
    /** The predicate that coded the event ("struck", "warned"), when the coder recorded it. */
    trigger: Span | null;
  }[];
}

/** Every stored layer of one article, each item with its spans into the article's text. */
export async function articleLayers(db: ApiDb, id: string): Promise<ArticleLayers> {
  const ext = await db
    .selectFrom('extractions')
    .select(['extractor_version', 'extracted_at', 'record'])
    .where('article_id', '=', id)
    .executeTakeFirst();
  const [actors, places, weapons, quotes, quantities, dates, events] = await Promise.all([
    db.selectFrom('actors').selectAll().where('article_id', '=', id).orderBy('id').execute(),
    db.selectFrom('places').selectAll().where('article_id', '=', id).orderBy('id').execute(),
    db.selectFrom('weapons').selectAll().where('article_id', '=', id).orderBy('id').execute(),
    db.selectFrom('quotes').selectAll().where('article_id', '=', id).orderBy('id').execute(),
    db.selectFrom('quantities').selectAll().where('article_id', '=', id).orderBy('id').execute(),
    db.selectFrom('dates').selectAll().where('article_id', '=', id).orderBy('id').execute(),
    db.selectFrom('events').selectAll().where('article_id', '=', id).orderBy('id').execute(),
  ]);
  // Trigger words are kept in the stored record, whose events were written in table order.
  const recordEvents = ext
    ? (parseJson<{ events?: { trigger?: unknown }[] }>(ext.record, {}).events ?? [])
    : [];
  const triggerOf = (i: number): Span | null => {
    const t = recordEvents[i]?.trigger;
    return Array.isArray(t) && t.length === 2 && t.every((x) => Number.isInteger(x)) ? (t as Span) : null;
  };
  return {
    extraction: ext ? { extractorVersion: ext.extractor_version, extractedAt: ext.extracted_at } : null,
    actors: actors.map((r) => ({
      id: r.id,
      key: r.key,
      name: r.name,
      type: r.type,
      country: r.country,
      roles: parseJson<string[]>(r.roles, []),
      mentions: parseJson<Span[]>(r.mentions, []),
    })),
    places: places.map((r) => ({
      id: r.id,
      key: r.key,
      name: r.name,
      country: r.country,
      lat: r.lat,
      lon: r.lon,
      kind: r.kind,
      precision: r.precision,
      mentions: parseJson<Span[]>(r.mentions, []),
    })),
    weapons: weapons.map((r) => ({
      id: r.id,
      name: r.name,
      class: r.class,
      mentions: parseJson<Span[]>(r.mentions, []),
    })),
    quotes: quotes.map((r) => ({
      id: r.id,
      speaker: r.speaker,
      speakerKey: r.speaker_key,
      text: r.text,
      kind: r.kind,
      cue: r.cue,
      medium: r.medium,
      date: r.date,
      span: [r.start, r.end],
    })),
    quantities: quantities.map((r) => ({
      id: r.id,
      kind: r.kind,
      value: r.value,
      low: r.low,
      high: r.high,
      unit: r.unit,
      subject: r.subject,
      text: r.text,
      span: [r.start, r.end],
    })),
    dates: dates.map((r) => ({ id: r.id, text: r.text, value: r.value, span: [r.start, r.end] })),
    events: events.map((r, i) => ({ ...eventFields(r), trigger: triggerOf(i) })),
  };
}

// ---------------------------------------------------------------------------------------------
// Aggregates: actors, places, outlets. They are small (one row per distinct actor, place or
// outlet), so they are filtered and sorted in memory and paged by offset.

function pageOf<T>(all: T[], sortRaw: string, cursor: Cursor | null, limit: number): Page<T> {
  const offset = cursor?.o ?? 0;
  if (cursor?.k)
    throw new QueryError('invalid cursor: pass back the nextCursor of the previous page unchanged');
  const items = all.slice(offset, offset + limit);
  return {
    items,
    nextCursor: offset + limit < all.length ? encodeCursor({ s: sortRaw, o: offset + limit }) : null,
  };
}

function sorter<T>(get: (x: T) => string | number | null, desc: boolean, tie: (x: T) => string) {
  return (a: T, b: T) => {
    const x = get(a);
    const y = get(b);
    let c = 0;
    if (x !== y) {
      if (x === null) c = -1;
      else if (y === null) c = 1;
      else if (typeof x === 'number' && typeof y === 'number') c = x - y;
      else c = String(x).localeCompare(String(y));
    }
    if (desc) c = -c;
    return c || tie(a).localeCompare(tie(b));
  };
}

/** Filters shared by the aggregate lists: a date range, an outlet, event type and modality. */
export interface AggregateFilter {
  /** Name contains this (case-insensitive). */
  q?: string;
  since?: string;
  until?: string;
  outlet?: string;
  type?: string[];
  modality?: string[];
}

/** `day` within since/until, on a rollup table ('' days are out of any range). */
function dayRange(
  f: { since?: string | undefined; until?: string | undefined },
  col = 'day',
): RawBuilder<SqlBool>[] {
  const out: RawBuilder<SqlBool>[] = [];
  if (f.since) out.push(sql<SqlBool>`${sql.ref(col)} >= ${f.since}`);
  if (f.until) out.push(sql<SqlBool>`${sql.ref(col)} < ${untilExclusive(f.until)} AND ${sql.ref(col)} <> ''`);
  return out;
}

const where = (conds: RawBuilder<SqlBool>[]) =>
  conds.length ? sql`WHERE ${sql.join(conds, sql` AND `)}` : sql``;

/** Articles in a date range and outlet (by publication), for counts the rollups cannot give. */
function articleScope(f: AggregateFilter, alias: string): RawBuilder<SqlBool>[] {
  const c = (x: string) => sql.ref(`${alias}.${x}`);
  const out: RawBuilder<SqlBool>[] = [sql<SqlBool>`${c('duplicate_of')} IS NULL`];
  if (f.since) out.push(sql<SqlBool>`${c('published')} >= ${f.since}`);
  if (f.until) out.push(sql<SqlBool>`${c('published')} < ${untilExclusive(f.until)}`);
  if (f.outlet) out.push(sql<SqlBool>`lower(${c('source')}) = lower(${f.outlet})`);
  return out;
}

export interface ApiActor {
  key: string;
  name: string;
  type: string | null;
  country: string | null;
  articles: number;
  events: number;
  asSource: number;
  asTarget: number;
  quotes: number;
}

export const ACTOR_SORTS = ['events', 'articles', 'quotes', 'name'] as const;

export interface ActorFilter extends AggregateFilter {
  /** Actor type: PERSON, ORG, COUNTRY, GROUP. */
  actorType?: string;
  /** ISO 3166-1 alpha-3 country of the actor. */
  country?: string;
}

const refName = (ref: string) => (ref.startsWith('name:') ? ref.slice(5) : ref);

type CountRow = { ref: string } & ActorCounts;

/** Per-actor counts within the filter. */
async function actorCounts(db: ApiDb, f: AggregateFilter): Promise<CountRow[]> {
  if (onlyKeys(f, ['q', 'since', 'until'])) {
    if (!f.since && !f.until) return db.selectFrom('rollup_actor_totals').selectAll().execute();
    const r = await sql<CountRow>`
      SELECT ref, sum(articles) AS articles, sum(events) AS events, sum(as_source) AS as_source,
             sum(as_target) AS as_target, sum(quotes) AS quotes
      FROM rollup_actors ${where(dayRange(f))} GROUP BY ref`.execute(db);
    return r.rows;
  }
  // Narrowed by outlet, type or modality: counted from the item tables.
  const out = new Map<string, CountRow>();
  const get = (ref: string) => {
    let c = out.get(ref);
    if (!c) {
      c = { ref, articles: 0, events: 0, as_source: 0, as_target: 0, quotes: 0 };
      out.set(ref, c);
    }
    return c;
  };
  const ev = await eventConditions(db, {
    ...(f.since ? { since: f.since } : {}),
    ...(f.until ? { until: f.until } : {}),
    ...(f.outlet ? { outlet: f.outlet } : {}),
    ...(f.type ? { type: f.type } : {}),
    ...(f.modality ? { modality: f.modality } : {}),
  });
  const events = await sql<{ ref: string; events: number; as_source: number; as_target: number }>`
    SELECT ea.ref, count(DISTINCT ea.event_id) AS events, sum(ea.role = 'source') AS as_source,
           sum(ea.role = 'target') AS as_target
    FROM event_actors ea JOIN events e ON e.id = ea.event_id ${where(ev)} GROUP BY ea.ref`.execute(db);
  for (const r of events.rows) Object.assign(get(r.ref), r);
  if (!f.type?.length && !f.modality?.length) {
    const articles = await sql<{ ref: string; n: number }>`
      SELECT x.key AS ref, count(*) AS n FROM actors x JOIN articles a ON a.id = x.article_id
      ${where(articleScope(f, 'a'))} GROUP BY x.key`.execute(db);
    for (const r of articles.rows) get(r.ref).articles = r.n;
    const qf = await quoteConditions(db, {
      ...(f.since ? { since: f.since } : {}),
      ...(f.until ? { until: f.until } : {}),
      ...(f.outlet ? { outlet: f.outlet } : {}),
    });
    const quotes = await sql<{ ref: string; n: number }>`
      SELECT coalesce(q.speaker_key, 'name:' || q.speaker) AS ref, count(*) AS n FROM quotes q
      ${where([...qf, sql<SqlBool>`coalesce(q.speaker_key, q.speaker) IS NOT NULL`])} GROUP BY 1`.execute(db);
    for (const r of quotes.rows) get(r.ref).quotes = r.n;
  }
  return [...out.values()];
}

async function actorDirectory(db: ApiDb, refs: string[]) {
  const out = new Map<string, { name: string; type: string | null; country: string | null }>();
  for (let i = 0; i < refs.length; i += 500) {
    const rows = await db
      .selectFrom('actor_index')
      .selectAll()
      .where('ref', 'in', refs.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.ref.toLowerCase(), r);
  }
  return out;
}

export async function listActorsPage(
  db: ApiDb,
  f: ActorFilter,
  p: PageRequest = {},
): Promise<Page<ApiActor>> {
  const sort = parseSort(p.sort, ACTOR_SORTS, '-events');
  const cursor = decodeCursor(p.cursor, sort.raw);
  const { actorType, country, ...scope } = f;
  const counts = (await actorCounts(db, scope)).filter((c) => c.articles + c.events + c.quotes > 0);
  const dir = await actorDirectory(
    db,
    counts.map((c) => c.ref),
  );
  const needle = f.q?.toLowerCase();
  const all: ApiActor[] = [];
  for (const c of counts) {
    const id = dir.get(c.ref.toLowerCase());
    const a: ApiActor = {
      key: c.ref,
      name: id?.name ?? refName(c.ref),
      type: id?.type ?? null,
      country: id?.country ?? null,
      articles: c.articles,
      events: c.events,
      asSource: c.as_source,
      asTarget: c.as_target,
      quotes: c.quotes,
    };
    if (needle && !a.name.toLowerCase().includes(needle) && !a.key.toLowerCase().includes(needle)) continue;
    if (actorType && a.type !== actorType) continue;
    if (country && a.country !== country) continue;
    all.push(a);
  }
  const get = (a: ApiActor) => (sort.name === 'name' ? a.name.toLowerCase() : a[sort.name]);
  all.sort(sorter(get, sort.desc, (a) => a.key));
  return pageOf(all, sort.raw, cursor, p.limit ?? DEFAULT_LIMIT);
}

export interface ActorProfile extends ApiActor {
  refs: string[];
  roles: string[];
  eventTypes: { type: string; asSource: number; asTarget: number }[];
  /** Whom it acts on most, and who acts on it most. */
  topTargets: { key: string; name: string; events: number }[];
  topSources: { key: string; name: string; events: number }[];
  firstDay: string | null;
  lastDay: string | null;
  recentEvents: ApiEvent[];
  recentQuotes: ApiQuote[];
}

/** One actor: identity, roles, counts, counterparts, latest events and quotes; null if unknown. */
export async function actorProfile(db: ApiDb, key: string): Promise<ActorProfile | null> {
  const refs = await actorRefs(db, key);
  const totals = await db.selectFrom('rollup_actor_totals').selectAll().where('ref', 'in', refs).execute();
  const sum = (k: keyof ActorCounts) => totals.reduce((n, r) => n + r[k], 0);
  if (!totals.some((r) => r.articles + r.events + r.quotes > 0)) return null;
  const ident = await db.selectFrom('actor_index').selectAll().where('ref', '=', key).executeTakeFirst();
  const roleRows = await db
    .selectFrom('actors')
    .select('roles')
    .distinct()
    .where('key', '=', key)
    .limit(200)
    .execute();
  const roles = [...new Set(roleRows.flatMap((r) => parseJson<string[]>(r.roles, [])))].sort();
  const span = await db
    .selectFrom('rollup_actors')
    .select([sql<string | null>`min(day)`.as('first'), sql<string | null>`max(day)`.as('last')])
    .where('ref', 'in', refs)
    .where('day', '<>', '')
    .executeTakeFirst();
  const live = await liveRefs(db, refs);
  const types = live.length
    ? await db
        .selectFrom('rollup_actor_types')
        .select(['type', 'role', sql<number>`sum(n)`.as('n')])
        .where('ref', 'in', live)
        .where('role', 'in', ['source', 'target'])
        .groupBy(['type', 'role'])
        .execute()
    : [];
  const byType = new Map<string, { type: string; asSource: number; asTarget: number }>();
  for (const r of types) {
    const t = byType.get(r.type) ?? { type: r.type, asSource: 0, asTarget: 0 };
    if (r.role === 'source') t.asSource += r.n;
    else t.asTarget += r.n;
    byType.set(r.type, t);
  }
  const counterpart = async (mine: 'source' | 'target') => {
    const other = mine === 'source' ? 'target' : 'source';
    const rows = await db
      .selectFrom('rollup_pair_totals')
      .select([`${other} as ref`, sql<number>`sum(n)`.as('n')])
      .where(mine, 'in', refs)
      .where(other, 'not in', refs)
      .groupBy(other)
      .having(sql`sum(n)`, '>', 0)
      .orderBy('n', 'desc')
      .orderBy(other)
      .limit(10)
      .execute();
    const names = await actorDirectory(
      db,
      rows.map((r) => r.ref),
    );
    return rows.map((r) => ({
      key: r.ref,
      name: names.get(r.ref.toLowerCase())?.name ?? refName(r.ref),
      events: r.n,
    }));
  };
  return {
    key,
    name: ident?.name ?? refName(key),
    type: ident?.type ?? null,
    country: ident?.country ?? null,
    articles: sum('articles'),
    events: sum('events'),
    asSource: sum('as_source'),
    asTarget: sum('as_target'),
    quotes: sum('quotes'),
    refs,
    roles,
    eventTypes: [...byType.values()].sort(
      (a, b) => b.asSource + b.asTarget - (a.asSource + a.asTarget) || a.type.localeCompare(b.type),
    ),
    topTargets: await counterpart('source'),
    topSources: await counterpart('target'),
    firstDay: span?.first ?? null,
    lastDay: span?.last ?? null,
    recentEvents: (await listEventsPage(db, { actor: key }, { limit: 10 })).items,
    recentQuotes: (await listQuotesPage(db, { speaker: key }, { limit: 10 })).items,
  };
}

export interface ApiPlace {
  key: string;
  name: string;
  country: string | null;
  lat: number | null;
  lon: number | null;
  kind: string;
  precision: string | null;
  articles: number;
  events: number;
}

export const PLACE_SORTS = ['articles', 'events', 'name'] as const;

export interface PlaceFilter extends AggregateFilter {
  /** ISO 3166-1 alpha-2 country of the place. */
  country?: string;
  kind?: string;
  precision?: string;
  /** Only places with coordinates. */
  geocoded?: boolean;
}

async function placeCounts(
  db: ApiDb,
  f: AggregateFilter,
): Promise<{ place: string; articles: number; events: number }[]> {
  if (onlyKeys(f, ['q', 'since', 'until'])) {
    if (!f.since && !f.until) return db.selectFrom('rollup_place_totals').selectAll().execute();
    const r = await sql<{ place: string; articles: number; events: number }>`
      SELECT place, sum(articles) AS articles, sum(events) AS events
      FROM rollup_places ${where(dayRange(f))} GROUP BY place`.execute(db);
    return r.rows;
  }
  const out = new Map<string, { place: string; articles: number; events: number }>();
  const get = (place: string) => {
    let c = out.get(place);
    if (!c) {
      c = { place, articles: 0, events: 0 };
      out.set(place, c);
    }
    return c;
  };
  const ev = await eventConditions(db, {
    ...(f.since ? { since: f.since } : {}),
    ...(f.until ? { until: f.until } : {}),
    ...(f.outlet ? { outlet: f.outlet } : {}),
    ...(f.type ? { type: f.type } : {}),
    ...(f.modality ? { modality: f.modality } : {}),
  });
  const events = await sql<{ place: string; n: number }>`
    SELECT e.place_key AS place, count(*) AS n FROM events e
    ${where([...ev, sql<SqlBool>`e.place_key IS NOT NULL`])} GROUP BY e.place_key`.execute(db);
  for (const r of events.rows) get(r.place).events = r.n;
  if (!f.type?.length && !f.modality?.length) {
    const articles = await sql<{ place: string; n: number }>`
      SELECT x.key AS place, count(*) AS n FROM places x JOIN articles a ON a.id = x.article_id
      ${where(articleScope(f, 'a'))} GROUP BY x.key`.execute(db);
    for (const r of articles.rows) get(r.place).articles = r.n;
  }
  return [...out.values()];
}

export async function listPlacesPage(
  db: ApiDb,
  f: PlaceFilter,
  p: PageRequest = {},
): Promise<Page<ApiPlace>> {
  const sort = parseSort(p.sort, PLACE_SORTS, '-articles');
  const cursor = decodeCursor(p.cursor, sort.raw);
  const { country, kind, precision, geocoded, ...scope } = f;
  const counts = (await placeCounts(db, scope)).filter((c) => c.articles + c.events > 0);
  const dir = new Map<string, ApiDatabase['place_index']>();
  const keys = counts.map((c) => c.place);
  for (let i = 0; i < keys.length; i += 500) {
    for (const r of await db
      .selectFrom('place_index')
      .selectAll()
      .where('key', 'in', keys.slice(i, i + 500))
      .execute())
      dir.set(r.key, r);
  }
  const needle = f.q?.toLowerCase();
  const all: ApiPlace[] = [];
  for (const c of counts) {
    const d = dir.get(c.place);
    const pl: ApiPlace = {
      key: c.place,
      name: d?.name ?? c.place,
      country: d?.country ?? null,
      lat: d?.lat ?? null,
      lon: d?.lon ?? null,
      kind: d?.kind ?? 'other',
      precision: d?.precision ?? null,
      articles: c.articles,
      events: c.events,
    };
    if (needle && !pl.name.toLowerCase().includes(needle)) continue;
    if (country && pl.country !== country) continue;
    if (kind && pl.kind !== kind) continue;
    if (precision && pl.precision !== precision) continue;
    if (geocoded && (pl.lat === null || pl.lon === null)) continue;
    all.push(pl);
  }
  const get = (pl: ApiPlace) => (sort.name === 'name' ? pl.name.toLowerCase() : pl[sort.name]);
  all.sort(sorter(get, sort.desc, (pl) => pl.key));
  return pageOf(all, sort.raw, cursor, p.limit ?? DEFAULT_LIMIT);
}

export interface ApiOutlet {
  outlet: string | null;
  articles: number;
  events: number;
  quotes: number;
  firstPublished: string | null;
  lastPublished: string | null;
}

export const OUTLET_SORTS = ['articles', 'events', 'quotes', 'name'] as const;

export async function listOutletsPage(
  db: ApiDb,
  f: AggregateFilter & { language?: string },
  p: PageRequest = {},
): Promise<Page<ApiOutlet>> {
  const sort = parseSort(p.sort, OUTLET_SORTS, '-articles');
  const cursor = decodeCursor(p.cursor, sort.raw);
  let rows: ApiOutlet[];
  if (onlyKeys(f, ['q', 'since', 'until', 'outlet'])) {
    const conds = dayRange(f);
    if (f.outlet) conds.push(sql<SqlBool>`outlet = ${f.outlet}`);
    const r = await sql<{
      outlet: string;
      articles: number;
      events: number;
      quotes: number;
      first: string | null;
      last: string | null;
    }>`
      SELECT outlet, sum(articles) AS articles, sum(events) AS events, sum(quotes) AS quotes,
             min(CASE WHEN articles > 0 AND day <> '' THEN day END) AS first,
             max(CASE WHEN articles > 0 AND day <> '' THEN day END) AS last
      FROM rollup_outlets ${where(conds)} GROUP BY outlet`.execute(db);
    rows = r.rows.map((x) => ({
      outlet: x.outlet === '' ? null : x.outlet,
      articles: x.articles,
      events: x.events,
      quotes: x.quotes,
      firstPublished: x.first,
      lastPublished: x.last,
    }));
  } else {
    // Language, type or modality: counted from the item tables.
    const ac = articleScope(f, 'a');
    if (f.language) ac.push(sql<SqlBool>`a.language = ${f.language}`);
    const byName = new Map<string, ApiOutlet>();
    const get = (name: string | null) => {
      const k = (name ?? '').toLowerCase();
      let o = byName.get(k);
      if (!o) {
        o = {
          outlet: name || null,
          articles: 0,
          events: 0,
          quotes: 0,
          firstPublished: null,
          lastPublished: null,
        };
        byName.set(k, o);
      }
      return o;
    };
    const arts = await sql<{ source: string | null; n: number; first: string | null; last: string | null }>`
      SELECT a.source, count(*) AS n, min(a.published) AS first, max(a.published) AS last
      FROM articles a ${where(ac)} GROUP BY a.source`.execute(db);
    for (const r of arts.rows) {
      const o = get(r.source);
      o.articles += r.n;
      if (r.first && (!o.firstPublished || r.first < o.firstPublished)) o.firstPublished = r.first;
      if (r.last && (!o.lastPublished || r.last > o.lastPublished)) o.lastPublished = r.last;
    }
    const ev = await eventConditions(db, {
      ...(f.since ? { since: f.since } : {}),
      ...(f.until ? { until: f.until } : {}),
      ...(f.outlet ? { outlet: f.outlet } : {}),
      ...(f.type ? { type: f.type } : {}),
      ...(f.modality ? { modality: f.modality } : {}),
    });
    if (f.language)
      ev.push(sql<SqlBool>`e.article_id IN (SELECT id FROM articles WHERE language = ${f.language})`);
    const evs = await sql<{ outlet: string | null; n: number }>`
      SELECT e.outlet, count(*) AS n FROM events e ${where(ev)} GROUP BY e.outlet`.execute(db);
    for (const r of evs.rows) if (byName.has((r.outlet ?? '').toLowerCase())) get(r.outlet).events += r.n;
    if (!f.type?.length && !f.modality?.length) {
      const qc = await quoteConditions(db, {
        ...(f.since ? { since: f.since } : {}),
        ...(f.until ? { until: f.until } : {}),
        ...(f.outlet ? { outlet: f.outlet } : {}),
      });
      if (f.language)
        qc.push(sql<SqlBool>`q.article_id IN (SELECT id FROM articles WHERE language = ${f.language})`);
      const qs = await sql<{ outlet: string | null; n: number }>`
        SELECT q.outlet, count(*) AS n FROM quotes q ${where(qc)} GROUP BY q.outlet`.execute(db);
      for (const r of qs.rows) if (byName.has((r.outlet ?? '').toLowerCase())) get(r.outlet).quotes += r.n;
    }
    rows = [...byName.values()];
  }
  const needle = f.q?.toLowerCase();
  const norm = (o: ApiOutlet) => (o.outlet ?? '').toLowerCase();
  const all = rows.filter(
    (o) => o.articles + o.events + o.quotes > 0 && (!needle || norm(o).includes(needle)),
  );
  const key = (o: ApiOutlet) => (sort.name === 'name' ? norm(o) : o[sort.name]);
  all.sort(sorter(key, sort.desc, norm));
  return pageOf(all, sort.raw, cursor, p.limit ?? DEFAULT_LIMIT);
}

// ---------------------------------------------------------------------------------------------
// Time series

export type Interval = 'day' | 'week' | 'month';

/** The period a day falls in: the day, the Monday of its ISO week, or its month. */
export function periodOf(day: string, interval: Interval | 'total'): string | null {
  if (interval === 'total') return null;
  if (interval === 'day') return day.slice(0, 10);
  if (interval === 'month') return day.slice(0, 7);
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return day.slice(0, 10);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

export interface TypeSeries {
  interval: Interval;
  /** Events matching the filters, and those without a day (not in any period). */
  total: number;
  undated: number;
  items: { period: string; type: string; count: number }[];
}

/** Event counts per period and PLOVER type. Counted per day in SQL, folded into periods here. */
export async function seriesByType(db: ApiDb, f: EventFilter, interval: Interval): Promise<TypeSeries> {
  let rows: { day: string | null; type: string; n: number }[];
  const role = driver(f);
  if (onlyKeys(f, ['since', 'until', 'type', 'modality'])) {
    const conds = dayRange(f);
    if (f.type?.length) conds.push(sql<SqlBool>`type IN (${sql.join(f.type)})`);
    if (f.modality?.length) conds.push(sql<SqlBool>`modality IN (${sql.join(f.modality)})`);
    rows = (
      await sql<{ day: string; type: string; n: number }>`
        SELECT day, type, sum(n) AS n FROM rollup_events ${where(conds)} GROUP BY day, type`.execute(db)
    ).rows;
  } else if (role && onlyKeys(f, [role, 'since', 'until', 'type'])) {
    // One actor: its own per-day counts by role ('any' counts an event once even when the actor
    // is both its source and its target).
    const refs = await liveRefs(db, await actorRefs(db, f[role]!));
    if (!refs.length) rows = [];
    else {
      const conds = [
        sql<SqlBool>`ref IN (${sql.join(refs)})`,
        sql<SqlBool>`role = ${role === 'actor' ? 'any' : role}`,
        ...dayRange(f),
      ];
      if (f.type?.length) conds.push(sql<SqlBool>`type IN (${sql.join(f.type)})`);
      rows = (
        await sql<{ day: string; type: string; n: number }>`
          SELECT type, day, sum(n) AS n FROM rollup_actor_types ${where(conds)} GROUP BY type, day`.execute(
          db,
        )
      ).rows;
    }
  } else {
    rows = (
      await sql<{ day: string | null; type: string; n: number }>`
        SELECT e.day AS day, e.type AS type, count(*) AS n FROM events e ${where(await eventConditions(db, f))}
        GROUP BY e.day, e.type`.execute(db)
    ).rows;
  }
  const counts = new Map<string, { period: string; type: string; count: number }>();
  let total = 0;
  let undated = 0;
  for (const r of rows) {
    if (!r.n) continue;
    total += r.n;
    if (!r.day) {
      undated += r.n;
      continue;
    }
    const period = periodOf(r.day, interval)!;
    const k = `${period}\u0000${r.type}`;
    const c = counts.get(k);
    if (c) c.count += r.n;
    else counts.set(k, { period, type: r.type, count: r.n });
  }
  const items = [...counts.values()].sort(
    (a, b) => a.period.localeCompare(b.period) || a.type.localeCompare(b.type),
  );
  return { interval, total, undated, items };
}

export interface PairSeries {
  interval: Interval | 'total';
  /** Events counted once per (source, target) pair, over every pair in the filter. */
  total: number;
  items: {
    period: string | null;
    source: string;
    sourceName: string;
    target: string;
    targetName: string;
    count: number;
    /** Events with negative (conflictual) and positive (cooperative) intensity. */
    conflict: number;
    cooperation: number;
  }[];
}

type PairRow = PairCounts & { day: string | null };

/** Event counts per (source, target) actor pair, for the `top` busiest pairs in the filter. */
export async function seriesByPair(
  db: ApiDb,
  f: EventFilter,
  interval: Interval | 'total',
  top: number,
): Promise<PairSeries> {
  // Where pair counts come from: the rollups when only dates and actors narrow them, else the
  // events with their actors. The busiest pairs are picked in SQL; periods are read for them only.
  let from: RawBuilder<unknown>;
  let conds: RawBuilder<SqlBool>[];
  let col: { day: RawBuilder<unknown>; source: RawBuilder<unknown>; target: RawBuilder<unknown> };
  let agg: { n: RawBuilder<unknown>; conflict: RawBuilder<unknown>; cooperation: RawBuilder<unknown> };
  if (onlyKeys(f, ['since', 'until', 'actor', 'source', 'target'])) {
    conds = dayRange(f);
    for (const role of ACTOR_ROLES) {
      const value = f[role];
      if (!value) continue;
      const refs = sql.join(await actorRefs(db, value));
      conds.push(
        role === 'actor'
          ? sql<SqlBool>`(source IN (${refs}) OR target IN (${refs}))`
          : sql<SqlBool>`${sql.ref(role)} IN (${refs})`,
      );
    }
    const perDay = interval !== 'total' || f.since || f.until;
    if (interval !== 'total') conds.push(sql<SqlBool>`day <> ''`);
    from = sql.table(perDay ? 'rollup_pairs' : 'rollup_pair_totals');
    col = { day: sql`day`, source: sql`source`, target: sql`target` };
    agg = { n: sql`sum(n)`, conflict: sql`sum(conflict)`, cooperation: sql`sum(cooperation)` };
  } else {
    conds = await eventConditions(db, f);
    if (interval !== 'total') conds.push(sql<SqlBool>`e.day IS NOT NULL`);
    from = sql`events e JOIN event_actors s ON s.event_id = e.id AND s.role = 'source'
      JOIN event_actors t ON t.event_id = e.id AND t.role = 'target'`;
    col = { day: sql`e.day`, source: sql`s.ref`, target: sql`t.ref` };
    agg = {
      n: sql`count(*)`,
      conflict: sql`sum(CASE WHEN e.intensity < 0 THEN 1 ELSE 0 END)`,
      cooperation: sql`sum(CASE WHEN e.intensity > 0 THEN 1 ELSE 0 END)`,
    };
  }
  const busiest = (
    await sql<PairRow>`
      SELECT NULL AS day, ${col.source} AS source, ${col.target} AS target, ${agg.n} AS n,
             ${agg.conflict} AS conflict, ${agg.cooperation} AS cooperation
      FROM ${from} ${where(conds)} GROUP BY ${col.source}, ${col.target} HAVING ${agg.n} > 0
      ORDER BY n DESC, source, target LIMIT ${top}`.execute(db)
  ).rows;
  const total = busiest.length
    ? Number(
        (await sql<{ n: number | null }>`SELECT ${agg.n} AS n FROM ${from} ${where(conds)}`.execute(db))
          .rows[0]?.n ?? 0,
      )
    : 0;
  let kept: PairRow[] = busiest;
  if (interval !== 'total' && busiest.length) {
    const pairs = sql.join(busiest.map((b) => sql`(${b.source}, ${b.target})`));
    kept = (
      await sql<PairRow>`
        SELECT ${col.day} AS day, ${col.source} AS source, ${col.target} AS target, ${agg.n} AS n,
               ${agg.conflict} AS conflict, ${agg.cooperation} AS cooperation
        FROM ${from} ${where([...conds, sql<SqlBool>`(${col.source}, ${col.target}) IN (VALUES ${pairs})`])}
        GROUP BY ${col.day}, ${col.source}, ${col.target}`.execute(db)
    ).rows.filter((r) => r.n > 0);
  }
  const pairKey = (r: PairRow) => `${r.source}\u0000${r.target}`;
  const names = await actorDirectory(db, [...new Set(kept.flatMap((r) => [r.source, r.target]))]);
  const name = (ref: string) => names.get(ref.toLowerCase())?.name ?? refName(ref);
  const out = new Map<string, PairSeries['items'][number]>();
  for (const r of kept) {
    const period = r.day ? periodOf(r.day, interval) : null;
    const k = `${period}\u0000${pairKey(r)}`;
    const o = out.get(k);
    if (o) {
      o.count += r.n;
      o.conflict += r.conflict;
      o.cooperation += r.cooperation;
    } else
      out.set(k, {
        period,
        source: r.source,
        sourceName: name(r.source),
        target: r.target,
        targetName: name(r.target),
        count: r.n,
        conflict: r.conflict,
        cooperation: r.cooperation,
      });
  }
  const items = [...out.values()].sort(
    (a, b) =>
      (a.period ?? '').localeCompare(b.period ?? '') ||
      b.count - a.count ||
      a.source.localeCompare(b.source) ||
      a.target.localeCompare(b.target),
  );
  return { interval, total, items };
}

// ---------------------------------------------------------------------------------------------
// Lists computed in memory (the analysis results: actor pairs), paged like the others

/** One page of an already sorted list; the cursor is an offset, valid with the same sort only. */
export function pageOfList<T>(all: T[], sort: string, p: PageRequest = {}): Page<T> {
  const cursor = decodeCursor(p.cursor, sort);
  if (cursor?.k)
    throw new QueryError('invalid cursor: pass back the nextCursor of the previous page unchanged');
  const offset = cursor?.o ?? 0;
  const limit = p.limit ?? DEFAULT_LIMIT;
  const items = all.slice(offset, offset + limit);
  return {
    items,
    nextCursor: offset + limit < all.length ? encodeCursor({ s: sort, o: offset + limit }) : null,
  };
}
