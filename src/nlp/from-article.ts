import type { Article } from '../ingest/article.js';
import { annotate } from './annotate.js';
import type { Doc } from './doc.js';

/** Annotate a cleaned article: the Doc every extraction stage reads. */
export function docFromArticle(a: Article): Doc {
  return annotate(
    {
      id: a.id,
      title: a.title,
      url: a.url,
      published: a.published,
      publishedPrecision: a.publishedPrecision,
      source: a.source,
      language: a.language,
    },
    a.text,
  );
}
