import { createHash } from 'node:crypto';
import type { DatePrecision } from '../nlp/doc.js';
import { type Cleaned, clean, type Dateline, type Removed } from './clean.js';
import { parseLooseDate } from './dates.js';
import { extractHtml } from './html.js';
import { detectLanguage } from './language.js';
import type { RawDoc } from './raw.js';
import { simhash } from './simhash.js';

export interface Article {
  id: string;
  url: string | null;
  title: string | null;
  published: string | null;
  publishedPrecision: DatePrecision | null;
  source: string | null;
  language: string | null;
  languageReliable: boolean;
  /** Cleaned text: the reference every span points into. */
  text: string;
  textHash: string;
  rawHash: string;
  simhash: string;
  origin: string;
  /** Position of this story in its file, and the file's story count (glued stories are split). */
  storyIndex: number;
  storyCount: number;
  dateline: Dateline | null;
  byline: string | null;
  removed: Removed[];
  repairs: string[];
  /** Why the English-only stages skip this article, or null. */
  skipReason: string | null;
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const TRACKING = /^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid|ocid|taid|at_\w+)$/i;

/** Canonical form of an article URL: lower-case host, no fragment, no tracking parameters. */
export function canonicalUrl(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  u.hash = '';
  for (const k of [...u.searchParams.keys()]) if (TRACKING.test(k)) u.searchParams.delete(k);
  u.searchParams.sort();
  let s = `https://${u.host.toLowerCase().replace(/^www\./, '')}${u.pathname.replace(/\/+$/, '')}`;
  const q = u.searchParams.toString();
  if (q) s += `?${q}`;
  return s;
}

export interface PrepareOptions {
  /** Publication date to use when the document states none (YYYY-MM-DD). */
  published?: string;
  source?: string;
  /** Keep glued stories as one article (the extraction record is one per input document). */
  split?: boolean;
}

/** A raw document becomes one article per story it holds. */
export function prepare(raw: RawDoc, opts: PrepareOptions = {}): Article[] {
  let body = raw.body;
  let title = raw.title ?? null;
  let url = raw.url ?? null;
  let published = raw.published ?? null;
  let source = raw.source ?? null;
  if (raw.format === 'html') {
    const h = extractHtml(raw.body);
    body = h.text;
    title ??= h.title;
    url ??= h.url;
    published ??= h.published;
    source ??= h.source;
  }
  const c: Cleaned = clean(body, { title });
  const stated = published ? parseLooseDate(published) : null;
  const fallback = opts.published ? parseLooseDate(opts.published) : null;
  const date =
    stated ?? (c.published ? { value: c.published, precision: c.publishedPrecision! } : null) ?? fallback;
  const canon = url ? canonicalUrl(url) : null;
  const rawHash = sha256(raw.body);
  const stories =
    opts.split === false ? [{ title: c.title, text: c.stories.map((s) => s.text).join('\n') }] : c.stories;
  return stories
    .filter((s) => s.text.trim())
    .map((s, i) => {
      const lang = detectLanguage(s.text);
      const textHash = sha256(s.text);
      const suffix = stories.length > 1 ? `#${i + 1}` : '';
      const id = raw.id
        ? raw.id + (stories.length > 1 ? `-${i + 1}` : '')
        : canon
          ? `u${sha256(canon + suffix).slice(0, 16)}`
          : `c${textHash.slice(0, 16)}`;
      return {
        id,
        url: canon ? canon + suffix : (url ?? null),
        title: (i === 0 ? (title ?? c.title ?? s.title) : s.title) ?? null,
        published: date?.value ?? null,
        publishedPrecision: date?.precision ?? null,
        source: source ?? opts.source ?? c.source ?? c.dateline?.wire ?? null,
        language: lang.code,
        languageReliable: lang.reliable,
        text: s.text,
        textHash,
        rawHash,
        simhash: simhash(s.text),
        origin: raw.origin,
        storyIndex: i,
        storyCount: stories.length,
        dateline: c.dateline,
        byline: c.byline,
        removed: i === 0 ? c.removed : [],
        repairs: i === 0 ? c.repairs : [],
        skipReason:
          lang.code && lang.code !== 'en' ? `not English (${lang.code}): English-only stages skipped` : null,
      };
    });
}
