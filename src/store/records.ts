// Writing extraction records into the item tables, and reading events and quotes back.
// Written against Kysely only, so the PostgreSQL back end can share it.
import type { Kysely, Transaction } from 'kysely';
import type { ExtractionRecord } from '../extract/record.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

const json = (v: unknown) => JSON.stringify(v ?? null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Replace an article's extraction: the record and every item, in the caller's transaction. */
export async function writeRecord(db: Db, articleId: string, r: ExtractionRecord): Promise<void> {
  for (const t of ['actors', 'places', 'weapons', 'quantities', 'dates', 'quotes', 'events'] as const) {
    await db.deleteFrom(t).where('article_id', '=', articleId).execute();
  }
  await db.deleteFrom('extractions').where('article_id', '=', articleId).execute();
  await db
    .insertInto('extractions')
    .values({
      article_id: articleId,
      extractor_version: r.extractor.version,
      record: JSON.stringify({ ...r, text: undefined }),
      extracted_at: new Date().toISOString(),
    })
    .execute();
  if (r.actors.length) {
    await db
      .insertInto('actors')
      .values(
        r.actors.map((a) => ({
          article_id: articleId,
          key: strOrNull(a.key) ?? `name:${a.name}`,
          name: a.name,
          type: a.type,
          country: a.country ?? null,
          roles: json(a.roles ?? []),
          mentions: json(a.mentions),
        })),
      )
      .execute();
  }
  if (r.places.length) {
    await db
      .insertInto('places')
      .values(
        r.places.map((p) => ({
          article_id: articleId,
          key: strOrNull(p.key) ?? `name:${p.name}`,
          name: p.name,
          country: p.country,
          lat: p.lat,
          lon: p.lon,
          kind: p.kind,
          precision: strOrNull(p.precision),
          mentions: json(p.mentions),
        })),
      )
      .execute();
  }
  if (r.weapons.length) {
    await db
      .insertInto('weapons')
      .values(
        r.weapons.map((w) => ({
          article_id: articleId,
          name: w.name,
          class: w.class,
          mentions: json(w.mentions),
        })),
      )
      .execute();
  }
  if (r.quantities.length) {
    await db
      .insertInto('quantities')
      .values(
        r.quantities.map((q) => ({
          article_id: articleId,
          kind: q.kind,
          value: num(q.value),
          low: num(q.low),
          high: num(q.high),
          unit: strOrNull(q.unit),
          subject: q.subject,
          text: q.text,
          start: q.span[0],
          end: q.span[1],
        })),
      )
      .execute();
  }
  if (r.dates.length) {
    await db
      .insertInto('dates')
      .values(
        r.dates.map((d) => ({
          article_id: articleId,
          text: d.text,
          value: d.value,
          start: d.span[0],
          end: d.span[1],
        })),
      )
      .execute();
  }
  if (r.quotes.length) {
    await db
      .insertInto('quotes')
      .values(
        r.quotes.map((q) => ({
          article_id: articleId,
          speaker: q.speaker,
          speaker_key: strOrNull(q.speakerKey),
          text: q.text,
          kind: q.kind,
          cue: q.cue,
          medium: strOrNull(q.medium),
          date: strOrNull(q.date),
          start: q.span[0],
          end: q.span[1],
        })),
      )
      .execute();
  }
  if (r.events.length) {
    await db
      .insertInto('events')
      .values(
        r.events.map((e) => ({
          article_id: articleId,
          type: e.type,
          mode: strOrNull(e.mode),
          cameo: strOrNull(e.cameo),
          intensity: num(e.intensity),
          source: json(e.source),
          target: json(e.target),
          source_keys: json(e.sourceKeys ?? []),
          target_keys: json(e.targetKeys ?? []),
          modality: e.modality,
          date: e.date,
          place: strOrNull(e.place),
          text: e.text,
          start: e.span[0],
          end: e.span[1],
          evidence: json(e.evidence ?? [e.span]),
        })),
      )
      .execute();
  }
}

export interface EventFilter {
  actor?: string;
  type?: string;
  modality?: string;
  since?: string;
  until?: string;
  outlet?: string;
  text?: string;
  limit?: number;
  after?: number;
}

export interface EventRow {
  id: number;
  articleId: string;
  type: string;
  mode: string | null;
  cameo: string | null;
  intensity: number | null;
  source: string[];
  target: string[];
  modality: string;
  date: string | null;
  place: string | null;
  text: string;
  span: [number, number];
  outlet: string | null;
  published: string | null;
}

export async function listEvents(db: Db, f: EventFilter = {}): Promise<EventRow[]> {
  let q = db
    .selectFrom('events as e')
    .innerJoin('articles as a', 'a.id', 'e.article_id')
    .select([
      'e.id',
      'e.article_id',
      'e.type',
      'e.mode',
      'e.cameo',
      'e.intensity',
      'e.source',
      'e.target',
      'e.modality',
      'e.date',
      'e.place',
      'e.text',
      'e.start',
      'e.end',
      'a.source as outlet',
      'a.published',
    ]);
  if (f.type) q = q.where('e.type', '=', f.type.toUpperCase());
  if (f.modality) q = q.where('e.modality', '=', f.modality);
  if (f.since) q = q.where((eb) => eb.fn.coalesce('e.date', 'a.published'), '>=', f.since);
  if (f.until) q = q.where((eb) => eb.fn.coalesce('e.date', 'a.published'), '<=', `${f.until}\uffff`);
  if (f.outlet) q = q.where((eb) => eb.fn('lower', ['a.source']), '=', f.outlet.toLowerCase());
  if (f.actor) {
    const like = `%${f.actor.toLowerCase()}%`;
    q = q.where((eb) =>
      eb.or([eb(eb.fn('lower', ['e.source']), 'like', like), eb(eb.fn('lower', ['e.target']), 'like', like)]),
    );
  }
  if (f.text) q = q.where((eb) => eb.fn('lower', ['e.text']), 'like', `%${f.text.toLowerCase()}%`);
  if (f.after != null) q = q.where('e.id', '>', f.after);
  const rows = await q
    .orderBy('e.id')
    .limit(f.limit ?? 100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    articleId: r.article_id,
    type: r.type,
    mode: r.mode,
    cameo: r.cameo,
    intensity: r.intensity,
    source: JSON.parse(r.source) as string[],
    target: JSON.parse(r.target) as string[],
    modality: r.modality,
    date: r.date,
    place: r.place,
    text: r.text,
    span: [r.start, r.end],
    outlet: r.outlet,
    published: r.published,
  }));
}

