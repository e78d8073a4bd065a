// Modality of an event from the cues of modality.jsonl around its predicate: negation,
// conditionals and other hypotheticals, plans and schedules, attribution and hedging.
import type { Compiled, Modality, ModalityCue } from './lexicon.js';
import { matchAt } from './pattern.js';
import type { SentView } from './sentence.js';

export interface CueHit {
  cue: ModalityCue;
  from: number;
  to: number;
}

export interface Span {
  from: number;
  to: number;
}

/** Every modality cue in a sentence (longest match per cue and start). */
export function findCues(lex: Compiled, v: SentView): CueHit[] {
  const out: CueHit[] = [];
  v.toks.forEach((t, i) => {
    for (const cue of lex.cuesByFirst.get(t.norm) ?? []) {
      if (cue.lower && !/^\p{Ll}/u.test(t.text)) continue;
      // "not only … but" is emphasis, not negation.
      if (t.norm === 'not' && v.toks[i + 1]?.norm === 'only') continue;
      const end = matchAt(cue.seq, v.toks, i);
      if (end > i) out.push({ cue, from: i, to: end });
    }
  });
  return out;
}

const RANK: Record<Modality, number> = { negated: 0, hypothetical: 1, future: 2, reported: 3, asserted: 4 };
/** Tokens a following-verb cue cannot reach across: clause ends, commas, subordinators. */
const STOP = new Set([
  ';',
  ':',
  '.',
  '?',
  '!',
  '(',
  ')',
  '–',
  '—',
  ',',
  'that',
  'which',
  'who',
  'because',
  'while',
  'but',
  'although',
  'when',
  'if',
]);

export interface ModalityResult {
  modality: Modality;
  /** The cue that decided it, if any. */
  cue: CueHit | null;
}

/**
 * The modality of the predicate at `trig`. A following-verb cue reaches the first predicate
 * after it in the same clause; clause and sentence cues reach every predicate after them and
 * those before them in the same clause (a condition colours its consequence, not the verb of
 * saying that introduces both). Cues inside the predicate's own match belong to it ("will not
 * accept" → REJECT). `reported`: the predicate sits inside someone's speech.
 */
export function modalityOf(
  v: SentView,
  hits: CueHit[],
  trig: Span,
  triggers: Span[],
  reported: boolean,
): ModalityResult {
  let best: ModalityResult = { modality: reported ? 'reported' : 'asserted', cue: null };
  for (const h of hits) {
    if (h.from < trig.to && h.to > trig.from) continue;
    if (RANK[h.cue.output] >= RANK[best.modality]) continue;
    if (h.cue.scope === 'following-verb') {
      if (h.to > trig.from || trig.from - h.to > 6) continue;
      // "hours before the group launched rockets": a past verb narrates what happened.
      if (h.cue.output === 'future' && pastVerb(v.toks[trig.from]!)) continue;
      // "no authority over …": a determiner negates its own noun, not a later verb.
      if (v.toks[h.to - 1]!.norm === 'no' && trig.from - h.to > 1) continue;
      let blocked = false;
      for (let k = h.to; k < trig.from && !blocked; k++) blocked = STOP.has(v.toks[k]!.norm);
      // The cue belongs to the first predicate after it.
      if (!blocked) blocked = triggers.some((t) => t !== trig && t.from >= h.to && t.from < trig.from);
      if (blocked) continue;
    } else if (h.cue.scope === 'clause') {
      const lo = Math.min(h.from, trig.from);
      const hi = Math.max(h.to, trig.to);
      let blocked = false;
      for (let k = lo; k < hi && !blocked; k++) {
        const t = v.toks[k]!;
        blocked = t.norm === ';' || (trig.from < h.from && (t.norm === 'that' || t.speech));
      }
      if (blocked) continue;
    }
    best = { modality: h.cue.output, cue: h };
  }
  return best;
}

/** A finite past form: "launched", "fired" (not "launching", "launches", "launch"). */
function pastVerb(t: { pos: string; text: string; lemma: string }): boolean {
  if (t.pos !== 'VERB') return false;
  const text = t.text.toLowerCase();
  return text !== t.lemma.toLowerCase() && !text.endsWith('ing') && !/[^s]s$/.test(text);
}
