// Cleaning: scraped page text in, trustworthy article text out. Each removed line is logged
// with its reason so a reader can check that no body sentence was lost.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { kbPath } from '../kb/paths.js';
import { isHeadingLine } from '../nlp/annotate.js';
import type { DatePrecision } from '../nlp/doc.js';
import { parseLooseDate } from './dates.js';

export interface Removed {
  line: string;
  reason: string;
}

export interface Dateline {
  place: string;
  wire: string | null;
}

export interface Story {
  title: string | null;
  text: string;
}

export interface Cleaned {
  /** The file's stories; a single-story file has one. */
  stories: Story[];
  title: string | null;
  published: string | null;
  publishedPrecision: DatePrecision | null;
  source: string | null;
  byline: string | null;
  dateline: Dateline | null;
  removed: Removed[];
  repairs: string[];
}

interface Pattern {
  re: RegExp;
  reason: string;
}

let patterns: Pattern[] | null = null;
function boilerplate(): Pattern[] {
  if (patterns) return patterns;
  const lines = readFileSync(kbPath('boilerplate.jsonl'), 'utf8').split('\n');
  patterns = [];
  for (const line of lines) {
    if (!line.trim() || line.startsWith('//')) continue;
    const o = JSON.parse(line) as { pattern?: string; reason?: string };
    if (o.pattern)
      patterns.push({ re: new RegExp(`^(?:${o.pattern})$`, 'iu'), reason: o.reason ?? 'boilerplate' });
  }
  return patterns;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  nbsp: ' ',
  quot: '"',
  apos: "'",
  lt: '<',
  gt: '>',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  laquo: '«',
  raquo: '»',
};

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code =
        e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return code > 0 && code < 0x110000 && !(code >= 0xd800 && code < 0xe000)
        ? String.fromCodePoint(code)
        : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

const TAG_NAMES =
  'strong|em|b|i|u|p|span|div|br|a|li|ul|ol|h[1-6]|blockquote|figure|figcaption|section|article|small|sup|sub';
const FULL_TAG = new RegExp(`</?(?:${TAG_NAMES}|img|iframe|script|style)\\b[^<>]{0,300}>`, 'gi');
const TAG_RESIDUE = new RegExp(
  `(?:^|(?<=[\\s.,;:!?"”’)]))/?(?:${TAG_NAMES})>|<\\/?(?:${TAG_NAMES})(?=\\s|$)`,
  'gi',
);

// Sentence-opening words that betray a lost sentence break when glued to a lower-case word.
// Two-letter openers (In, On, At, It) are left out: they end real names such as LinkedIn.
const OPENERS =
  'The|This|That|These|Those|He|She|They|We|But|However|Meanwhile|According|After|Before|His|Her|Their|There|When|While|Earlier|Later|Also|Since|Despite|Although';
const GLUED_SENTENCE = new RegExp(`\\b([A-Z]?[a-z]{3,})(${OPENERS})(?=\\s)`, 'g');
const GLUED_SUFFIX = /\b([a-z]{3,})(and|the|of|to|in|for|with|that|from|but|or)\b/g;

let words: Set<string> | null = null;
function dictionary(): Set<string> {
  if (!words) {
    const require = createRequire(import.meta.url);
    words = new Set(require('an-array-of-english-words') as string[]);
  }
  return words;
}