export interface QuoteFilter {
  speaker?: string;
  since?: string;
  until?: string;
  outlet?: string;
  text?: string;
  kind?: string;
  limit?: number;
  after?: number;
}

export interface QuoteRow {
  id: number;
  articleId: string;
  speaker: string | null;
  text: string;
  kind: string;
  cue: string | null;
  medium: string | null;
  date: string | null;
  span: [number, number];
  outlet: string | null;
  published: string | null;
}

export async function listQuotes(db: Db, f: QuoteFilter = {}): Promise<QuoteRow[]> {
  let q = db
    .selectFrom('quotes as q')
    .innerJoin('articles as a', 'a.id', 'q.article_id')
    .select([
      'q.id',
      'q.article_id',
      'q.speaker',
      'q.text',
      'q.kind',
      'q.cue',
      'q.medium',
      'q.date',
      'q.start',
      'q.end',
      'a.source as outlet',
      'a.published',
    ]);
  if (f.speaker) q = q.where((eb) => eb.fn('lower', ['q.speaker']), 'like', `%${f.speaker.toLowerCase()}%`);
  if (f.kind) q = q.where('q.kind', '=', f.kind);
  if (f.since) q = q.where((eb) => eb.fn.coalesce('q.date', 'a.published'), '>=', f.since);
  if (f.until) q = q.where((eb) => eb.fn.coalesce('q.date', 'a.published'), '<=', `${f.until}\uffff`);
  if (f.outlet) q = q.where((eb) => eb.fn('lower', ['a.source']), '=', f.outlet.toLowerCase());
  if (f.text) q = q.where((eb) => eb.fn('lower', ['q.text']), 'like', `%${f.text.toLowerCase()}%`);
  if (f.after != null) q = q.where('q.id', '>', f.after);
  const rows = await q
    .orderBy('q.id')
    .limit(f.limit ?? 100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    articleId: r.article_id,
    speaker: r.speaker,
    text: r.text,
    kind: r.kind,
    cue: r.cue,
    medium: r.medium,
    date: r.date,
    span: [r.start, r.end],
    outlet: r.outlet,
    published: r.published,
  }));
}
