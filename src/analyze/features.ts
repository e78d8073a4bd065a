// What the clustering compares: each stored event or quote reduced to its actors (at index level),
// a date interval, a place with coordinates, and the content words of its evidence and article.
import type { KnowledgeBase } from '../kb/load.js';
import { fold } from '../kb/match.js';
import { dyadActors, officeHolders } from './actors.js';
import { analysisLexicon } from './lexicon.js';

export type Group = 'happened' | 'negated' | 'hypothetical' | 'future';

/** asserted and reported events happened (as far as the outlet says); the rest did not. */
export function modalityGroup(modality: string): Group {
  if (modality === 'negated' || modality === 'hypothetical' || modality === 'future') return modality;
  return 'happened';
}

/** Event types whose participants are all sources (meetings, talks, clashes). */
export const SYMMETRIC = new Set(['CONSULT', 'COOPERATE', 'AGREE']);

// ---- dates as day numbers ----

const DAY = 86_400_000;
const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/;

export function dayNum(iso: string): number | null {
  const m = DATE.exec(iso);
  if (!m) return null;
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2] ?? 1) - 1, Number(m[3] ?? 1)) / DAY);
}

export function isoDay(n: number): string {
  return new Date(n * DAY).toISOString().slice(0, 10);
}

/** Every day a date of any precision covers: [first, last]. */
export function dateRange(iso: string): [number, number] | null {
  const m = DATE.exec(iso);
  if (!m) return null;
  const y = Number(m[1]);
  if (m[3]) {
    const d = dayNum(iso)!;
    return [d, d];
  }
  if (m[2]) {
    const mo = Number(m[2]) - 1;
    return [Math.floor(Date.UTC(y, mo, 1) / DAY), Math.floor(Date.UTC(y, mo + 1, 1) / DAY) - 1];
  }
  return [Math.floor(Date.UTC(y, 0, 1) / DAY), Math.floor(Date.UTC(y + 1, 0, 1) / DAY) - 1];
}

const isDay = (s: string | null | undefined): s is string => !!s && /^\d{4}-\d{2}-\d{2}/.test(s);

/** How far back an undated report may describe: news reports yesterday's and today's events. */
export const PUBLISHED_LAG_DAYS = 2;

export interface When {
  /** Interval of days the report can refer to, or null when nothing dates it. */
  lo: number | null;
  hi: number | null;
  /** day: the text dates it to a day; coarse: month or year; published: only the article's date. */
  kind: 'day' | 'coarse' | 'published' | 'none';
  /** The day to count it on in a day/week series (never a coarse date). */
  day: string | null;
}

export function when(date: string | null, published: string | null): When {
  if (date) {
    const r = dateRange(date);
    if (r) {
      const day = isDay(date) ? date.slice(0, 10) : null;
      return { lo: r[0], hi: r[1], kind: day ? 'day' : 'coarse', day };
    }
  }
  if (isDay(published)) {
    const p = dayNum(published)!;
    return { lo: p - PUBLISHED_LAG_DAYS, hi: p, kind: 'published', day: published.slice(0, 10) };
  }
  return { lo: null, hi: null, kind: 'none', day: null };
}

// ---- places ----

export interface PlaceInfo {
  key: string;
  name: string;
  lat: number | null;
  lon: number | null;
  /** town, point, region, macro-region … (places.precision) */
  precision: string | null;
}

export function km(a: PlaceInfo, b: PlaceInfo): number | null {
  if (a.lat == null || a.lon == null || b.lat == null || b.lon == null) return null;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 12_742 * Math.asin(Math.min(1, Math.sqrt(h)));
}

const local = (p: PlaceInfo) => p.precision === 'town' || p.precision === 'point';

/**
 * How well two event places agree: null when they cannot be the same event's place (two towns
 * far apart), else 0..1. Seas, macro-regions and places without coordinates say nothing.
 */
export function placeFit(a: PlaceInfo | null, b: PlaceInfo | null): number | null {
  if (!a || !b) return 0.3;
  if (a.key === b.key) return 1;
  if (a.precision === 'macro-region' || b.precision === 'macro-region') return 0.3;
  const d = km(a, b);
  if (d == null) return fold(a.name) === fold(b.name) ? 1 : 0.3;
  if (local(a) && local(b)) return d <= 30 ? 0.9 : null;
  if (local(a) || local(b)) return d <= 120 ? 0.6 : null;
  return d <= 60 ? 0.6 : null;
}

// ---- words ----

