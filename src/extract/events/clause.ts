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
/** Verbs of naming in "what it called …". */
const NAMING = new Set(['call', 'term', 'dub', 'describe', 'label', 'brand']);
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
  // End of the list element being looked at: a bare comma joins only when the list goes on.
  let elementEnd = a.to;
  for (let k = a.from - 1, n = 0; k >= 0 && n < 8; k--, n++) {
    const t = v.toks[k]!;
    if (t.pos === 'ADP' || (t.norm === 'to' && t.pos === 'PART')) {
      // "After Russia launched …", "Despite Kyiv's forces making …": a clause, not a phrase.
      if (SUBORDINATORS.has(t.norm)) return false;
      if (t.norm !== 'of') return true;
      const head = v.toks[k - 1];
      return !head || !heads.has(head.norm);
    }
    if (isModifier(v, t)) continue;
    if (JOINERS.has(t.norm)) {
      // "across the Black Sea, Moscow has …": a comma that closes a phrase, not a list.
      const after = v.toks[elementEnd]?.norm;
      if (t.norm === ',' && after !== ',' && after !== 'and' && after !== 'or') return false;
      // Only a list of names continues the phrase: "to the Baltic Sea and Lithuania".
      let j = k - 1;
      while (j >= 0 && (v.toks[j]!.pos === 'DET' || v.toks[j]!.pos === 'ADJ')) j--;
      const other = j >= 0 ? actorAt(v, j) : null;
      const place = v.places.find((p) => j >= p.from && j < p.to);
      if (!other && !place) return false;
      k = other?.from ?? place!.from;
      elementEnd = other?.to ?? place!.to;
      continue;
    }
    return false;
  }
  return false;
}

/** A word that may stand inside a noun phrase before a name: "the", "southern", "two", "south". */
export function isModifier(v: SentView, t: STok): boolean {
  return (
    t.pos === 'DET' || t.pos === 'ADJ' || t.pos === 'NUM' || wordClass(v.lex, 'place-modifiers').has(t.norm)
  );
}

