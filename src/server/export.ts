// CSV, JSON Lines and GeoJSON exports of events and quotes, streamed page by page so an export of
// millions of rows never sits in memory.
import {
  type ApiDb,
  type ApiEvent,
  type ApiQuote,
  articleLocations,
  type EventFilter,
  type GeoPoint,
  listEventsPage,
  listQuotesPage,
  type Page,
  type PageRequest,
  type QuoteFilter,
} from '../store/queries.js';

export type ExportFormat = 'csv' | 'jsonl' | 'geojson';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
};

const CHUNK = 1000;

interface Located {
  geo: GeoPoint;
  basis: string;
}

/** A CSV cell (RFC 4180); text that a spreadsheet would run as a formula is prefixed with '. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = Array.isArray(v) ? v.join('; ') : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

interface Columns<T> {
  header: string[];
  row: (x: T) => unknown[];
}

const EVENT_COLUMNS: Columns<ApiEvent> = {
  header: [
    'id',
    'day',
    'date',
    'type',
    'mode',
    'cameo',
    'intensity',
    'modality',
    'source',
    'target',
    'source_keys',
    'target_keys',
    'place',
    'place_key',
    'lat',
    'lon',
    'place_precision',
    'outlet',
    'published',
    'article_id',
    'title',
    'start',
    'end',
    'text',
  ],
  row: (e) => [
    e.id,
    e.day,
    e.date,
    e.type,
    e.mode,
    e.cameo,
    e.intensity,
    e.modality,
    e.source,
    e.target,
    e.sourceKeys,
    e.targetKeys,
    e.place,
    e.placeKey,
    e.geo?.lat,
    e.geo?.lon,
    e.geo?.precision,
    e.outlet,
    e.published,
    e.articleId,
    e.title,
    e.span[0],
    e.span[1],
    e.text,
  ],
};

const QUOTE_COLUMNS: Columns<ApiQuote> = {
  header: [
    'id',
    'day',
    'date',
    'speaker',
    'speaker_key',
    'kind',
    'cue',
    'medium',
    'outlet',
    'published',
    'article_id',
    'title',
    'start',
    'end',
    'text',
  ],
  row: (q) => [
    q.id,
    q.day,
    q.date,
    q.speaker,
    q.speakerKey,
    q.kind,
    q.cue,
    q.medium,
    q.outlet,
    q.published,
    q.articleId,
    q.title,
    q.span[0],
    q.span[1],
    q.text,
  ],
};

/** Every row of a paged query, in order, at most `max`. */
async function* rows<T>(
  fetchPage: (p: PageRequest) => Promise<Page<T>>,
  sort: string,
  max: number,
): AsyncGenerator<T[]> {
  let cursor: string | undefined;
  let left = max;
  while (left > 0) {
    const page = await fetchPage({ sort, limit: Math.min(CHUNK, left), ...(cursor ? { cursor } : {}) });
    if (page.items.length) yield page.items;
    left -= page.items.length;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

function feature(geo: GeoPoint, properties: Record<string, unknown>): string {
  return JSON.stringify({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [geo.lon, geo.lat] },
    properties,
  });
}

/** The export as chunks of text: header, rows, footer. */
async function* render<T>(
  format: ExportFormat,
  batches: AsyncGenerator<T[]>,
  columns: Columns<T>,
  geoOf: (batch: T[]) => Promise<(Located | null)[]>,
  props: (x: T, at: Located) => Record<string, unknown>,
): AsyncGenerator<string> {
  if (format === 'csv') yield `${columns.header.join(',')}\r\n`;
  if (format === 'geojson') yield '{"type":"FeatureCollection","features":[\n';
  let first = true;
  for await (const batch of batches) {
    if (format === 'csv') yield batch.map((x) => `${columns.row(x).map(csvCell).join(',')}\r\n`).join('');
    else if (format === 'jsonl') yield batch.map((x) => `${JSON.stringify(x)}\n`).join('');
    else {
      const geos = await geoOf(batch);
      const out: string[] = [];
      batch.forEach((x, i) => {
        const at = geos[i];
        if (!at) return;
        out.push(`${first ? '' : ',\n'}${feature(at.geo, props(x, at))}`);
        first = false;
      });
      if (out.length) yield out.join('');
    }
  }
  if (format === 'geojson') yield '\n]}\n';
}

function stream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(enc.encode(value));
      } catch (e) {
        // Headers are gone by now: the client sees a truncated body, the server log says why.
        process.stderr.write(`redline serve: export failed: ${(e as Error).message}\n`);
        controller.error(e);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

export function exportEvents(
  db: ApiDb,
  f: EventFilter,
  format: ExportFormat,
  sort: string,
  max: number,
): ReadableStream<Uint8Array> {
  // GeoJSON: only events whose place has coordinates become features.
  return stream(
    render(
      format,
      rows((p) => listEventsPage(db, f, p), sort, max),
      EVENT_COLUMNS,
      async (batch) => batch.map((e) => (e.geo ? { geo: e.geo, basis: 'event' } : null)),
      (e) => {
        const { geo, ...rest } = e;
        return { ...rest, placePrecision: geo?.precision ?? null };
      },
    ),
  );
}

export function exportQuotes(
  db: ApiDb,
  f: QuoteFilter,
  format: ExportFormat,
  sort: string,
  max: number,
): ReadableStream<Uint8Array> {
  // Quotes carry no place of their own: GeoJSON places them where their article is datelined,
  // else at the article's most-mentioned geocoded place, and says which in `placeBasis`.
  return stream(
    render(
      format,
      rows((p) => listQuotesPage(db, f, p), sort, max),
      QUOTE_COLUMNS,
      async (batch) => {
        const locs = await articleLocations(
          db,
          batch.map((q) => q.articleId),
        );
        return batch.map((q) => locs.get(q.articleId) ?? null);
      },
      (q, at) => ({
        ...q,
        place: at.geo.name,
        placeKey: at.geo.key,
        placePrecision: at.geo.precision,
        placeBasis: at.basis,
      }),
    ),
  );
}
