import type { Article } from '../ingest/article.js';
import type { KnowledgeBase } from '../kb/load.js';
import { docFromArticle } from '../nlp/from-article.js';
import { type ExtractionRecord, extractRecord } from './record.js';

/** Annotate and extract one cleaned article: the whole pipeline from text to record. */
export function extractArticle(article: Article, kb: KnowledgeBase): ExtractionRecord {
  return extractRecord(docFromArticle(article), kb, article.skipReason);
}