const WORD = /[\p{L}\p{N}]+(?:['’]\p{L}+)?/gu;

/** Content words of a text, folded, spelling variants unified, cut to a 6-letter stem. */
export function contentWords(kb: KnowledgeBase, text: string): Set<string> {
  const lex = analysisLexicon(kb);
  const out = new Set<string>();
  for (const m of text.matchAll(WORD)) {
    let w = fold(m[0]).replace(/['’]s$/, '');
    if (w.length < 2 || /^\d+$/.test(w) || lex.stopwords.has(w)) continue;
    w = lex.spellingToken.get(w) ?? w;
    out.add(w.length > 6 && !w.startsWith('~') ? w.slice(0, 6) : w);
  }
  return out;
}

/** Figures a text states (digits and number words), to tell apart statements with different numbers. */
export function numbersIn(kb: KnowledgeBase, text: string): Set<string> {
  const lex = analysisLexicon(kb);
  const out = new Set<string>();
  for (const m of text.matchAll(WORD)) {
    const w = fold(m[0]);
    if (/^\d/.test(w) || lex.numbers.has(w)) out.add(w.replace(/,/g, ''));
  }
  return out;
}

/** Binary cosine of two word sets. */
export function cosine(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let n = 0;
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  for (const w of small) if (big.has(w)) n++;
  return n / Math.sqrt(a.size * b.size);
}

/** Share of the smaller set found in the larger one. */
export function overlap(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let n = 0;
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  for (const w of small) if (big.has(w)) n++;
  return n / small.size;
}

// ---- reports ----

/** An article as the clustering sees it. */
export interface ArticleInfo {
  id: string;
  /** Ingest order: clustering runs in this order, so incremental and rebuilt results agree. */
  seq: number;
  outlet: string | null;
  published: string | null;
  /** Named actors, places and weapons of the article and its title words: what the story is about. */
  signature: Set<string>;
}

export interface EventInput {
  id: number;
  articleId: string;
  type: string;
  modality: string;
  sourceKeys: string[];
  targetKeys: string[];
  date: string | null;
  place: PlaceInfo | null;
  text: string;
  intensity: number | null;
  start: number;
}

export interface EventReport extends EventInput {
  article: ArticleInfo;
  group: Group;
  when: When;
  sources: string[];
  targets: string[];
  words: Set<string>;
  /** A statement (accusation, denial, threat, demand, protest) rather than an act. */
  verbal: boolean;
  /** Countries its non-state sources are based in: "rockets fired from Lebanon" may be Hezbollah's. */
  bases: string[];
}

export function eventReport(kb: KnowledgeBase, e: EventInput, article: ArticleInfo): EventReport {
  const w = when(e.date, article.published);
  const at = w.day ?? e.date ?? article.published;
  const sources = dyadActors(kb, e.sourceKeys, at);
  const bases: string[] = [];
  for (const s of sources) {
    const home = kb.orgs.get(s)?.country;
    if (home && kb.countries.has(home) && !bases.includes(home)) bases.push(home);
  }
  return {
    ...e,
    article,
    group: modalityGroup(e.modality),
    when: w,
    sources,
    bases,
    targets: dyadActors(kb, e.targetKeys, at),
    words: contentWords(kb, e.text),
    verbal: analysisLexicon(kb).family.get(e.type)?.family === 'verbal',
  };
}

export interface QuoteInput {
  id: number;
  articleId: string;
  speaker: string | null;
  speakerKey: string | null;
  text: string;
  kind: string;
  date: string | null;
}

export interface QuoteReport extends QuoteInput {
  article: ArticleInfo;
  when: When;
  /** Who said it, person-level when known: the same statement has the same speaker. */
  speakerRef: string;
  /** The speaker's state or organisation (index level). */
  speakerActor: string;
  /** For a person: the states and organisations they speak for on the date (their offices' holders). */
  speaksFor: string[];
  words: Set<string>;
  numbers: Set<string>;
}

export function quoteReport(kb: KnowledgeBase, q: QuoteInput, article: ArticleInfo): QuoteReport {
  const w = when(q.date, article.published);
  const ref = q.speakerKey ?? (q.speaker ? `name:${fold(q.speaker)}` : 'unknown');
  const at = w.day ?? q.date ?? article.published;
  return {
    ...q,
    article,
    when: w,
    speakerRef: ref,
    speakerActor: dyadActors(kb, [ref], at)[0] ?? ref,
    speaksFor: ref.startsWith('person:') ? officeHolders(kb, ref.slice(7), at) : [],
    words: contentWords(kb, q.text),
    numbers: numbersIn(kb, q.text),
  };
}

/** Article signature: named things and title words (see ArticleInfo.signature). */
export function articleSignature(
  kb: KnowledgeBase,
  title: string | null,
  actorKeys: string[],
  places: { key: string; precision: string | null }[],
  weapons: string[],
): Set<string> {
  const s = new Set<string>();
  for (const k of actorKeys) s.add(k);
  for (const p of places) if (p.precision !== 'macro-region') s.add(p.key);
  for (const w of weapons) s.add(`weapon:${fold(w)}`);
  if (title) for (const w of contentWords(kb, title)) s.add(w);
  return s;
}
