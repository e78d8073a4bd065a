// One sentence as the event coder sees it: normalised tokens (hyphenated compounds joined,
// quotation marks dropped, contractions spelled out) and the actors and places on them.
import type { KnowledgeBase } from '../../kb/load.js';
import type { Token } from '../../nlp/doc.js';
import type { Mention } from '../mentions.js';
import { type Compiled, wordClass } from './lexicon.js';
import type { PatTok } from './pattern.js';

export interface STok extends PatTok {
  text: string;
  pos: string;
  lemma: string;
  start: number;
  end: number;
  /** Joined from a hyphenated compound ("US-led", "build-up"). */
  merged: boolean;
  /** A quotation mark stood right before the token. */
  afterQuote: boolean;
  /** A speech verb that opens a clause of its own ("said", "claims"). */
  speech: boolean;
}

export interface Actor {
  /** Keys reported for the actor: a collective ("Russian troops") reports its state. */
  key: string;
  from: number;
  /** One past the last token. */
  to: number;
  /** A bare demonym ("Russian invasion"): a modifier, never a subject on its own. */
  demonym: boolean;
  /** A pronoun or nominal from coreference. */
  anaphor: boolean;
  kind: string;
}

export interface PlaceRef {
  key: string;
  from: number;
  to: number;
}

export interface SentView {
  index: number;
  start: number;
  end: number;
  toks: STok[];
  actors: Actor[];
  /** Token → index into `actors` of the actor covering it, or -1. */
  actorAt: Int32Array;
  places: PlaceRef[];
  /** Tokens inside a weapon name. */
  weapon: Uint8Array;
  lex: Compiled;
}

const QUOTE_MARKS = new Set(['"', '“', '”', '„', '«', '»', '‘', '’', "'", '`', '``', "''"]);
const HYPHENS = new Set(['-', '‐', '‑']);
const CONTRACTED: Record<string, string> = { wo: 'will', ca: 'can', sha: 'shall' };
const ACTOR_KINDS = new Set(['person', 'country', 'org', 'group']);
const isWord = (t: Token) => t.kind === 'word' || t.kind === 'number';
const CURLY = /[’‘]/g;

function norm(text: string): string {
  const low = text.toLowerCase();
  return low.includes('’') || low.includes('‘') ? low.replace(CURLY, "'") : low;
}

/** Normalised tokens of one sentence's wink tokens. */
export function sentenceTokens(toks: Token[], lex?: Compiled): STok[] {
  const out: STok[] = [];
  let quote = false;
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (QUOTE_MARKS.has(t.text)) {
      quote = true;
      continue;
    }
    const prev = out.at(-1);
    const next = toks[k + 1];
    // "build-up", "air-policing": wink splits some compounds; the lexicons write them whole.
    if (
      HYPHENS.has(t.text) &&
      prev &&
      next &&
      prev.end === t.start &&
      next.start === t.end &&
      !prev.punct &&
      isWord(next)
    ) {
      prev.norm = `${prev.norm}-${norm(next.text)}`;
      prev.text = `${prev.text}-${next.text}`;
      prev.end = next.end;
      if (next.pos !== 'ADP' && next.pos !== 'PART') prev.pos = next.pos;
      prev.lemma = prev.norm;
      prev.merged = true;
      k++;
      continue;
    }
    let n = norm(t.text);
    if (n === "n't") n = 'not';
    else if (CONTRACTED[n] && next && next.text.toLowerCase().replace('’', "'") === "n't") n = CONTRACTED[n]!;
    out.push({
      norm: n,
      punct: t.pos === 'PUNCT' || t.kind === 'punctuation',
      text: t.text,
      pos: t.pos,
      lemma: t.lemma.toLowerCase(),
      start: t.start,
      end: t.end,
      merged: false,
      afterQuote: quote,
      speech: !!lex?.speech.get(n)?.clause,
    });
    quote = false;
  }
  return out;
}

