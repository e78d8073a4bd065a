import type { KnowledgeBase } from '../kb/load.js';
import { type Doc, sentenceAt } from '../nlp/doc.js';
import { resolveCoref } from './coref.js';
import { extractDates } from './dates.js';
import { buildActors, buildPlaces, buildWeapons } from './entities.js';
import { extractEvents } from './events.js';
import { findMentions } from './mentions.js';
import { extractQuantities } from './quantities.js';
import { extractQuotes } from './quotes.js';

// The extraction record of ../shared/eval/FORMAT.md. Lists are filled by the extraction stages.

export interface RecordDoc {
  id: string;
  title: string | null;
  published: string | null;
  source: string | null;
  language: string | null;
}

export type SpanPair = [number, number];

export interface ActorItem {
  name: string;
  type: 'PERSON' | 'ORG' | 'COUNTRY' | 'GROUP';
  country?: string | null;
  roles?: string[];
  mentions: SpanPair[];
  [extra: string]: unknown;
}

export interface PlaceItem {
  name: string;
  country: string | null;
  lat: number | null;
  lon: number | null;
  kind: string;
  mentions: SpanPair[];
  [extra: string]: unknown;
}

export interface WeaponItem {
  name: string;
  class: string | null;
  mentions: SpanPair[];
  [extra: string]: unknown;
}

export interface QuoteItem {
  speaker: string | null;
  text: string;
  kind: 'direct' | 'indirect';
  cue: string | null;
  span: SpanPair;
  [extra: string]: unknown;
}

export interface QuantityItem {
  kind: string;
  value: number | null;
  low: number | null;
  high: number | null;
  subject: string | null;
  text: string;
  span: SpanPair;
  [extra: string]: unknown;
}

export interface DateItem {
  text: string;
  value: string;
  span: SpanPair;
  [extra: string]: unknown;
}

export interface EventItem {
  type: string;
  source: string[];
  target: string[];
  modality: 'asserted' | 'reported' | 'hypothetical' | 'negated' | 'future';
  date: string | null;
  text: string;
  span: SpanPair;
  [extra: string]: unknown;
}

export interface ExtractionRecord {
  doc: RecordDoc;
  text: string;
  extractor: { name: 'redline'; version: string };
  /** Why the English-only stages did not run, when they did not. */
  skipped: string | null;
  sentences: number;
  tokens: number;
  actors: ActorItem[];
  places: PlaceItem[];
  weapons: WeaponItem[];
  quotes: QuoteItem[];
  quantities: QuantityItem[];
  dates: DateItem[];
  events: EventItem[];
}

/** A quote is dated by a date expression in its own sentence(s), when there is one. */
function datedQuotes(quotes: QuoteItem[], dates: DateItem[], doc: Doc): QuoteItem[] {
  if (!dates.length) return quotes;
  return quotes.map((q) => {
    if (q.date) return q;
    const ev = (Array.isArray(q.evidence) ? q.evidence : q.span) as SpanPair;
    const first = sentenceAt(doc, ev[0]);
    const last = sentenceAt(doc, Math.max(ev[0], ev[1] - 1));
    const from = doc.layers.sentences[first]?.start ?? ev[0];
    const to = doc.layers.sentences[last]?.end ?? ev[1];
    const d = dates.find((x) => x.span[0] >= from && x.span[1] <= to);
    return d ? { ...q, date: d.value } : q;
  });
}

export const EXTRACTOR_VERSION = '0.2.0';

/** The record for an annotated Doc. Pure: same text and knowledge base, same record. */
export function extractRecord(doc: Doc, kb: KnowledgeBase, skipped: string | null = null): ExtractionRecord {
  const english = !skipped;
  // Roles resolve against the publication date; without one, against the present.
  const date = doc.meta.published ?? new Date().toISOString().slice(0, 10);
  const found = english ? findMentions(doc, kb, date).mentions : [];
  const mentions = english
    ? [...found, ...resolveCoref(doc, kb, found, date)].sort((a, b) => a.start - b.start)
    : [];
  const dates = english ? extractDates(doc) : [];
  const quotes = english ? datedQuotes(extractQuotes(doc, kb, mentions, date), dates, doc) : [];
  const events = english ? extractEvents(doc, kb, { mentions, quotes, dates, date }) : [];
  // Actors and places come from named mentions only; coreference adds spans, not new entities.
  const named = mentions.filter((m) => m.via !== 'pronoun' && m.via !== 'nominal');
  return {
    doc: {
      id: doc.meta.id,
      title: doc.meta.title,
      published: doc.meta.published,
      source: doc.meta.source,
      language: doc.meta.language,
    },
    text: doc.text,
    extractor: { name: 'redline', version: EXTRACTOR_VERSION },
    skipped,
    sentences: doc.layers.sentences.length,
    tokens: doc.layers.tokens.length,
    actors: buildActors(kb, named, date),
    places: buildPlaces(kb, named, doc.text),
    weapons: buildWeapons(kb, named),
    quotes,
    quantities: english ? extractQuantities(doc) : [],
    dates,
    events,
  };
}
