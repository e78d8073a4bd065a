// Which way a sentence leans in time around a date expression, from its verb groups: a future cue
// ('will', 'is set to', 'plans to', 'scheduled for') → future; a past form (wink lemma differs from the
// text, not -ing, not third-person -s; or was/were/had/did) → past; a present form → present.

import type { Token } from '../../nlp/doc.js';
import type { Lean } from './calendar.js';
import type { DateLexicon } from './lexicon.js';

interface Group {
  first: number;
  last: number;
  lean: Lean;
  /** A closing attribution (', a defense official said.'), which dates the telling only. */
  tail: boolean;
}

const PRESENT_BE = new Set(['am', 'are', 'is', "'re", "'m", "'s", 'be']);
const VERBAL = new Set(['AUX', 'VERB']);

type Form = 'past' | 'ing' | 'present' | 'base';

function formOf(t: Token, lex: DateLexicon): Form {
  const lower = t.text.toLowerCase();
  const lemma = t.lemma.toLowerCase();
  if (lex.pastCues.has(lower)) return 'past';
  if (PRESENT_BE.has(lower)) return 'present';
  if (lower === lemma) return 'base';
  if (lower.endsWith('ing')) return 'ing';
  // says/say, has/have, does/do, goes/go: third-person present.
  if (lower.endsWith('s') && !lemma.endsWith('s')) return 'present';
  return 'past';
}

let cueIndex: { lex: DateLexicon; map: Map<string, string[][]> } | null = null;

/** Future cues by their first word, longest first, so each token is checked against a few at most. */
function cuesByFirstWord(lex: DateLexicon): Map<string, string[][]> {
  if (cueIndex?.lex !== lex) {
    const map = new Map<string, string[][]>();
    for (const cue of lex.futureCues) {
      const list = map.get(cue[0]!) ?? [];
      list.push(cue);
      map.set(cue[0]!, list);
    }
    for (const list of map.values()) list.sort((a, b) => b.length - a.length);
    cueIndex = { lex, map };
  }
  return cueIndex.map;
}

function cueMatches(tokens: Token[], i: number, end: number, cue: string[]): boolean {
  if (i + cue.length > end) return false;
  for (let k = 0; k < cue.length; k++) {
    const t = tokens[i + k]!;
    const w = cue[k]!;
    if (t.text.toLowerCase() !== w && t.lemma.toLowerCase() !== w) return false;
  }
  return true;
}

/**
 * Verb groups of tokens [lo, hi): runs of AUX/VERB tokens with the particles and adverbs between
 * them, each with its lean. Non-finite groups (gerunds, infinitives, attributive participles such
 * as 'US-supplied') carry no tense and are left out.
 */
export function verbGroups(tokens: Token[], lo: number, hi: number, lex: DateLexicon): Group[] {
  // Tokens covered by a future cue ('is set to', 'due to', 'upcoming') join a group whatever their POS.
  const future = new Uint8Array(hi - lo);
  const byFirst = cuesByFirstWord(lex);
  for (let i = lo; i < hi; i++) {
    const t = tokens[i]!;
    const lower = t.text.toLowerCase();
    const lemma = t.lemma.toLowerCase();
    const cues = [...(byFirst.get(lower) ?? []), ...(lemma !== lower ? (byFirst.get(lemma) ?? []) : [])];
    const hit = cues.find((cue) => cueMatches(tokens, i, hi, cue));
    if (hit) for (let k = 0; k < hit.length; k++) future[i - lo + k] = 1;
  }
  const inGroup = (i: number): boolean => {
    const t = tokens[i]!;
    if (future[i - lo] || VERBAL.has(t.pos)) return true;
    return (t.pos === 'PART' || t.pos === 'ADV') && t.text !== "'s";
  };
  const groups: Group[] = [];
  let i = lo;
  while (i < hi) {
    if (!(VERBAL.has(tokens[i]!.pos) || future[i - lo])) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < hi && inGroup(j + 1)) j++;
    // Trailing particles/adverbs belong to the clause, not the verb group.
    let last = j;
    while (last > i && !VERBAL.has(tokens[last]!.pos) && !future[last - lo]) last--;
    const lean = groupLean(tokens, i, last, lo, future, lex);
    if (lean) groups.push({ first: i, last, lean, tail: isAttributionTail(tokens, i, last, lo, hi, lex) });
    i = j + 1;
  }
  return groups;
}

