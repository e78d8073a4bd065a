// The event coder's lexicons, compiled once per knowledge base: event predicates
// (events.jsonl), modality cues (modality.jsonl), speech verbs (quote-cues.jsonl), group nouns
// (descriptors.jsonl) and the coder's own word classes (event-words.jsonl).
import type { KnowledgeBase } from '../../kb/load.js';
import type { LexiconRow } from '../../kb/types.js';
import { compilePattern, type El, firstTokens, formSeq } from './pattern.js';

export interface EventEntry {
  id: string;
  lemma: string;
  pos: 'VERB' | 'NOUN';
  type: string;
  mode: string | null;
  cameo: string;
  cameoCode: string | null;
  intensity: number;
  sourceRole: string;
  sourcePrep: string[];
  targetRole: string;
  targetPrep: string[];
  placePrep: string[];
  symmetric: boolean;
  altTypes: string[];
  ifModality: string[] | null;
  constrained: boolean;
  /** Matched through a multiword pattern (not a single form). */
  pattern: boolean;
  /** Index of the head word inside the match: the verb, or a noun form's last word. */
  headLast: boolean;
  seqs: El[][];
  order: number;
}

/** A well-known event news names without its actors (kb/named-events.jsonl). */
export interface NamedEvent {
  id: string;
  type: string;
  source: string[];
  target: string[];
  date: string;
  context: string[];
  seqs: El[][];
}

export type Modality = 'asserted' | 'reported' | 'hypothetical' | 'negated' | 'future';

export interface ModalityCue {
  id: string;
  output: Modality;
  scope: 'following-verb' | 'clause' | 'sentence';
  seq: El[];
  lower: boolean;
}

export interface Descriptor {
  id: string;
  sector: string;
  actor: boolean;
  resolvesTo: string;
}

export interface SpeechVerb {
  lemma: string;
  /** Event type the cue itself expresses (warn → THREATEN), if any. */
  event: string | null;
  /** Introduces a clause of its own ("claims the missile has …"), not only an object. */
  clause: boolean;
}

export interface Compiled {
  entries: EventEntry[];
  /** Entry patterns by the first token a match can start with. */
  byFirst: Map<string, { entry: EventEntry; seq: El[] }[]>;
  cues: ModalityCue[];
  cuesByFirst: Map<string, ModalityCue[]>;
  speech: Map<string, SpeechVerb>;
  /** Demonyms and adjectives ("Russian", "Ukrainian") → country id. */
  demonyms: Map<string, string>;
  /** Group nouns ("troops", "officials") → descriptor. */
  descriptors: Map<string, Descriptor>;
  /** Word classes of the coder (event-words.jsonl): class → words. */
  words: Map<string, Set<string>>;
  /** ISO 3166-1 alpha-2 code → country id, for the country of a place. */
  byIso2: Map<string, string>;
  /** The country id of a place key (`place:…`), when the knowledge base knows it. */
  placeCountry: (key: string) => string | null;
  /** Named events by the first token of each of their names. */
  named: Map<string, { event: NamedEvent; seq: El[] }[]>;
}

const cache = new WeakMap<KnowledgeBase, Compiled>();

const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);
const s = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function rows(kb: KnowledgeBase, schema: string): LexiconRow[] {
  return kb.lexicons.get(schema) ?? [];
}

function addIndex<T>(map: Map<string, T[]>, keys: Iterable<string>, v: T): void {
  for (const k of keys) {
    const list = map.get(k);
    if (list) list.push(v);
    else map.set(k, [v]);
  }
}

function compileEntry(r: LexiconRow, order: number): EventEntry | null {
  const type = s(r.type);
  const pos = s(r.pos);
  if (!type || (pos !== 'VERB' && pos !== 'NOUN')) return null;
  const inflections = (r.inflections ?? {}) as Record<string, string[]>;
  const pattern = s(r.pattern);
  const seqs = pattern ? [compilePattern(pattern, inflections)] : strs(r.forms).map(formSeq);
  if (!seqs.length) return null;
  const ifm = strs(r.if_modality);
  return {
    id: s(r.id) ?? `${type}.${order}`,
    lemma: s(r.lemma) ?? '',
    pos,
    type,
    mode: s(r.mode),
    cameo: s(r.cameo) ?? '',
    cameoCode: s(r.cameo_code),
    intensity: typeof r.intensity === 'number' ? r.intensity : 0,
    sourceRole: s(r.source_role) ?? 'subject',
    sourcePrep: strs(r.source_prep),
    targetRole: s(r.target_role) ?? 'object',
    targetPrep: strs(r.target_prep),
    placePrep: strs(r.place_prep),
    symmetric: r.symmetric === true,
    altTypes: strs(r.alt_types),
    ifModality: ifm.length ? ifm : null,
    constrained: typeof r.constraint === 'string',
    pattern: !!pattern,
    headLast: pos === 'NOUN' && !pattern,
    seqs,
    order,
  };
}

