// Shallow clause structure over a sentence's tokens: subjects to the left of a predicate,
// objects and prepositional phrases to its right, possessors inside a noun phrase, passive
// voice, coordination. Rules over wink part-of-speech tags, no parser: the way TABARI and
// PETRARCH found sources and targets.
import { wordClass } from './lexicon.js';
import type { Actor, SentView, STok } from './sentence.js';

/** Words that open a new clause: nothing on their far side is a subject of what follows. */
const SUBORDINATORS = new Set([
  'that',
  'because',
  'while',
  'whereas',
  'although',
  'though',
  'if',
  'unless',
  'when',
  'whether',
  'since',
  'after',
  'before',
  'as',
  'until',
  'once',
  'despite',
]);
const RELATIVES = new Set(['which', 'who', 'whom', 'whose', 'where']);
const HARD = new Set([';', ':', '(', ')', '[', ']', '–', '—', '?', '!']);
const BE = new Set([
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'being',
  "'s",
  "'re",
  'get',
  'gets',
  'got',
  'gotten',
]);
const PERSONAL = new Set(['he', 'she', 'it', 'they', 'we', 'i', 'you', 'this', 'that', 'these', 'those']);
/** Tokens that may join coordinated actors ("the US and its allies", "Russia, Belarus and Iran"). */
const COORD = new Set([
  ',',
  'and',
  'or',
  'the',
  'both',
  'as',
  'well',
  'also',
  'its',
  'their',
  'his',
  'her',
  'nor',
]);
const JOINERS = new Set([',', 'and', 'or', 'nor']);
/** Prepositions after which a gerund shares the clause's subject ("by supplying", "after launching"). */
const GERUND_LINKS = new Set([
  'by',
  'after',
  'before',
  'while',
  'since',
  'when',
  'upon',
  'without',
  'through',
]);
/** Parts of speech inside a noun phrase, between a possessor and its head. */
const NP_POS = new Set(['ADJ', 'NOUN', 'PROPN', 'NUM', 'ADV', 'PART', 'SYM']);
/** Prepositions of place that may follow a target phrase ("strikes against targets inside Russia"). */
const LOCATIVE = new Set(['in', 'inside', 'within', 'near', 'across', 'on', 'at', 'into']);

export const isVerb = (t: STok) => t.pos === 'VERB' || t.pos === 'AUX';
export const isHard = (t: STok) => HARD.has(t.norm);
export const isRelative = (t: STok) => RELATIVES.has(t.norm) || (t.norm === 'that' && t.pos === 'PRON');
export const isSubordinator = (t: STok) =>
  SUBORDINATORS.has(t.norm) &&
  (t.pos === 'SCONJ' || t.norm === 'that' || t.norm === 'if' || t.norm === 'whether' || t.norm === 'despite');
/** A finite verb form: an auxiliary, or a verb that is neither a gerund nor a bare infinitive. */
const isFiniteVerb = (t: STok) =>
  t.pos === 'AUX' || (t.pos === 'VERB' && !/ing$/.test(t.norm) && t.norm !== t.lemma);

export function actorAt(v: SentView, i: number): Actor | null {
  const idx = v.actorAt[i];
  return idx !== undefined && idx >= 0 ? v.actors[idx]! : null;
}

/** Actors usable as a clause argument (a bare demonym modifies; it is not an argument). */
function argActor(v: SentView, i: number): Actor | null {
  const a = actorAt(v, i);
  return a && !a.demonym ? a : null;
}

/**
 * An actor inside a prepositional phrase other than "of" after an agent noun ("members of NATO"
 * is NATO acting). Looks across coordination: "to the Baltic Sea and Lithuania".
 */
function inPP(v: SentView, a: Actor): boolean {
  const heads = wordClass(v.lex, 'agent-heads');
  for (let k = a.from - 1, n = 0; k >= 0 && n < 8; k--, n++) {
    const t = v.toks[k]!;
    if (t.pos === 'ADP' || (t.norm === 'to' && t.pos === 'PART')) {
      // "After Russia launched …", "Despite Kyiv's forces making …": a clause, not a phrase.
      if (SUBORDINATORS.has(t.norm)) return false;
      if (t.norm !== 'of') return true;
      const head = v.toks[k - 1];
      return !head || !heads.has(head.norm);
    }
    if (t.pos === 'DET' || t.pos === 'ADJ' || t.pos === 'NUM') continue;
    if (JOINERS.has(t.norm)) {
      // Only a list of names continues the phrase: "to the Baltic Sea and Lithuania".
      let j = k - 1;
      while (j >= 0 && (v.toks[j]!.pos === 'DET' || v.toks[j]!.pos === 'ADJ')) j--;
      const other = j >= 0 ? actorAt(v, j) : null;
      const place = v.places.find((p) => j >= p.from && j < p.to);
      if (!other && !place) return false;
      k = other?.from ?? place!.from;
      continue;
    }
    return false;
  }
  return false;
}

