// The quote-cue lexicon (kb/lexicon/quote-cues.jsonl) compiled once per knowledge base: speech
// verbs by inflected form, attribution phrases and medium cues as token patterns.
import type { KnowledgeBase } from '../../kb/load.js';
import type { LexiconRow } from '../../kb/types.js';

export interface VerbCue {
  id: string;
  lemma: string;
  /** speech, claim or reaction. */
  kind: string;
  introduces: Set<string>;
}

/** One pattern element: alternatives (each a word sequence), a gap of 0–3 words, or a slot. */
export type El = { alts: string[][] } | { gap: true } | { slot: 'outlet' };

export interface PhraseCue {
  id: string;
  cueType: 'phrase' | 'medium' | 'marker';
  speaker: string;
  kind: string;
  introduces: Set<string>;
  medium: string | null;
  seq: El[];
  /** Words a match can start with (lower case); empty when it starts with a slot. */
  first: Set<string>;
  /** Case-sensitive pattern ("on X"). */
  exactCase: boolean;
}

export interface CueLexicon {
  /** Verb cues by the first word of a form. */
  verbs: Map<string, { form: string[]; cue: VerbCue }[]>;
  phrases: PhraseCue[];
  /** Attribution phrases and markers by first word. */
  phrasesByFirst: Map<string, PhraseCue[]>;
  /** Medium cues by first word. */
  mediaByFirst: Map<string, PhraseCue[]>;
  /** Nouns for collectives that act and speak ("media", "leaders", "western media"), lower case. */
  groups: Set<string>;
  /** Time words stepped over after a speech verb (speech-adjuncts.jsonl). */
  timeNouns: Set<string>;
  timeLeads: Set<string>;
  /** Display names of media ("press-conference" → "press conference"). */
  mediumLabels: Map<string, string>;
  /** Country metonyms ("kremlin", "white house") → country id. */
  metonyms: Map<string, string>;
}

const cache = new WeakMap<KnowledgeBase, CueLexicon>();

const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Words of a phrase as the cue matcher sees them: lower case, apostrophes made plain. */
export function cueWords(s: string): string[] {
  return s
    .replace(/[’‘]/g, "'")
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Compile a pattern of the lexicon's pattern syntax. */
export function compilePattern(pattern: string): El[] {
  const out: El[] = [];
  const re = /\(([^)]*)\)|(\S+)/g;
  for (const m of pattern.matchAll(re)) {
    if (m[1] !== undefined) out.push({ alts: m[1].split('|').map((a) => cueWords(a.replace(/,/g, ' ,'))) });
    else if (m[2] === '*') out.push({ gap: true });
    else if (m[2] === '<outlet>') out.push({ slot: 'outlet' });
    else out.push({ alts: [cueWords(m[2]!)] });
  }
  return out;
}

function addTo<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