export function compiled(kb: KnowledgeBase): Compiled {
  const hit = cache.get(kb);
  if (hit) return hit;
  const c: Compiled = {
    entries: [],
    byFirst: new Map(),
    cues: [],
    cuesByFirst: new Map(),
    speech: new Map(),
    demonyms: new Map(),
    descriptors: new Map(),
    words: new Map(),
    byIso2: new Map(),
    named: new Map(),
    placeCountry: (key) => {
      if (!key.startsWith('place:')) return null;
      const iso2 = kb.places.get(key.slice(6))?.country;
      return iso2 ? (c.byIso2.get(iso2) ?? null) : null;
    },
  };
  rows(kb, 'event-lexicon').forEach((r, i) => {
    const e = compileEntry(r, i);
    if (!e) return;
    c.entries.push(e);
    // Each form or pattern is indexed by its own first tokens: a token tries only what can match.
    for (const seq of e.seqs) addIndex(c.byFirst, firstTokens(seq) ?? [], { entry: e, seq });
  });
  for (const r of rows(kb, 'quote-cue')) {
    if (r.cue_type !== 'verb') continue;
    const intro = strs(r.introduces);
    const v: SpeechVerb = {
      lemma: s(r.lemma) ?? '',
      event: s(r.event),
      clause: intro.includes('that-clause') || intro.includes('direct'),
    };
    for (const f of strs(r.forms)) c.speech.set(f.toLowerCase(), v);
  }
  for (const r of rows(kb, 'modality-cue')) {
    const out = s(r.output) as Modality | null;
    const scope = s(r.scope);
    const src = s(r.pattern) ?? s(r.cue);
    if (!out || !src || (scope !== 'following-verb' && scope !== 'clause' && scope !== 'sentence')) continue;
    // '<quote-cue>' is covered by the speech attribution of the coder itself.
    if (src.includes('<')) continue;
    const cue: ModalityCue = {
      id: s(r.id) ?? src,
      output: out,
      scope,
      seq: compilePattern(src),
      lower: r.case === 'lower',
    };
    c.cues.push(cue);
    addIndex(c.cuesByFirst, firstTokens(cue.seq) ?? [], cue);
  }
  for (const country of kb.countries.values()) {
    if (country.iso2 && (country.status === 'member' || !c.byIso2.has(country.iso2)))
      c.byIso2.set(country.iso2, country.id);
    for (const d of country.demonyms) {
      if (!c.demonyms.has(d.toLowerCase())) c.demonyms.set(d.toLowerCase(), country.id);
    }
  }
  for (const r of rows(kb, 'descriptor')) {
    const d: Descriptor = {
      id: s(r.id) ?? '',
      sector: s(r.sector) ?? '',
      actor: r.actor === true,
      resolvesTo: s(r.resolves_to) ?? 'none',
    };
    for (const f of strs(r.forms)) c.descriptors.set(f.toLowerCase(), d);
  }
  for (const r of rows(kb, 'event-words')) {
    const cls = s(r.class);
    if (!cls) continue;
    const set = c.words.get(cls) ?? new Set<string>();
    for (const w of strs(r.words)) set.add(w.toLowerCase());
    c.words.set(cls, set);
  }
  for (const r of rows(kb, 'named-event')) {
    const date = s(r.date);
    const type = s(r.type);
    if (!date || !type) continue;
    const event: NamedEvent = {
      id: s(r.id) ?? '',
      type,
      source: strs(r.source),
      target: strs(r.target),
      date,
      context: strs(r.context),
      seqs: strs(r.names).map(formSeq),
    };
    for (const seq of event.seqs) addIndex(c.named, firstTokens(seq) ?? [], { event, seq });
  }
  cache.set(kb, c);
  return c;
}

/** Words of one class of event-words.jsonl (empty when the file lacks it). */
export function wordClass(c: Compiled, cls: string): Set<string> {
  return c.words.get(cls) ?? EMPTY;
}
const EMPTY = new Set<string>();
