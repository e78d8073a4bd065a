// POST /api/ingest: articles as JSON through the same cleaning, extraction and store path as
// `redline ingest` (the JSON Lines field mapping, prepare, one transaction, the same extractor).
import { extractArticle } from '../extract/article.js';
import { type Article, prepare } from '../ingest/article.js';
import { InputError } from '../ingest/decode.js';
import { DEFAULT_MAX_DOC_BYTES, parseJsonlLine } from '../ingest/readers.js';
import { defaultKb } from '../kb/load.js';
import type { Problem } from '../store/load.js';
import type { Extractor, Store } from '../store/store.js';

export interface IngestSummary {
  read: number;
  articles: number;
  stored: number;
  unchanged: number;
  duplicates: { exact: number; near: number };
  nonEnglish: number;
  failed: Problem[];
  outcomes: {
    input: string;
    id: string;
    kind: 'stored' | 'unchanged' | 'duplicate';
    of?: string;
    how?: 'exact' | 'near';
  }[];
}

export type IngestItem = Record<string, unknown>;

/** Store the items in one transaction; an item that cannot be read or extracted is reported. */
export async function ingestItems(
  store: Store,
  items: IngestItem[],
  extractor: Extractor = (a) => extractArticle(a, defaultKb()),
): Promise<IngestSummary> {
  const s: IngestSummary = {
    read: 0,
    articles: 0,
    stored: 0,
    unchanged: 0,
    duplicates: { exact: 0, near: 0 },
    nonEnglish: 0,
    failed: [],
    outcomes: [],
  };
  const batch: Article[] = [];
  const inputOf = new Map<Article, string>();
  items.forEach((item, i) => {
    const input = `POST /api/ingest body[${i}]`;
    // The JSON Lines reader's own field mapping, so both paths read a document the same way.
    const raw = parseJsonlLine(JSON.stringify(item), input, DEFAULT_MAX_DOC_BYTES);
    if (raw === null) return;
    if (raw instanceof InputError) {
      s.failed.push({ input: raw.input, reason: raw.reason });
      return;
    }
    s.read++;
    try {
      const articles = prepare(raw);
      if (!articles.length) s.failed.push({ input, reason: 'no article text left after cleaning' });
      for (const a of articles) {
        batch.push(a);
        inputOf.set(a, input);
      }
    } catch (e) {
      s.failed.push({ input, reason: `cannot process: ${(e as Error).message}` });
    }
  });
  const extract: Extractor = (a) => {
    try {
      return extractor(a);
    } catch (e) {
      s.failed.push({
        input: inputOf.get(a) ?? a.origin,
        reason: `extraction failed, article stored without a record: ${(e as Error).message}`,
      });
      return null;
    }
  };
  const outcomes = batch.length ? await store.ingestBatch(batch, extract) : [];
  outcomes.forEach((o, i) => {
    const a = batch[i]!;
    const input = inputOf.get(a) ?? a.origin;
    s.articles++;
    if (o.kind === 'stored') {
      s.stored++;
      if (a.skipReason) s.nonEnglish++;
      s.outcomes.push({ input, id: o.id, kind: 'stored' });
    } else if (o.kind === 'unchanged') {
      s.unchanged++;
      s.outcomes.push({ input, id: o.id, kind: 'unchanged' });
    } else {
      s.duplicates[o.how]++;
      s.outcomes.push({ input, id: o.id, kind: 'duplicate', of: o.of, how: o.how });
    }
  });
  return s;
}