/** Repairs inside a line: markup residue, entities and words glued together by scrapers. */
export function repairLine(line: string, repairs: string[]): string {
  let s = decodeEntities(line);
  s = s.replace(FULL_TAG, ' ');
  s = s.replace(TAG_RESIDUE, (m) => {
    repairs.push(`removed markup residue "${m}"`);
    return ' ';
  });
  s = s.replace(GLUED_SENTENCE, (m, a: string, b: string) => {
    repairs.push(`split glued sentence "${m}"`);
    return `${a}. ${b}`;
  });
  s = s.replace(GLUED_SUFFIX, (m, a: string, b: string) => {
    const dict = dictionary();
    if (dict.has(m.toLowerCase()) || !dict.has(a.toLowerCase())) return m;
    repairs.push(`split glued words "${m}"`);
    return `${a} ${b}`;
  });
  s = s.replace(/(\p{Ll}{2}),(?=\p{Lu}\p{Ll})/gu, (m, a: string) => {
    repairs.push(`added space after comma in "${m}"`);
    return `${a}, `;
  });
  // A space before a comma or full stop is scraper residue (", according to" after a lost clause).
  s = s.replace(/([.!?”"])\s+,\s+/g, '$1 ').replace(/\s+([,.;:!?])(?=\s|$)/g, '$1');
  return s.replace(/[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+/g, ' ').trim();
}

const SOURCE_LINE = /^(?:news\s+)?source\s*:\s*(.{1,60})$/i;
const BYLINE =
  /^[Bb][Yy]\s+([\p{Lu}][\p{L}.'’-]+(?:\s+(?:and\s+)?[\p{Lu}][\p{L}.'’-]+){0,5})(?:\s*,\s*.{0,40})?$/u;
const DATELINES = [
  // KYIV, Oct 17 (Reuters) -   |   MOSCOW (AP) —
  /^([A-Z][A-Z.'’-]+(?:[ -][A-Z][A-Z.'’-]+){0,3})(?:,\s*[A-Z][a-z]+)?(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}))?\s*(?:\(([A-Z][\w .&-]{1,30})\))?\s*[-–—]{1,2}\s+/,
  // MOSCOW, October 17. /TASS/.
  /^([A-Z][A-Z.'’-]+(?:[ -][A-Z][A-Z.'’-]+){0,3}),\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\.\s*\/([A-Z][\w .&-]{1,20})\/\.?\s+/,
  // December 10, 2024 (EL FASHER) –
  /^(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4})\s*\(([A-Z][A-Z .'’-]{2,40})\)\s*[-–—]{1,2}\s+/,
];
const GENERIC_SOURCES = /^(?:with )?(?:agencies|news agencies|wires|staff|agency|various)$/i;
const WEEKDAY = /\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?,?/gi;
const TIME =
  /\b(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*(?:gmt|utc|cet|cest|eet|eest|msk|est|edt|pst|pdt|bst)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?)?(?:\s*uhr)?/gi;
const DATE_PREFIX =
  /^(?:published|posted|first published|updated|last updated|date|stand|veröffentlicht)(?:\s+on)?\s*:?\s*/i;

/** A line (or ' | ' segment) that is only a date, perhaps with weekday, time and a "Published" label. */
function dateSegment(seg: string): { value: string; precision: DatePrecision; updated: boolean } | null {
  const updated = /^(?:updated|last updated)/i.test(seg);
  const rest = seg
    .replace(DATE_PREFIX, '')
    .replace(/\([^)]{0,40}\bago\)/i, ' ')
    .replace(TIME, ' ')
    .replace(WEEKDAY, ' ')
    .replace(/[\s,|]+/g, ' ')
    .trim();
  if (!rest || rest.split(' ').length > 4) return null;
  const d = parseLooseDate(rest);
  if (!d) return null;
  // The whole remainder must be the date: "9 Jul 2024", not a sentence that contains one.
  if (
    !/^(?:\d{1,2}\.?\s)?[\p{L}.]*\s?\d{0,2},?\s?\d{4}(?:-\d{2}(?:-\d{2}(?:T\S*)?)?)?$|^\d{1,2}\.\d{1,2}\.\d{4}$/u.test(
      rest,
    )
  )
    return null;
  return { ...d, updated };
}

type MetaField =
  | { field: 'published'; value: string; precision: DatePrecision }
  | { field: 'source' | 'byline'; value: string };

/** Metadata a line states about the article ("Published 24 January 2022 | By X"), or null when it is content. */
function metadataLine(line: string): MetaField[] | null {
  const segments = line.split(/\s+[|•·]\s+/);
  const out: MetaField[] = [];
  let dated: ReturnType<typeof dateSegment> = null;
  for (const seg of segments) {
    const d = dateSegment(seg);
    if (d) {
      // The publication time wins over an "Updated" time on the same line.
      if (!dated || (dated.updated && !d.updated)) dated = d;
      continue;
    }
    if (/^(?:(?:updated|last updated)\b.{0,30}\bago|\d{1,3}\s+min(?:ute)?s?\s+read)$/i.test(seg)) continue;
    const src = SOURCE_LINE.exec(seg);
    if (src && src[1]!.split(/\s+/).length <= 6) {
      out.push({ field: 'source', value: src[1]!.trim() });
      continue;
    }
    const by = BYLINE.exec(seg);
    if (by && seg.split(/\s+/).length <= 10) {
      out.push({ field: 'byline', value: by[1]! });
      continue;
    }
    return null;
  }
  if (dated) out.unshift({ field: 'published', value: dated.value, precision: dated.precision });
  return out;
}

function fold(s: string): string {
  return s
    .toLowerCase()
    .replace(/[’'`"“”«»‘]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Ends with an attribution ("…, Stoltenberg says") or with no full stop: how standfirsts read. */
function isStandfirst(line: string): boolean {
  const words = line.split(/\s+/).length;
  if (words < 6 || words > 45) return false;
  if (/^[“"«‘]/.test(line)) return false;
  const sentences = line.split(/(?<=[.!?])\s+(?=[A-Z“"])/).length;
  if (sentences > 1) return false;
  if (!/[.!?”"]$/.test(line)) return true;
  return /,\s[^,]{2,80}\s(?:says|warns|claims|insists|argues|believes|reports|tells [^,]{1,40})\.$/.test(
    line,
  );
}

/** A headline: short, no closing punctuation, starts with a capital, is not a quote. */
function isHeadline(line: string): boolean {
  return isHeadingLine(line) && /^[\p{Lu}\d‘'“"]/u.test(line) && line.split(/\s+/).length >= 3;
}

export interface CleanOptions {
  title?: string | null;
}

export function clean(raw: string, opts: CleanOptions = {}): Cleaned {
  const removed: Removed[] = [];
  const repairs: string[] = [];
  let published: string | null = null;
  let publishedPrecision: DatePrecision | null = null;
  let source: string | null = null;
  let byline: string | null = null;
  let dateline: Dateline | null = null;

  const text = raw
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')
    .replace(/\u2028|\u2029/g, '\n');
  const lines: string[] = [];
  const patternsList = boilerplate();
  const captions = new Set<string>();

  for (const original of text.split('\n')) {
    const line = repairLine(original, repairs);
    if (!line) continue;
    const meta = metadataLine(line);
    if (meta) {
      for (const m of meta) {
        if (m.field === 'published') {
          if (!published) {
            published = m.value;
            publishedPrecision = m.precision;
          }
        } else if (m.field === 'source') {
          if (!source) source = GENERIC_SOURCES.test(m.value) ? null : m.value;
        } else if (!byline) byline = m.value;
      }
      removed.push({ line, reason: `metadata (${meta.map((m) => m.field).join(', ') || 'update time'})` });
      continue;
    }
    const hit = patternsList.find((p) => p.re.test(line));
    if (hit) {
      removed.push({ line, reason: hit.reason });
      if (hit.reason.startsWith('image caption')) {
        captions.add(fold(line.replace(/\|.*$|\((?:photo|image|picture)[^)]*\)\s*$/i, '')));
      }
      continue;
    }
    // Short bulleted fragments are navigation or widgets, not prose.
    if (/^[•·▪►]\s*\S/.test(line) && line.split(/\s+/).length <= 5) {
      removed.push({ line, reason: 'page widget' });
      continue;
    }
    lines.push(line);
  }

  // Caption text printed twice (once as a bullet, once with its credit) goes with the credit.
  const kept: string[] = [];
  for (const line of lines) {
    if (captions.size && captions.has(fold(line.replace(/^[•·▪►]\s*/, '')))) {
      removed.push({ line, reason: 'image caption' });
      continue;
    }
    kept.push(line);
  }

  // Repeated headline: the title printed again further down (share bars often repeat it).
  const title0 = opts.title?.trim() || null;
  const firstHeading = kept.find((l) => isHeadline(l)) ?? null;
  const titleKey = fold(title0 ?? (kept[0] && isHeadline(kept[0]) ? kept[0] : '') ?? '');
  const deduped: string[] = [];
  let titleSeen = false;
  for (const line of kept) {
    if (titleKey && fold(line) === titleKey) {
      if (titleSeen) {
        removed.push({ line, reason: 'repeated headline' });
        continue;
      }
      titleSeen = true;
    }
    deduped.push(line);
  }

  // A wire dateline opening the body ("MOSCOW (Reuters) -") becomes fields, not text.
  for (let i = 0; i < Math.min(deduped.length, 4) && !dateline; i++) {
    for (const re of DATELINES) {
      const m = re.exec(deduped[i]!);
      if (!m || (re === DATELINES[0] && !m[2] && !/,\s*\w/.test(m[0])) || m[1]!.length < 3) continue;
      const wire = re === DATELINES[2] ? null : (m[2]?.trim() ?? null);
      dateline = { place: titleCase(m[1]!), wire };
      removed.push({ line: m[0].trim(), reason: 'dateline' });
      deduped[i] = deduped[i]!.slice(m[0].length);
      if (!source && wire) source = wire;
      const stated = re === DATELINES[2] ? parseLooseDate(m[0]) : null;
      if (stated && !published) {
        published = stated.value;
        publishedPrecision = stated.precision;
      }
      break;
    }
  }

  const stories = splitStories(deduped);
  const title =
    title0 ??
    stories[0]?.title ??
    (firstHeading && deduped.indexOf(firstHeading) === 0 ? firstHeading : null);
  return { stories, title, published, publishedPrecision, source, byline, dateline, removed, repairs };
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase());
}

/**
 * One file may hold several stories glued together. A story starts at a headline line
 * followed by a standfirst (a one-sentence summary), as wire and broadcaster pages lay them
 * out; a sub-heading followed by ordinary prose does not start a story.
 */
export function splitStories(lines: string[]): Story[] {
  const starts: number[] = [0];
  for (let i = 1; i + 2 < lines.length; i++) {
    if (isHeadline(lines[i]!) && isStandfirst(lines[i + 1]!) && !isHeadline(lines[i + 2]!)) {
      // A story needs a body: at least one full paragraph before the next boundary.
      if (i - starts[starts.length - 1]! >= 3) starts.push(i);
    }
  }
  return starts.map((s, k) => {
    const body = lines.slice(s, starts[k + 1] ?? lines.length);
    const first = body[0] ?? '';
    const title = isHeadline(first) ? first : k === 0 ? null : first;
    return { title, text: body.join('\n') };
  });
}

export { isHeadline, isStandfirst };