/**
 * Actors coordinated with `a` on its left ("Washington and Kiev", "the US, the UK and France").
 * A bare comma joins only inside a list closed by "and"/"or": in "If Russia invades Moldova,
 * Romania would respond" the comma ends a clause.
 */
function coordLeft(v: SentView, a: Actor): Actor[] {
  const out = [a];
  let cur = a;
  let listed = false;
  for (;;) {
    let k = cur.from - 1;
    let joined = false;
    while (k >= 0 && COORD.has(v.toks[k]!.norm) && v.actorAt[k] === -1) {
      const w = v.toks[k]!.norm;
      if (w === 'and' || w === 'or' || w === 'nor') joined = listed = true;
      else if (w === ',' && listed) joined = true;
      k--;
    }
    const prev = k >= 0 ? argActor(v, k) : null;
    if (!prev || !joined || prev === cur) break;
    out.unshift(prev);
    cur = prev;
  }
  return out;
}

/** Actors coordinated with `a` on its right. */
export function coordRight(v: SentView, a: Actor, limit = v.toks.length): Actor[] {
  const out = [a];
  let cur = a;
  for (;;) {
    let k = cur.to;
    let joined = false;
    while (k < limit && COORD.has(v.toks[k]!.norm) && v.actorAt[k] === -1) {
      if (JOINERS.has(v.toks[k]!.norm)) joined = true;
      k++;
    }
    const next = k < limit ? argActor(v, k) : null;
    if (!next || !joined || next === cur) break;
    out.push(next);
    cur = next;
  }
  return out;
}

/** The antecedent of a relative pronoun at `rel`: "Ukraine, a country that …" → Ukraine. */
export function antecedent(v: SentView, rel: number): Actor[] {
  let k = rel - 1;
  if (k >= 0 && v.toks[k]!.norm === ',') k--;
  const direct = k >= 0 ? argActor(v, k) : null;
  if (direct) return coordLeft(v, direct);
  // An appositive noun phrase: skip it and its comma.
  let n = 0;
  while (
    k >= 0 &&
    n < 5 &&
    (v.toks[k]!.pos === 'NOUN' || v.toks[k]!.pos === 'ADJ' || v.toks[k]!.pos === 'DET')
  ) {
    k--;
    n++;
  }
  if (n === 0 || k < 0 || v.toks[k]!.norm !== ',') return [];
  const a = argActor(v, k - 1);
  return a ? [a] : [];
}

/**
 * The nearest actor to the left in the same clause that is not inside a prepositional phrase;
 * through a relative pronoun, its antecedent. Stops at a speech verb with a clause of its own
 * ("Russia claims the missile has …": Russia is not the missile's subject).
 */
function scanLeft(v: SentView, at: number): Actor[] {
  let finite = false;
  for (let j = at - 1; j >= 0; j--) {
    const t = v.toks[j]!;
    const a = argActor(v, j);
    if (a) {
      if (inPP(v, a)) {
        j = a.from;
        continue;
      }
      return coordLeft(v, a);
    }
    if (isHard(t)) return [];
    if (isRelative(t)) return antecedent(v, j);
    if (isSubordinator(t)) return [];
    if (t.speech && finite) return [];
    if (t.pos === 'PRON' && PERSONAL.has(t.norm) && isFiniteVerb(v.toks[j + 1] ?? t)) return [];
    if (isFiniteVerb(t)) finite = true;
  }
  return [];
}

/**
 * The subject of a predicate starting at token `at`. The noun phrase right before the verb
 * group is the subject: an actor, an actor inside it ("Kyiv's forces", "members of NATO"), or
 * nobody ("the spokesman", "missiles"). An infinitive or gerund takes the nearest actor before
 * it ("asked Lukashenko to stop", "expressed its willingness to send"); a verb coordinated
 * with an earlier one shares its subject.
 */