/** Index of the "(" that opens the parenthesis closed at `close`, or -1 ("the Rapid Support Forces (RSF)"). */
export function parenOpen(v: SentView, close: number): number {
  for (let k = close - 1; k >= 0 && k >= close - 6; k--) {
    const n = v.toks[k]!.norm;
    if (n === '(') return k;
    if (n === ')' || n === ';') return -1;
  }
  return -1;
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
    if (t.norm === ')') {
      const open = parenOpen(v, j);
      if (open >= 0) {
        j = open;
        continue;
      }
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
    // ", killing three people": a participle clause after a comma shares the main clause's subject.
    if (p.norm === ',') return mainSubject(v, j);
  }
  while (j >= 0) {
    const t = v.toks[j]!;
    // "The Rapid Support Forces (RSF) have denied": the parenthesis restates the subject.
    const open = t.norm === ')' ? parenOpen(v, j) : -1;
    if (open > 0) {
      j = open - 1;
      continue;
    }
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
  if (t.pos === 'NOUN' || t.pos === 'PROPN' || t.pos === 'NUM' || t.pos === 'ADJ') return npActor(v, j);
  return scanLeft(v, at);
}

/**
 * The actor inside a subject noun phrase without a name that ends at token `j`. A name inside
 * one of its prepositional phrases is not the doer ("an Israeli strike on south Lebanon
 * killed …"); a demonym acts only through a weapon or an attack ("Russian missiles and drones
 * hit …"), not through any noun ("Ukrainian grain exports hit a record").
 */
function npActor(v: SentView, j: number): Actor[] {
  const weapons = wordClass(v.lex, 'weapon-heads');
  // The phrase's head: the last noun before its first preposition.
  let head = j;
  for (let k = j - 1; k >= 0 && k > j - 14; k--) {
    const u = v.toks[k]!;
    const b = actorAt(v, k);
    if (b) {
      if (b.from < k) k = b.from;
      if (inPP(v, b)) {
        // "the strike on Kyiv by Russian forces", "vessels from NATO states": the doer or its side.
        let p = b.from - 1;
        while (p >= 0 && isModifier(v, v.toks[p]!)) p--;
        const prep = v.toks[p]?.norm;
        // "from" names the side only for forces and weapons, not "proceeds from Russia's assets".
        const owner = v.toks[p - 1]?.norm ?? '';
        const forces = weapons.has(owner) || !!v.lex.descriptors.get(owner)?.actor;
        if ((prep === 'by' || (prep === 'from' && forces)) && !b.demonym) return coordLeft(v, b);
        continue;
      }
      const h = v.toks[head]!;
      // "US and British warplanes": the demonym's coordinated names act too.
      if (!b.demonym || weapons.has(h.norm) || v.weapon[head]) return coordLeft(v, b);
      return [];
    }
    if (u.pos === 'ADP' && u.norm !== 'of') {
      head = k - 1;
      continue;
    }
    if (NP_POS.has(u.pos) || u.norm === "'s" || u.norm === 'of' || u.pos === 'DET' || isModifier(v, u))
      continue;
    // "guided bombs", "missiles and drones", "missiles, drones and bombs": one noun phrase.
    const next = v.toks[k + 1];
    const prev = v.toks[k - 1];
    const nominal = (x: STok | undefined) =>
      !!x && (x.pos === 'NOUN' || x.pos === 'PROPN' || x.pos === 'ADJ');
    if (u.pos === 'VERB' && /ed$/.test(u.norm) && nominal(next)) continue;
    if ((u.norm === 'and' || u.norm === ',') && nominal(prev) && nominal(next) && !actorAt(v, k + 1))
      continue;
    break;
  }
  return [];
}

/** The subject of the finite verb a participle clause hangs from ("X attacked Y, killing …"). */
function mainSubject(v: SentView, comma: number): Actor[] {
  for (let k = comma - 1; k >= 0 && k > comma - 25; k--) {
    const t = v.toks[k]!;
    if (isHard(t) || isRelative(t)) return [];
    if (t.pos !== 'VERB' || /ing$/.test(t.norm) || v.toks[k - 1]?.norm === 'to') continue;
    // "dropped guided bombs": a participle before its noun is a modifier, not the verb.
    const prev = v.toks[k - 1];
    const next = v.toks[k + 1];
    if (
      next &&
      (next.pos === 'NOUN' || next.pos === 'ADJ') &&
      prev &&
      (prev.pos === 'DET' || prev.pos === 'ADJ' || prev.pos === 'VERB')
    )
      continue;
    return isPassive(v, k) ? ppActor(v, k + 1, ['by']) : subjectOf(v, k);
  }
  return [];
}

/** Passive voice: a participle after a form of "be"/"get" ("was struck", "were being used"). */
export function isPassive(v: SentView, at: number): boolean {
  const t = v.toks[at]!;
  if (t.pos !== 'VERB' || /ing$/.test(t.norm) || t.norm === `${t.lemma}s`) return false;
  // A past participle: not the base form ("hit", "cut" are both; only a by-phrase tells).
  const participle = t.norm !== t.lemma;
  if (participle) {
    for (let k = at - 1, n = 0; k >= 0 && n < 4; k--, n++) {
      const p = v.toks[k]!;
      if (BE.has(p.norm)) return true;
      if (p.pos !== 'ADV' && p.pos !== 'PART') break;
    }
  }
  // A reduced relative or a headline: "the meeting, requested by the United States", "Kyiv hit by drones".
  if (v.toks[at + 1]?.norm !== 'by') return false;
  if (participle) return true;
  const prev = v.toks[at - 1];
  return !!prev && (prev.pos === 'NOUN' || prev.pos === 'PROPN');
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
    while (j < end && isModifier(v, v.toks[j]!) && v.actorAt[j] === -1) j++;
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
    // "staged what it called a combat readiness patrol": the naming clause sits inside the object.
    if (t.pos === 'VERB' && NAMING.has(t.lemma) && v.toks[k - 2]?.norm === 'what') {
      k -= 2;
      continue;
    }
    if (t.pos === 'VERB') return anyVerb || hasLemma(support, t) ? k : -1;
    if (t.pos === 'AUX' || isHard(t) || isRelative(t) || isSubordinator(t) || t.norm === ',') return -1;
    if (v.actorAt[k] !== -1 && !v.actors[v.actorAt[k]!]!.demonym) return -1;
  }
  return -1;
}

/** Whether a verb's lemma is in `set`; wink's lemma is sometimes clipped ("staged" → "stag"). */
function hasLemma(set: Set<string>, t: STok): boolean {
  if (set.has(t.lemma) || set.has(t.norm)) return true;
  const n = t.norm;
  if (/ed$/.test(n)) return set.has(n.slice(0, -1)) || set.has(n.slice(0, -2));
  return /s$/.test(n) && set.has(n.slice(0, -1));
}

/** Whether the noun at `at` heads the subject of a following verb ("this deployment can help"). */
export function isSubjectNoun(v: SentView, at: number): boolean {
  const next = v.toks[at + 1];
  return !!next && (next.pos === 'AUX' || (next.pos === 'VERB' && !/ing$|ed$/.test(next.norm)));
}