/** A speech verb after a comma, a few words from it, with nothing but punctuation after it. */
function isAttributionTail(
  tokens: Token[],
  first: number,
  last: number,
  lo: number,
  hi: number,
  lex: DateLexicon,
) {
  if (!lex.attributionVerbs.has(tokens[last]!.lemma.toLowerCase())) return false;
  for (let k = last + 1; k < hi; k++) if (tokens[k]!.pos !== 'PUNCT') return false;
  for (let k = first - 1; k >= Math.max(lo, first - 8); k--) {
    const t = tokens[k]!;
    if (t.text === ',') return true;
    if (VERBAL.has(t.pos)) return false;
  }
  return false;
}

function groupLean(
  tokens: Token[],
  first: number,
  last: number,
  lo: number,
  future: Uint8Array,
  lex: DateLexicon,
): Lean | null {
  let hasFuture = false;
  for (let k = first; k <= last; k++) if (future[k - lo]) hasFuture = true;
  // The first verbal token carries the tense of the group.
  let head = -1;
  for (let k = first; k <= last; k++) {
    if (VERBAL.has(tokens[k]!.pos)) {
      head = k;
      break;
    }
  }
  const prev = first > 0 ? tokens[first - 1] : undefined;
  // 'to send', 'to urgently send': an infinitive has no tense of its own.
  let p = first - 1;
  while (p >= lo && tokens[p]!.pos === 'ADV') p--;
  const infinitive =
    (p >= lo && tokens[p]!.text.toLowerCase() === 'to') || tokens[first]!.text.toLowerCase() === 'to';
  if (hasFuture) {
    // 'was set to', 'had planned to': a plan seen from the past; no clear side of publication.
    return head >= 0 && formOf(tokens[head]!, lex) === 'past' && !future[head - lo] ? 'neutral' : 'future';
  }
  if (head < 0 || infinitive) return null;
  const t = tokens[head]!;
  const form = formOf(t, lex);
  if (form === 'ing') return null;
  if (form === 'past') {
    const attributive =
      head === last && !!prev && (prev.pos === 'DET' || prev.pos === 'ADJ' || prev.text.endsWith('-'));
    return attributive ? null : 'past';
  }
  if (t.lemma.toLowerCase() === 'have') {
    // Present perfect ('has said', 'have been') reports the past.
    for (let k = head + 1; k <= last; k++) if (formOf(tokens[k]!, lex) === 'past') return 'past';
  }
  return 'present';
}

const CLAUSE_BREAK = new Set([',', ';', ':', '—', '–', '(', ')']);

/**
 * Lean of the verb group nearest to tokens [a, b). Distance is counted in tokens, and each
 * clause break (comma, dash, parenthesis) in between counts three more: in 'The ministry, which
 * will publish the data on Monday, said …' the date belongs to 'will publish'. Ties go to the
 * preceding group, the usual place of the verb in 'X said on Friday'. 'neutral' when the sentence
 * has no finite verb.
 */
export function leanAt(tokens: Token[], groups: Group[], a: number, b: number): Lean {
  let best: Group | null = null;
  let bestDist = Number.POSITIVE_INFINITY;
  // With a verb before the date, a closing attribution after it does not date it.
  const hasBefore = groups.some((g) => g.last < a);
  for (const g of groups) {
    if (g.tail && hasBefore && g.first >= b) continue;
    let from: number;
    let to: number;
    if (g.last < a) [from, to] = [g.last + 1, a];
    else if (g.first >= b) [from, to] = [b, g.first];
    else continue; // inside the expression itself
    let dist = to - from + 1;
    for (let k = from; k < to; k++) if (CLAUSE_BREAK.has(tokens[k]!.text)) dist += 3;
    if (dist < bestDist) {
      best = g;
      bestDist = dist;
    }
  }
  return best ? best.lean : 'neutral';
}
