import type { ExtractionRecord } from '../extract/record.js';
import type { Article } from '../ingest/article.js';
import type { DatePrecision } from '../nlp/doc.js';
import type { EventFilter, EventRow, QuoteFilter, QuoteRow } from './records.js';

/** Extraction for a newly stored article; null when the English-only stages skip it. */
export type Extractor = (article: Article) => ExtractionRecord | null;

/** What happened to one article in a batch. */
export type Outcome =
  | { kind: 'stored'; id: string }
  | { kind: 'unchanged'; id: string }
  | { kind: 'duplicate'; id: string; of: string; how: 'exact' | 'near' };

export interface ArticleRow {
  id: string;
  url: string | null;
  title: string | null;
  published: string | null;
  publishedPrecision: DatePrecision | null;
  source: string | null;
  language: string | null;
  origin: string;
  storyIndex: number;
  storyCount: number;
  duplicateOf: string | null;
  duplicateKind: 'exact' | 'near' | null;
  skipReason: string | null;
  ingestedAt: string;
  chars: number;
}

export interface FullArticle extends ArticleRow {
  text: string;
  datelinePlace: string | null;
  datelineWire: string | null;
  byline: string | null;
  cleaningLog: { removed: { line: string; reason: string }[]; repairs: string[] };
}

export interface ArticleFilter {
  source?: string;
  language?: string;
  since?: string;
  until?: string;
  /** Include duplicates (they are hidden by default). */
  duplicates?: boolean;
  limit?: number;
  /** Cursor: return rows after this sequence number. */
  after?: number;
}

export interface SearchHit {
  id: string;
  title: string | null;
  published: string | null;
  source: string | null;
  snippet: string;
  rank: number;
}

export interface StoreStats {
  articles: number;
  extracted: number;
  events: number;
  quotes: number;
  duplicates: number;
  nonEnglish: number;
  sources: { source: string | null; articles: number }[];
  languages: { language: string | null; articles: number }[];
  firstPublished: string | null;
  lastPublished: string | null;
  schemaVersion: string;
}

/** The one storage interface; SQLite is the embedded default, PostgreSQL the shared back end. */
export interface Store {
  /**
   * Store a batch in one transaction: all of it or none of it. Idempotent by article id. New,
   * non-duplicate articles are extracted with `extract` inside the same transaction.
   */
  ingestBatch(articles: Article[], extract?: Extractor): Promise<Outcome[]>;
  /** The stored extraction record of an article (without its text), or null. */
  getRecord(articleId: string): Promise<Omit<ExtractionRecord, 'text'> | null>;
  listEvents(filter?: EventFilter): Promise<EventRow[]>;
  listQuotes(filter?: QuoteFilter): Promise<QuoteRow[]>;
  listArticles(filter?: ArticleFilter): Promise<(ArticleRow & { seq: number })[]>;
  getArticle(id: string): Promise<FullArticle | null>;
  search(query: string, limit?: number): Promise<SearchHit[]>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}