export function cueLexicon(kb: KnowledgeBase): CueLexicon {
  let lex = cache.get(kb);
  if (lex) return lex;
  lex = {
    verbs: new Map(),
    phrases: [],
    phrasesByFirst: new Map(),
    mediaByFirst: new Map(),
    groups: new Set(),
    timeNouns: new Set(),
    timeLeads: new Set(),
    mediumLabels: new Map(),
    metonyms: new Map(),
  };
  for (const c of kb.countries.values())
    for (const m of c.metonyms) lex.metonyms.set(cueWords(m).join(' ').replace(/^the /, ''), c.id);
  for (const r of kb.lexicons.get('speech-adjunct') ?? []) {
    const words = strs(r.words).map((w) => w.toLowerCase());
    if (r.type === 'time-noun') for (const w of words) lex.timeNouns.add(w);
    if (r.type === 'time-lead') for (const w of words) lex.timeLeads.add(w);
    if (r.type === 'medium-label' && r.values && typeof r.values === 'object')
      for (const [k, v] of Object.entries(r.values)) if (typeof v === 'string') lex.mediumLabels.set(k, v);
  }
  for (const r of kb.lexicons.get('descriptor') ?? []) {
    if (r.type !== 'GROUP' || r.actor !== true) continue;
    for (const f of strs(r.forms)) lex.groups.add(cueWords(f).join(' '));
  }
  const rows: LexiconRow[] = kb.lexicons.get('quote-cue') ?? [];
  for (const r of rows) {
    const id = str(r.id);
    const type = str(r.cue_type);
    const introduces = new Set(strs(r.introduces));
    if (type === 'verb') {
      const cue: VerbCue = { id, lemma: str(r.lemma), kind: str(r.kind), introduces };
      for (const f of strs(r.forms)) {
        const form = cueWords(f);
        if (form.length) addTo(lex.verbs, form[0]!, { form, cue });
      }
      continue;
    }
    if (type !== 'phrase' && type !== 'medium' && type !== 'marker') continue;
    const pattern = str(r.pattern);
    if (!pattern) continue;
    const seq = compilePattern(pattern);
    const head = seq[0];
    const first = new Set<string>();
    if (head && 'alts' in head) for (const a of head.alts) if (a[0]) first.add(a[0]);
    const cue: PhraseCue = {
      id,
      cueType: type,
      speaker: str(r.speaker),
      kind: str(r.kind),
      introduces,
      medium: typeof r.medium === 'string' ? r.medium : null,
      seq,
      first,
      exactCase: /\bX\b/.test(pattern),
    };
    lex.phrases.push(cue);
    for (const w of first) addTo(type === 'medium' ? lex.mediaByFirst : lex.phrasesByFirst, w, cue);
  }
  // Longer forms first, so "pointed out" wins over "pointed".
  for (const list of lex.verbs.values()) list.sort((a, b) => b.form.length - a.form.length);
  cache.set(kb, lex);
  return lex;
}

/** What the pattern matcher needs to know about the words of a text. */
export interface CueWords {
  /** Lower-case words, apostrophes made plain. */
  lower: string[];
  /** Words as written (for case-sensitive patterns). */
  text: (k: number) => string;
  /** Outlet (or organisation) mentions by the word they start at: key and the word after. */
  outlets: Map<number, { to: number; key: string }>;
}

/** Match `seq` at word `i`; returns the end index and any outlet slot filler. */
export function matchSeq(
  seq: El[],
  words: CueWords,
  i: number,
  limit: number,
  exactCase: boolean,
): { to: number; outletKey: string | null } | null {
  const lower = words.lower;
  const step = (
    k: number,
    j: number,
    outlet: string | null,
  ): { to: number; outletKey: string | null } | null => {
    if (k === seq.length) return { to: j, outletKey: outlet };
    const el = seq[k]!;
    if ('gap' in el) {
      for (let g = 0; g <= 3 && j + g <= limit; g++) {
        const r = step(k + 1, j + g, outlet);
        if (r) return r;
      }
      return null;
    }
    if ('slot' in el) {
      const at = lower[j] === 'the' && words.outlets.has(j + 1) ? j + 1 : j;
      const o = words.outlets.get(at);
      if (!o || o.to > limit) return null;
      return step(k + 1, o.to, o.key);
    }
    for (const alt of el.alts) {
      if (j + alt.length > limit) continue;
      let ok = true;
      for (let a = 0; a < alt.length && ok; a++) {
        ok = lower[j + a] === alt[a];
        // "on X" (the platform) is case-sensitive: "on x" is not a medium.
        if (ok && exactCase && alt[a] === 'x') ok = words.text(j + a) === 'X';
      }
      if (!ok) continue;
      const r = step(k + 1, j + alt.length, outlet);
      if (r) return r;
    }
    return null;
  };
  // Cheap rejection: most candidates fail on their second word.
  const second = seq[1];
  if (second && 'alts' in second && seq[0] && 'alts' in seq[0] && seq[0].alts.every((a) => a.length === 1)) {
    const w = lower[i + 1];
    if (w === undefined || !second.alts.some((a) => a[0] === w)) return null;
  }
  return step(0, i, null);
}