export function subjectOf(v: SentView, at: number): Actor[] {
  let j = at - 1;
  let catenative = false;
  let chain = 0;
  const trig = v.toks[at]!;
  // The gerund's own subject: "over Ukraine joining the bloc".
  if (/ing$/.test(trig.norm) && j >= 0) {
    const a = argActor(v, j);
    if (a && !inPP(v, a)) return coordLeft(v, a);
    if (a && v.toks[a.from - 1]?.norm !== 'by') return [a];
    // "the consequences of arming Ukraine": a gerund after a preposition names no actor, but
    // "by supplying", "after launching" share the clause's subject.
    const p = v.toks[j]!;
    if (p.pos === 'ADP' && !GERUND_LINKS.has(p.norm)) return [];
  }
  while (j >= 0) {
    const t = v.toks[j]!;
    if (t.norm === 'to' && t.pos !== 'ADP') catenative = true;
    else if (t.pos === 'VERB' && !t.speech && chain > 0 && v.toks[j + 1]!.norm === 'to') catenative = true;
    else if (t.pos === 'VERB' && /ing$/.test(v.toks[j + 1]?.norm ?? '') && !t.speech) catenative = true;
    else if (t.pos !== 'AUX' && t.pos !== 'ADV' && t.pos !== 'PART') break;
    j--;
    chain++;
  }
  // An imperative: "Don't strike the Russians".
  if ((j < 0 || v.toks[j + 1]!.afterQuote) && trig.norm === trig.lemma && !catenative) return [];
  if (catenative) {
    // "weapons are being used by Ukrainian troops to kill": the agent of the passive acts.
    const k = j >= 0 ? j : 0;
    const agent = actorAt(v, k);
    if (agent && !agent.demonym && v.toks[agent.from - 1]?.norm === 'by') return coordLeft(v, agent);
    return scanLeft(v, at);
  }
  if (j < 0) return [];
  const t = v.toks[j]!;
  const a = argActor(v, j);
  if (a) return inPP(v, a) ? scanLeft(v, a.from) : coordLeft(v, a);
  if (isRelative(t)) return antecedent(v, j);
  if (t.pos === 'PRON') return [];
  if (t.pos === 'CCONJ') {
    // "Moscow considers X … and has warned": the first verb's subject.
    for (let k = j - 1; k >= 0 && k > j - 15; k--) {
      const u = v.toks[k]!;
      if (isHard(u) || isSubordinator(u) || isRelative(u)) break;
      if (u.pos === 'VERB' && !/ing$/.test(u.norm)) return subjectOf(v, k);
    }
    return [];
  }
  if (t.pos === 'NOUN' || t.pos === 'PROPN' || t.pos === 'NUM' || t.pos === 'ADJ') {
    // The subject is a noun phrase without a name: look for an actor inside it.
    for (let k = j - 1; k >= 0 && k > j - 8; k--) {
      const u = v.toks[k]!;
      const b = actorAt(v, k);
      if (b) return b.demonym ? [b] : coordLeft(v, b);
      if (NP_POS.has(u.pos) || u.norm === "'s" || u.norm === 'of' || u.pos === 'DET') continue;
      break;
    }
    return [];
  }
  return scanLeft(v, at);
}

/** Passive voice: a participle after a form of "be"/"get" ("was struck", "were being used"). */
export function isPassive(v: SentView, at: number): boolean {
  const t = v.toks[at]!;
  // A past participle: not the base form, not a gerund, not a third-person "-s" form.
  if (t.pos !== 'VERB' || t.norm === t.lemma || /ing$/.test(t.norm) || t.norm === `${t.lemma}s`) return false;
  for (let k = at - 1, n = 0; k >= 0 && n < 4; k--, n++) {
    const p = v.toks[k]!;
    if (BE.has(p.norm)) return true;
    if (p.pos !== 'ADV' && p.pos !== 'PART') break;
  }
  // A reduced relative: "the meeting, requested by the United States".
  return /ed$|en$/.test(t.norm) && v.toks[at + 1]?.norm === 'by';
}

/** End of the stretch after a predicate that can hold its objects: the next clause boundary. */
export function clauseEnd(v: SentView, from: number): number {
  for (let k = from; k < v.toks.length; k++) {
    const t = v.toks[k]!;
    if (isHard(t) || isRelative(t) || isSubordinator(t)) return k;
    if (t.norm === ',') {
      // A comma inside a list of actors keeps going; otherwise it ends the phrase.
      const next = v.toks[k + 1];
      if (!next || (v.actorAt[k + 1] === -1 && next.norm !== 'and' && next.pos !== 'DET')) return k;
    }
  }
  return v.toks.length;
}

export interface ObjectHit {
  actors: Actor[];
  prep: string | null;
}

