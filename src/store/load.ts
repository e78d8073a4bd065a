import { Kysely } from 'kysely';
import { clusterNew } from '../analyze/cluster.js';
import { type Article, prepare } from '../ingest/article.js';
import { InputError } from '../ingest/decode.js';
import { DEFAULT_MAX_DOC_BYTES, readInputs } from '../ingest/readers.js';
import type { Extractor, Outcome, Store } from './store.js';

export interface LoadOptions {
  batchSize?: number;
  maxDocBytes?: number;
  published?: string;
  source?: string;
  stdin?: NodeJS.ReadableStream;
  /** Run on each newly stored article; its record is stored in the same transaction. */
  extract?: Extractor;
  onProgress?: (p: LoadSummary) => void;
}

export interface Problem {
  input: string;
  reason: string;
}

export interface LoadSummary {
  /** Documents read from the inputs (a glued file counts once). */
  read: number;
  /** Articles after story splitting. */
  articles: number;
  stored: number;
  unchanged: number;
  duplicates: { exact: number; near: number };
  nonEnglish: number;
  /** Inputs that failed, with the reason: the rest of the batch is stored regardless. */
  failed: Problem[];
  /** Files a directory walk passed over (not text, HTML or JSON Lines). */
  ignored: Problem[];
}

/**
 * Read, clean and store every input. Batches are committed one transaction at a time, so an
 * interrupted run leaves whole batches only, and re-running it stores just what is missing.
 */
export async function loadInputs(
  store: Store,
  paths: string[],
  opts: LoadOptions = {},
): Promise<LoadSummary> {
  const batchSize = opts.batchSize ?? 64;
  const s: LoadSummary = {
    read: 0,
    articles: 0,
    stored: 0,
    unchanged: 0,
    duplicates: { exact: 0, near: 0 },
    nonEnglish: 0,
    failed: [],
    ignored: [],
  };
  let batch: Article[] = [];
  // One article the extractor cannot handle is reported; it is stored without a record, and the
  // rest of the batch goes on.
  const extract = opts.extract
    ? (a: Article) => {
        try {
          return opts.extract!(a);
        } catch (e) {
          s.failed.push({
            input: a.origin,
            reason: `extraction failed, article stored without a record: ${(e as Error).message}`,
          });
          return null;
        }
      }
    : undefined;
  const flush = async () => {
    if (!batch.length) return;
    const outcomes = await store.ingestBatch(batch, extract);
    count(s, outcomes, batch);
    // Cross-article clustering of the new articles, after their batch has committed.
    const db = (store as { db?: unknown }).db;
    const stored = outcomes.filter((o) => o.kind === 'stored').map((o) => o.id);
    if (db instanceof Kysely && stored.length) {
      try {
        await clusterNew(db, stored);
      } catch (e) {
        s.failed.push({
          input: 'clustering',
          reason: `articles stored, not clustered: ${(e as Error).message}`,
        });
      }
    }
    batch = [];
    opts.onProgress?.(s);
  };
  const readOpts = {
    maxDocBytes: opts.maxDocBytes ?? DEFAULT_MAX_DOC_BYTES,
    ...(opts.stdin ? { stdin: opts.stdin } : {}),
  };
  for await (const item of readInputs(paths, readOpts)) {
    if (item instanceof InputError) {
      (item.incidental ? s.ignored : s.failed).push({ input: item.input, reason: item.reason });
      continue;
    }
    s.read++;
    let articles: Article[];
    try {
      articles = prepare(item, {
        ...(opts.published ? { published: opts.published } : {}),
        ...(opts.source ? { source: opts.source } : {}),
      });
    } catch (e) {
      s.failed.push({ input: item.origin, reason: `cannot process: ${(e as Error).message}` });
      continue;
    }
    if (!articles.length)
      s.failed.push({ input: item.origin, reason: 'no article text left after cleaning' });
    batch.push(...articles);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return s;
}

function count(s: LoadSummary, outcomes: Outcome[], batch: Article[]): void {
  outcomes.forEach((o, i) => {
    s.articles++;
    if (o.kind === 'stored') {
      s.stored++;
      if (batch[i]?.skipReason) s.nonEnglish++;
    } else if (o.kind === 'unchanged') s.unchanged++;
    else s.duplicates[o.how]++;
  });
}