/** First token index whose end is after `offset` (tokens are sorted). */
function tokIndex(toks: STok[], offset: number): number {
  let lo = 0;
  let hi = toks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (toks[mid]!.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The key an actor mention is reported under: a state's armed forces report the state. */
export function reportKey(kb: KnowledgeBase, m: Pick<Mention, 'key' | 'kind'>): string {
  if (m.kind === 'group' && m.key.startsWith('org:')) {
    const country = kb.orgs.get(m.key.slice(4))?.country;
    if (country && kb.countries.has(country)) return `country:${country}`;
  }
  return m.key;
}

export function buildView(
  kb: KnowledgeBase,
  lex: Compiled,
  index: number,
  start: number,
  end: number,
  wink: Token[],
  mentions: Mention[],
): SentView {
  const toks = sentenceTokens(wink, lex);
  const actors: Actor[] = [];
  const places: PlaceRef[] = [];
  const actorAt = new Int32Array(toks.length).fill(-1);
  const weapon = new Uint8Array(toks.length);
  // Outer mentions first, so that a role phrase ("NATO chief") owns its tokens before its holder.
  const sorted = [...mentions].sort((a, b) => a.start - b.start || b.end - a.end);
  for (const m of sorted) {
    const from = tokIndex(toks, m.start);
    let to = from;
    while (to < toks.length && toks[to]!.start < m.end) to++;
    if (to <= from) continue;
    if (toks[from]!.start < m.start) continue;
    if (toks[to - 1]!.end > m.end) {
      // "US-led", "UN-backed": a name inside a compound modifies; it does not act. But the
      // group a leader compound describes acts for the leader: "Hamas-led militants".
      const rest = toks[to - 1]!.norm.slice(toks[to - 1]!.norm.lastIndexOf('-') + 1);
      const group = toks[to] ? lex.descriptors.get(toks[to]!.norm) : undefined;
      // "the US-led bloc" is an organisation of its own (NATO), not the leader.
      const leads =
        wordClass(lex, 'leader-compounds').has(rest) && group?.actor && group.resolvesTo !== 'org';
      if (!leads || !ACTOR_KINDS.has(m.kind) || actorAt[from] !== -1) continue;
      actors.push({ key: reportKey(kb, m), from, to: to + 1, demonym: false, anaphor: false, kind: m.kind });
      for (let k = from; k <= to; k++) actorAt[k] = actors.length - 1;
      continue;
    }
    if (m.kind === 'weapon') {
      for (let k = from; k < to; k++) weapon[k] = 1;
      continue;
    }
    if (m.kind === 'place' || m.key.startsWith('capital:')) {
      places.push({ key: m.key, from, to });
      continue;
    }
    if (!ACTOR_KINDS.has(m.kind) || m.key.startsWith('new:place')) continue;
    if (actorAt[from] !== -1) continue;
    const anaphor = m.via === 'pronoun' || m.via === 'nominal';
    actors.push({ key: reportKey(kb, m), from, to, demonym: false, anaphor, kind: m.kind });
    for (let k = from; k < to; k++) actorAt[k] = actors.length - 1;
  }
  // Demonyms the mention layer leaves out: "Russian officials" is a group acting for its state,
  // "the Russian invasion" names the state as the invader.
  for (let k = 0; k < toks.length; k++) {
    if (actorAt[k] !== -1) continue;
    const t = toks[k]!;
    if (!/^\p{Lu}/u.test(t.text)) continue;
    const country = lex.demonyms.get(t.norm);
    if (!country) continue;
    let to = k + 1;
    let group = false;
    for (let j = k + 1; j < Math.min(toks.length, k + 3); j++) {
      const d = lex.descriptors.get(toks[j]!.norm);
      if (d) {
        group = d.actor && (d.resolvesTo === 'country' || d.resolvesTo === 'armed-forces');
        if (group) to = j + 1;
        break;
      }
      if (toks[j]!.pos !== 'ADJ') break;
    }
    actors.push({ key: `country:${country}`, from: k, to, demonym: !group, anaphor: false, kind: 'country' });
    for (let j = k; j < to; j++) actorAt[j] = actors.length - 1;
  }
  actors.sort((a, b) => a.from - b.from);
  actorAt.fill(-1);
  actors.forEach((a, i) => {
    for (let k = a.from; k < a.to; k++) actorAt[k] = i;
  });
  return { index, start, end, toks, actors, actorAt, places, weapon, lex };
}