/**
 * Actors after a predicate, up to the clause end: the direct object (an actor before any
 * preposition) or an actor in a phrase led by one of `preps` (or in a place phrase right after
 * one: "strikes against targets inside Russia"). Stops at the next verb so that "warned Russia
 * that X attacked Y" keeps Y out.
 */
export function objectsAfter(v: SentView, from: number, preps: string[], direct = true): ObjectHit | null {
  const end = clauseEnd(v, from);
  let prep: string | null = null;
  let sawNoun = false;
  let targetPrep = false;
  // Whether only determiners and adjectives stand between the preposition and here.
  let close = false;
  for (let k = from; k < end; k++) {
    const t = v.toks[k]!;
    const a = actorAt(v, k);
    if (a) {
      const p = prep;
      const ok =
        (p === null && direct && !sawNoun) ||
        (p !== null && close && preps.includes(p)) ||
        (p !== null && close && targetPrep && LOCATIVE.has(p));
      if (ok) return { actors: a.demonym ? [a] : coordRight(v, a, end), prep: p };
      k = a.to - 1;
      close = false;
      continue;
    }
    if (t.pos === 'ADP' || (t.norm === 'to' && t.pos === 'PART')) {
      prep = t.norm;
      close = true;
      if (preps.includes(prep)) targetPrep = true;
      continue;
    }
    if (
      t.pos !== 'DET' &&
      t.pos !== 'ADJ' &&
      t.pos !== 'NUM' &&
      !(t.pos === 'PRON' && /^(its|their|his|her)$/.test(t.norm))
    )
      close = false;
    if (t.pos === 'VERB' && k > from && !/ed$/.test(t.norm)) return null;
    if (t.pos === 'AUX' && k > from) return null;
    if (t.pos === 'NOUN' && prep === null) sawNoun = true;
  }
  return null;
}

/**
 * An actor in a phrase led by one of `preps` after token `from`, within the noun phrase or
 * clause; "for the defence of Ukraine" reaches through one "of".
 */
export function ppActor(v: SentView, from: number, preps: string[], maxDist = 8): Actor[] {
  const end = clauseEnd(v, from);
  for (let k = from; k < Math.min(end, from + maxDist); k++) {
    const t = v.toks[k]!;
    if (t.pos === 'AUX') return [];
    if (!preps.includes(t.norm)) continue;
    let j = k + 1;
    while (j < end && (v.toks[j]!.pos === 'DET' || v.toks[j]!.pos === 'ADJ' || v.toks[j]!.pos === 'NUM')) j++;
    if (j + 1 < end && v.toks[j]!.pos === 'NOUN' && v.toks[j + 1]!.norm === 'of' && v.actorAt[j] === -1) {
      j += 2;
      while (j < end && (v.toks[j]!.pos === 'DET' || v.toks[j]!.pos === 'ADJ')) j++;
    }
    const a = j < end ? actorAt(v, j) : null;
    if (a) return a.demonym ? [a] : coordRight(v, a, end);
  }
  return [];
}

/** The possessor or modifier of a noun: "Russia's invasion", "the Russian invasion", "NATO deployment". */
export function possessorOf(v: SentView, at: number): Actor[] {
  for (let k = at - 1; k >= 0 && k >= at - 6; k--) {
    const t = v.toks[k]!;
    const a = actorAt(v, k);
    if (a) return [a];
    if (t.pos === 'DET' || (!NP_POS.has(t.pos) && t.norm !== "'s")) return [];
  }
  return [];
}

/**
 * The support verb a noun phrase is the object of ("announced the deployment", "making an
 * incursion"), when only noun-phrase material lies between; -1 if none.
 */
export function governingVerb(v: SentView, at: number, anyVerb = false): number {
  const support = wordClass(v.lex, 'support-verbs');
  for (let k = at - 1; k >= 0 && k >= at - 10; k--) {
    const t = v.toks[k]!;
    if (t.pos === 'VERB') return anyVerb || support.has(t.lemma) ? k : -1;
    if (t.pos === 'AUX' || isHard(t) || isRelative(t) || isSubordinator(t) || t.norm === ',') return -1;
    if (v.actorAt[k] !== -1 && !v.actors[v.actorAt[k]!]!.demonym) return -1;
  }
  return -1;
}

/** Whether the noun at `at` heads the subject of a following verb ("this deployment can help"). */
export function isSubjectNoun(v: SentView, at: number): boolean {
  const next = v.toks[at + 1];
  return !!next && (next.pos === 'AUX' || (next.pos === 'VERB' && !/ing$|ed$/.test(next.norm)));
}
