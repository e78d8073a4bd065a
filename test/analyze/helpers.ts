// Short articles written for these tests, stored with hand-made extraction records.
import type {
  ActorItem,
  EventItem,
  ExtractionRecord,
  PlaceItem,
  QuantityItem,
  QuoteItem,
} from '../../src/extract/record.js';
import { type Article, prepare } from '../../src/ingest/article.js';

export interface TestEvent {
  type: string;
  source: string[];
  target?: string[];
  modality?: EventItem['modality'];
  date?: string | null;
  place?: string | null;
  /** A phrase of the article: the event's evidence is its sentence. */
  anchor: string;
  intensity?: number | null;
}

export interface TestPlace {
  name: string;
  key: string;
  lat: number;
  lon: number;
  precision: string;
}

export interface TestDoc {
  id: string;
  text: string;
  published: string | null;
  source: string;
  title?: string;
  events?: TestEvent[];
  places?: TestPlace[];
  quotes?: { speaker: string; speakerKey: string; text: string; kind?: 'direct' | 'indirect' }[];
  quantities?: { kind: string; value: number; phrase: string }[];
}

export const PLACES: Record<string, TestPlace> = {
  Kherson: { name: 'Kherson', key: 'place:city:kherson-ua', lat: 46.64, lon: 32.61, precision: 'town' },
  Sumy: { name: 'Sumy', key: 'place:city:sumy-ua', lat: 50.91, lon: 34.8, precision: 'town' },
  Poltava: { name: 'Poltava', key: 'place:city:poltava-ua', lat: 49.59, lon: 34.55, precision: 'town' },
  Klaipeda: { name: 'Klaipeda', key: 'place:city:klaipeda-lt', lat: 55.71, lon: 21.14, precision: 'town' },
};

function sentenceOf(text: string, anchor: string): [number, number] {
  const at = text.indexOf(anchor);
  if (at < 0) throw new Error(`anchor not in text: ${anchor}`);
  let s = at;
  while (s > 0 && !/[.!?\n]/.test(text[s - 1]!)) s--;
  while (/\s/.test(text[s]!)) s++;
  let e = at + anchor.length;
  while (e < text.length && !/[.!?\n]/.test(text[e]!)) e++;
  return [s, Math.min(text.length, e + 1)];
}

const actorType = (k: string): ActorItem['type'] =>
  k.startsWith('country:') ? 'COUNTRY' : k.startsWith('person:') ? 'PERSON' : 'ORG';

export function record(a: Article, d: TestDoc): ExtractionRecord {
  const keys = new Set<string>();
  const events: EventItem[] = (d.events ?? []).map((e) => {
    const span = sentenceOf(a.text, e.anchor);
    for (const k of [...e.source, ...(e.target ?? [])]) keys.add(k);
    return {
      type: e.type,
      source: e.source,
      target: e.target ?? [],
      modality: e.modality ?? 'asserted',
      date: e.date ?? null,
      text: a.text.slice(span[0], span[1]),
      span,
      sourceKeys: e.source,
      targetKeys: e.target ?? [],
      place: e.place ?? null,
      intensity: e.intensity ?? null,
      evidence: [span],
    };
  });
  const places: PlaceItem[] = (d.places ?? []).map((p) => ({
    name: p.name,
    country: null,
    lat: p.lat,
    lon: p.lon,
    kind: 'city',
    mentions: [],
    key: p.key,
    precision: p.precision,
  }));
  const quotes: QuoteItem[] = (d.quotes ?? []).map((q) => {
    const at = a.text.indexOf(q.text);
    return {
      speaker: q.speaker,
      speakerKey: q.speakerKey,
      text: q.text,
      kind: q.kind ?? 'direct',
      cue: 'said',
      span: [Math.max(0, at), Math.max(0, at) + q.text.length],
    };
  });
  const quantities: QuantityItem[] = (d.quantities ?? []).map((q) => {
    const at = a.text.indexOf(q.phrase);
    return {
      kind: q.kind,
      value: q.value,
      low: null,
      high: null,
      subject: null,
      text: q.phrase,
      span: [at, at + q.phrase.length],
    };
  });
  return {
    doc: { id: a.id, title: a.title, published: a.published, source: a.source, language: 'en' },
    text: a.text,
    extractor: { name: 'redline', version: 'test' },
    skipped: null,
    sentences: 0,
    tokens: 0,
    actors: [...keys].map((k) => ({ name: k, type: actorType(k), mentions: [], key: k })),
    places,
    weapons: [],
    quotes,
    quantities,
    dates: [],
    events,
  };
}

export function articles(docs: TestDoc[]): { list: Article[]; extract: (a: Article) => ExtractionRecord } {
  const byId = new Map<string, TestDoc>();
  const list = docs.flatMap((d) => {
    const [a] = prepare({
      origin: `${d.id}.jsonl:1`,
      format: 'jsonl',
      body: d.text,
      id: d.id,
      title: d.title ?? d.id,
      ...(d.published ? { published: d.published } : {}),
      source: d.source,
    });
    byId.set(a!.id, d);
    return [a!];
  });
  return { list, extract: (a) => record(a, byId.get(a.id)!) };
}
