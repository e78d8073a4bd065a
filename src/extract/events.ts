// PLOVER events coded sentence by sentence: a predicate from the event lexicon, its source and
// target from the clause around it, modality from the cues in scope, date and place from the
// sentence; restatements of one event later in the article are merged into it.
import type { KnowledgeBase } from '../kb/load.js';
import type { Doc, Sentence, Token } from '../nlp/doc.js';
import { actorName } from './entities.js';
import {
  actorAt,
  antecedent,
  clauseEnd,
  coordRight,
  governingVerb,
  isHard,
  isModifier,
  isPassive,
  isRelative,
  isSubjectNoun,
  isVerb,
  objectsAfter,
  possessorOf,
  ppActor,
  subjectOf,
} from './events/clause.js';
import {
  type Compiled,
  compiled,
  type EventEntry,
  type Modality,
  type NamedEvent,
  wordClass,
} from './events/lexicon.js';
import { type CueHit, findCues, modalityOf } from './events/modality.js';
import { matchAt } from './events/pattern.js';
import { type Actor, buildView, reportKey, type SentView } from './events/sentence.js';
import type { Mention } from './mentions.js';
import type { DateItem, EventItem, QuoteItem, SpanPair } from './record.js';

export interface EventContext {
  mentions: Mention[];
  quotes: QuoteItem[];
  dates: DateItem[];
  date: string;
}

/** Hostile acts that, stated by one actor about another, are also an accusation (events.jsonl rule). */
const HOSTILE = new Set(['ASSAULT', 'COERCE']);
/** Verbs whose to-/of-complement holds an act that is part of them, not an event of its own. */
const EMBEDDING = new Set(['THREATEN', 'REQUEST', 'AGREE', 'ACCUSE']);
/** Negation cues that commit to the future rather than deny the past. */
const FUTURE_NEGATION = /will-not|cannot|refused-to|no-intention/;

interface Trigger {
  entry: EventEntry;
  from: number;
  to: number;
}

/** Whose speech a stretch of the sentence is: tokens [from, to) said by `keys`. */
interface Speech {
  keys: string[];
  from: number;
  to: number;
  /** Tokens of the cue and the speaker, which are not part of what was said. */
  skip: [number, number];
  /** Who the speech is addressed to ("warned Putin that …"). */
  addressee: string[];
  /** Attribution by the narrator ("according to X") rather than a statement made by X. */
  attribution: boolean;
}

interface Coded {
  entry: EventEntry;
  type: string;
  sentence: number;
  sourceKeys: string[];
  targetKeys: string[];
  modality: Modality;
  claimant: string[] | null;
  trigger: SpanPair;
  span: SpanPair;
  date: string | null;
  place: string | null;
  derived: 'accuse' | 'reject' | null;
  act: { type: string; target: string[]; modality: Modality } | null;
  /** Stem of the predicate's head word: "invaded" and "the invasion" share "inva". */
  stem: string;
  /** Stated in a headline rather than in body prose. */
  heading: boolean;
  /** The place an attack hit ("hit Dnipro"), when the clause names one: two sites, two attacks. */
  site: string | null;
  /** Which temporal clause of the sentence states it (0: the main clause); see `temporalSegments`. */
  segment: number;
}

type Merged = Coded & { evidence: SpanPair[] };

/** PLOVER events with source, target, modality, date and place, coded from the sentence. */
export function extractEvents(doc: Doc, kb: KnowledgeBase, ctx: EventContext): EventItem[] {
  const lex = compiled(kb);
  const { sentences, tokens } = doc.layers;
  const mentions = [...ctx.mentions].sort((a, b) => a.start - b.start);
  const quotes = [...ctx.quotes].sort((a, b) => a.span[0] - b.span[0]);
  const dates = [...ctx.dates].sort((a, b) => a.span[0] - b.span[0]);
  const coded: Coded[] = [];
  const known: Known = { actors: new Set(mentions.map((m) => reportKey(kb, m))), published: ctx.date };
  let ti = 0;
  let mi = 0;
  let qi = 0;
  let di = 0;
  for (const s of sentences) {
    // One forward pass over tokens, mentions, quotes and dates: each sentence takes its window.
    while (ti < tokens.length && tokens[ti]!.end <= s.start) ti++;
    const winkToks: Token[] = [];
    for (let k = ti; k < tokens.length && tokens[k]!.start < s.end; k++) winkToks.push(tokens[k]!);
    while (mi < mentions.length && mentions[mi]!.end <= s.start) mi++;
    const ms: Mention[] = [];
    for (let k = mi; k < mentions.length && mentions[k]!.start < s.end; k++) ms.push(mentions[k]!);
    while (qi < quotes.length && quotes[qi]!.span[1] <= s.start && quotes[qi]!.span[0] < s.start) qi++;
    const qs: QuoteItem[] = [];
    for (let k = qi; k < quotes.length && quotes[k]!.span[0] < s.end; k++)
      if (quotes[k]!.span[1] > s.start) qs.push(quotes[k]!);
    while (di < dates.length && dates[di]!.span[0] < s.start) di++;
    const ds: DateItem[] = [];
    for (let k = di; k < dates.length && dates[k]!.span[0] < s.end; k++) ds.push(dates[k]!);
    if (!winkToks.length) continue;
    const view = buildView(kb, lex, s.index, s.start, s.end, winkToks, ms);
    const heading = isHeadline(doc, s);
    coded.push(...codeSentence(kb, lex, view, qs, ds, heading, known));
  }
  return merge(kb, coded).map((c) => toItem(kb, doc, c));
}

/** A headline: a heading line, or a sentence that is a whole paragraph without closing punctuation. */
function isHeadline(doc: Doc, s: Sentence): boolean {
  const p = doc.layers.paragraphs[s.paragraph];
  if (!p) return false;
  if (p.heading) return true;
  if (p.start !== s.start || p.end !== s.end) return false;
  let k = s.end - 1;
  while (k > s.start && /\s/.test(doc.text[k]!)) k--;
  return !CLOSING.has(doc.text[k]!);
}
const CLOSING = new Set(['.', '!', '?', ':', ';', '"', '”', '’', '»', ')', ']']);

// ---- triggers ----

function posFits(v: SentView, e: EventEntry, from: number, to: number): boolean {
  // A possessive "'s" is not the verb "is": "Russia's frozen assets".
  if (e.pattern) return !(v.toks[from]!.norm === "'s" && v.toks[from]!.pos === 'PART');
  const head = v.toks[e.headLast ? to - 1 : from]!;
  if (head.merged) return true;
  if (e.pos === 'VERB') {
    const prev = v.toks[from - 1];
    const next = v.toks[to];
    // An adjectival participle: "access to advanced weapons", "the alleged attack".
    if (
      /ed$/.test(head.norm) &&
      prev &&
      (prev.pos === 'DET' || prev.pos === 'ADP' || prev.norm === 'to') &&
      next &&
      (next.pos === 'NOUN' || next.pos === 'ADJ' || next.pos === 'PROPN')
    )
      return false;
    if (isVerb(head)) return true;
    // wink tags some verbs after a name as nouns ("Russia claims", "US greenlights"); after a
    // verb or preposition the name modifies the noun instead ("struck Houthi targets").
    const before = actorAt(v, from - 1);
    const pre = before ? v.toks[before.from - 1] : undefined;
    if (pre && (isVerb(pre) || pre.pos === 'ADP')) return false;
    return (head.pos === 'NOUN' || head.pos === 'PROPN') && !!before && !before.demonym;
  }
  // A noun modifying another noun is not the event: "nuclear test site", "aid workers".
  const after = v.toks[to];
  if (after && after.pos === 'NOUN' && actorAt(v, to) === null && !/s$/.test(head.norm)) return false;
  if (head.pos === 'NOUN' || head.pos === 'PROPN' || head.pos === 'ADJ' || head.pos === 'X') return true;
  return nominalGerund(v, from);
}

/** A gerund used as a noun: "the shelling of", "Russia's massing", "days of shelling". */
function nominalGerund(v: SentView, at: number): boolean {
  const head = v.toks[at]!;
  const prev = v.toks[at - 1];
  if (head.pos !== 'VERB' || !/ing$/.test(head.norm) || !prev) return false;
  return prev.pos === 'DET' || prev.norm === "'s" || (prev.norm === 'of' && v.toks[at - 2]?.pos === 'NOUN');
}

/** Predicates of the sentence: longest matches first; a match inside a longer one is dropped. */
function findTriggers(lex: Compiled, v: SentView): Trigger[] {
  const found: Trigger[] = [];
  v.toks.forEach((t, i) => {
    const own = actorAt(v, i);
    if (own && !own.demonym) return;
    const cands = lex.byFirst.get(t.norm);
    if (!cands) return;
    const ends = new Map<EventEntry, number>();
    for (const { entry, seq } of cands) {
      const end = matchAt(seq, v.toks, i);
      if (end > (ends.get(entry) ?? i)) ends.set(entry, end);
    }
    for (const [e, best] of ends) {
      // A word inside a name ("Kremlin Press Secretary", "Warsaw Pact") is not a predicate.
      const last = actorAt(v, best - 1);
      if (last && !last.demonym) continue;
      if (posFits(v, e, i, best)) found.push({ entry: e, from: i, to: best });
    }
  });
  found.sort(
    (a, b) =>
      b.to - b.from - (a.to - a.from) ||
      Number(b.entry.pattern) - Number(a.entry.pattern) ||
      a.from - b.from ||
      a.entry.order - b.entry.order,
  );
  const groups = new Map<string, Trigger[]>();
  const kept: Trigger[] = [];
  for (const f of found) {
    const key = `${f.from}:${f.to}`;
    const g = groups.get(key);
    if (g) {
      g.push(f);
      continue;
    }
    if (kept.some((k) => k.from <= f.from && k.to >= f.to)) continue;
    kept.push(f);
    groups.set(key, [f]);
  }
  return [...groups.values()].map((g) => choose(v, g)).sort((a, b) => a.from - b.from);
}

/** One reading of a word with entries under several types: the tagged part of speech, then unconstrained. */
function choose(v: SentView, g: Trigger[]): Trigger {
  if (g.length === 1) return g[0]!;
  const tag = (t: Trigger) => {
    const at = t.entry.headLast ? t.to - 1 : t.from;
    const verbal = isVerb(v.toks[at]!) && !nominalGerund(v, at);
    return (t.entry.pos === 'VERB') === verbal ? 0 : 1;
  };
  return [...g].sort(
    (a, b) =>
      tag(a) - tag(b) ||
      Number(a.entry.constrained) - Number(b.entry.constrained) ||
      a.entry.order - b.entry.order,
  )[0]!;
}

// ---- speech ----

const uniqueKeys = (actors: Actor[]) => [...new Set(actors.map((a) => a.key))];

/** Who says what in the sentence: speech verbs with their subjects, "according to X", quotes. */
function speechOf(lex: Compiled, v: SentView, quotes: QuoteItem[]): Speech[] {
  const out: Speech[] = [];
  const n = v.toks.length;
  v.toks.forEach((t, k) => {
    if (t.norm === 'according' && v.toks[k + 1]?.norm === 'to') {
      let j = k + 2;
      while (j < n && (v.toks[j]!.pos === 'DET' || v.toks[j]!.pos === 'ADJ')) j++;
      const a = j < n ? actorAt(v, j) : null;
      if (a && !a.demonym) {
        const who = coordRight(v, a);
        const to = who.at(-1)!.to;
        out.push({ keys: uniqueKeys(who), from: 0, to: n, skip: [k, to], addressee: [], attribution: true });
      }
      return;
    }
    // "the United States" is a name, not "states" said by "the United".
    if (!lex.speech.has(t.norm) || v.actorAt[k] !== -1) return;
    const before = actorAt(v, k - 1);
    if (!isVerb(t) && !(before && !before.demonym)) return;
    let who = subjectOf(v, k);
    // ", said Lavrov": the speaker right after the verb.
    if (!who.length && (k === 0 || v.toks[k - 1]!.norm === ',' || v.toks[k]!.afterQuote)) {
      const after = actorAt(v, k + 1);
      if (after && !after.demonym) who = [after];
    }
    if (!who.length) return;
    const first = who[0]!;
    const last = who.at(-1)!;
    const lo = Math.min(first.from, k);
    const hi = Math.max(last.to, k + 1);
    // "…, the spokesman said": the speech is what comes before; "X said that …": what follows.
    let b = lo - 1;
    while (b >= 0 && v.toks[b]!.pos === 'DET') b--;
    const inverted = b >= 0 && (v.toks[b]!.norm === ',' || v.toks[b + 1]!.afterQuote);
    const addresses = wordClass(lex, 'addressing-verbs').has(t.norm) && hi === k + 1;
    const addressee = addresses ? (objectsAfter(v, k + 1, ['to'], true)?.actors ?? []) : [];
    out.push({
      keys: uniqueKeys(who),
      from: inverted ? 0 : hi,
      to: inverted ? n : speechEnd(v, hi),
      skip: [lo, hi],
      addressee: uniqueKeys(addressee.filter((a) => !a.demonym)),
      attribution: false,
    });
  });
  // "conveyed to Russia that …", "made clear to Moscow that …": what follows is addressed to Russia.
  v.toks.forEach((t, k) => {
    if (t.pos !== 'VERB' || v.toks[k + 1]?.norm !== 'to') return;
    const a = actorAt(v, k + 2);
    if (!a || a.demonym || v.toks[a.to]?.norm !== 'that') return;
    out.push({ keys: [], from: a.to + 1, to: n, skip: [-1, -1], addressee: [a.key], attribution: true });
  });
  for (const q of quotes) {
    const key = typeof q.speakerKey === 'string' ? q.speakerKey : null;
    if (!key) continue;
    let from = 0;
    while (from < n && v.toks[from]!.end <= q.span[0]) from++;
    let to = from;
    while (to < n && v.toks[to]!.start < q.span[1]) to++;
    // No cue: the quote layer guessed the speaker; good for modality, too weak for an accusation.
    const attribution = !q.cue || /^according/i.test(q.cue);
    if (to > from) out.push({ keys: [key], from, to, skip: [-1, -1], addressee: [], attribution });
  }
  return out;
}

/** Words that, after a comma, open the narrator's own clause: "announced aid, as Kyiv struggles". */
const NARRATOR_LINKS = new Set(['as', 'while', 'whereas', 'but', 'although', 'though']);

/** End of what a speech verb at `from` introduces: the sentence, or a comma before a narrator's clause. */
function speechEnd(v: SentView, from: number): number {
  for (let k = from; k < v.toks.length - 1; k++) {
    if (v.toks[k]!.norm === ',' && NARRATOR_LINKS.has(v.toks[k + 1]!.norm) && !v.toks[k + 1]!.afterQuote)
      return k;
  }
  return v.toks.length;
}

function speechAt(speech: Speech[], t: Trigger): Speech | null {
  let best: Speech | null = null;
  for (const s of speech) {
    if (!s.keys.length) continue;
    if (t.from >= s.skip[0] && t.from < s.skip[1]) continue;
    if (t.from < s.from || t.from >= s.to) continue;
    // The innermost speech wins: a quote inside "according to" is the quoted speaker's.
    if (!best || s.to - s.from < best.to - best.from || (best.attribution && !s.attribution)) best = s;
  }
  return best;
}

/** Who a statement holding the predicate is addressed to ("warned Putin that …"). */
function addresseeAt(speech: Speech[], t: Trigger): string[] {
  for (const s of speech) {
    if (
      s.addressee.length &&
      t.from >= s.from &&
      t.from < s.to &&
      !(t.from >= s.skip[0] && t.from < s.skip[1])
    )
      return s.addressee;
  }
  return [];
}

// ---- arguments ----

interface Args {
  sourceKeys: string[];
  targets: Actor[];
  targetKeys: string[];
}

function argsOf(
  kb: KnowledgeBase,
  v: SentView,
  t: Trigger,
  speech: Speech | null,
  earlier: Coded[],
  triggers: Trigger[],
): Args {
  const e = t.entry;
  const head = e.headLast ? t.to - 1 : t.from;
  let sources: Actor[] = [];
  let sourceKeys: string[] | null = null;
  let targets: Actor[] = [];
  let targetKeys: string[] = [];
  let passive = e.pos === 'VERB' && isPassive(v, t.from);
  switch (e.sourceRole) {
    case 'subject':
      if (passive) {
        sources = ppActor(v, t.to, ['by']);
        // "Rockets were fired from Lebanon": with no agent, where the attack came from.
        if (!sources.length && wordClass(v.lex, 'origin-verbs').has(e.id)) {
          const from = phraseAfter(v, t.to, ['from']);
          if (from?.actor && !from.actor.demonym) sources = [from.actor];
          else if (from?.country) sourceKeys = [from.country];
        }
        targets = subjectOf(v, t.from);
      } else sources = e.pos === 'NOUN' ? nounSource(v, t, e) : subjectOf(v, t.from);
      // A headline passive without an auxiliary: "Odesa port hit in overnight Russian strikes".
      if (!passive && !sources.length && e.pos === 'VERB' && HOSTILE.has(e.type)) {
        const agent = attackAgent(v, t, triggers);
        if (agent.length) {
          passive = true;
          sources = agent;
          targets = subjectOf(v, t.from);
          if (!targets.length) {
            const country = subjectPlaceCountry(v, t.from);
            if (country) targetKeys = [country];
          }
        }
      }
      break;
    case 'possessor':
      sources = nounSource(v, t, e);
      break;
    case 'speaker':
      sourceKeys = speech?.keys ?? [];
      if (!sourceKeys.length && e.sourcePrep.length) sources = ppActor(v, t.to, e.sourcePrep);
      break;
    case 'object':
      sources = objectsAfter(v, t.to, e.targetPrep)?.actors ?? [];
      targets = subjectOf(v, t.from);
      break;
    case 'prep':
      sources = ppActor(v, t.to, e.sourcePrep);
      break;
  }
  if (!passive && e.sourceRole !== 'object') {
    switch (e.targetRole) {
      case 'object':
        targets = objectsAfter(v, t.to, e.targetPrep, e.pos === 'VERB')?.actors ?? [];
        break;
      case 'prep':
        targets =
          e.pos === 'NOUN'
            ? ppActor(v, t.to, e.targetPrep)
            : (objectsAfter(v, t.to, e.targetPrep, false)?.actors ?? []);
        break;
      case 'subject':
        targets = subjectOf(v, t.from);
        break;
      case 'possessor':
        targets = possessorOf(v, head);
        break;
    }
  }
  // "Ukraine, a country that Russia invaded": the relative pronoun stands for the object.
  if (!targets.length && e.pos === 'VERB' && !passive && e.targetRole === 'object' && sources[0]) {
    const rel = v.toks[sources[0].from - 1];
    if (rel && isRelative(rel)) targets = antecedent(v, sources[0].from - 1);
  }
  if (!targets.length && !targetKeys.length && e.targetRole !== 'none') {
    const own = sourceKeys ?? uniqueKeys(sources);
    targets = fallbackTargets(kb, v, t, earlier, own, (k) => (targetKeys = k));
  }
  if (e.symmetric) {
    sources = [...sources, ...targets];
    targets = [];
    targetKeys = [];
  }
  const keys = sourceKeys ?? uniqueKeys(sources);
  targetKeys = [...new Set([...targetKeys, ...uniqueKeys(targets)])].filter((k) => !keys.includes(k));
  return { sourceKeys: keys, targets, targetKeys };
}

/** The source of an event noun: its possessor, its by-/from-phrase, or the subject of its support verb. */
function nounSource(v: SentView, t: Trigger, e: EventEntry): Actor[] {
  const own = possessorOf(v, t.from);
  if (own.length) return own;
  const pp = ppActor(v, t.to, e.sourcePrep.length ? e.sourcePrep : ['by', 'from']);
  if (pp.length) return pp;
  if (isSubjectNoun(v, t.to - 1)) return [];
  const gv = governingVerb(v, t.from);
  if (gv < 0) return [];
  return isPassive(v, gv) ? ppActor(v, gv + 1, ['by']) : subjectOf(v, gv);
}

/**
 * Targets the clause does not give directly: an actor inside a pattern's gap ("given Ukraine the
 * go-ahead"); the subject of a that-clause after a request ("demands that Kiev conforms"); the
 * source of an act named as subject ("deliveries by the US prolong the war"); the land where an
 * attack happens ("operation in Ukraine", "attacks in Russia's Belgorod region").
 */
function fallbackTargets(
  kb: KnowledgeBase,
  v: SentView,
  t: Trigger,
  earlier: Coded[],
  sources: string[],
  setKeys: (k: string[]) => void,
): Actor[] {
  const e = t.entry;
  if (e.pattern) {
    for (let k = t.from + 1; k < t.to - 1; k++) {
      const a = actorAt(v, k);
      if (a && !a.demonym && !sources.includes(a.key)) return coordRight(v, a, t.to);
    }
  }
  if ((e.type === 'THREATEN' || e.type === 'ACCUSE') && e.pos === 'VERB') {
    // "alerted to the force that NATO countries are moving": the actor whose conduct is at issue.
    for (let k = t.to; k < v.toks.length - 1; k++) {
      if (!isRelative(v.toks[k]!)) continue;
      const a = actorAt(v, k + 1);
      if (a && !a.demonym && !sources.includes(a.key)) return [a];
      break;
    }
  }
  if (e.type === 'REQUEST' && v.toks[t.to]?.norm === 'that') {
    const end = clauseEnd(v, t.to + 1);
    for (let k = t.to + 1; k < end; k++) {
      const a = actorAt(v, k);
      if (a && !a.demonym) return [a];
      if (isVerb(v.toks[k]!)) break;
    }
  }
  if ((e.type === 'REQUEST' || e.type === 'AGREE') && e.pos === 'NOUN') {
    // "the Pentagon is considering Ukraine's requests": addressed to whoever considers them.
    const own = possessorOf(v, t.from);
    const gv = governingVerb(v, own[0]?.from ?? t.from, true);
    if (gv >= 0 && !isPassive(v, gv)) return subjectOf(v, gv);
  }
  if (e.targetRole === 'subject') {
    const act = earlier.filter((c) => c.entry.pos === 'NOUN' && c.trigger[1] <= v.toks[t.from]!.start).at(-1);
    if (act) setKeys(act.sourceKeys);
    return [];
  }
  if (e.type === 'ASSAULT' || e.type === 'COERCE') {
    const end = clauseEnd(v, t.to);
    const preps = [...(e.placePrep.length ? e.placePrep : ['in', 'into', 'inside']), ...e.targetPrep];
    // A place in the attacker's own country says where it struck from, not whom it struck.
    const own = stateCountries(kb, sources);
    // A place as direct object ("struck Kharkiv", "hit the city of Dnipro"), or right after a
    // pattern that ends in its preposition ("use of missiles against Ukraine").
    const direct = (e.pos === 'VERB' && e.targetRole === 'object') || e.pattern;
    const object = direct ? phraseAt(v, t.to, end) : null;
    const oa = object?.actor;
    if (e.pattern && oa && (oa.kind === 'country' || oa.demonym) && !own.has(oa.key)) return [oa];
    if (object?.country && !object.actor && !own.has(object.country)) {
      setKeys([object.country]);
      return [];
    }
    for (let k = t.to; k < end; k++) {
      if (!preps.includes(v.toks[k]!.norm)) continue;
      const hit = phraseAt(v, k + 1, end);
      if (!hit) continue;
      const a = hit.actor;
      if (a && (a.kind === 'country' || a.demonym)) {
        if (own.has(a.key)) continue;
        return [a];
      }
      if (hit.country && !own.has(hit.country)) {
        setKeys([hit.country]);
        return [];
      }
      if (a) return [];
    }
  }
  return [];
}

interface Phrase {
  actor: Actor | null;
  /** The place named. */
  place: string | null;
  /** `country:<id>` of the place named, when it is a place the knowledge base locates. */
  country: string | null;
}

/**
 * The actor or place a phrase starting at token `j` names: through modifiers and the nouns
 * of a place description ("the southern Lebanese city of Nabatieh", "Kharkiv's Saltivskyi
 * district"), up to its first other preposition.
 */
function phraseAt(v: SentView, j: number, end: number): Phrase | null {
  for (let k = j; k < Math.min(end, j + 8); k++) {
    const a = actorAt(v, k);
    if (a) return { actor: a, place: null, country: null };
    const place = v.places.find((p) => p.from <= k && p.to > k);
    if (place) {
      const c = placeCountry(v.lex, place.key);
      return { actor: null, place: place.key, country: c ? `country:${c}` : null };
    }
    const x = v.toks[k]!;
    if (isModifier(v, x) || x.pos === 'NOUN' || x.pos === 'PROPN' || x.norm === 'of' || x.norm === "'s")
      continue;
    return null;
  }
  return null;
}

/** The place an attack hit: its direct object or the first place phrase of its clause. */
function siteOf(v: SentView, t: Trigger): string | null {
  if (!v.places.length) return null;
  const end = clauseEnd(v, t.to);
  const e = t.entry;
  const preps = new Set([...e.targetPrep, ...(e.placePrep.length ? e.placePrep : ['in', 'on', 'at'])]);
  if (e.pos === 'VERB') {
    const object = phraseAt(v, t.to, end);
    if (object?.place) return object.place;
  }
  for (let k = t.to; k < end; k++) {
    if (!preps.has(v.toks[k]!.norm)) continue;
    const hit = phraseAt(v, k + 1, end);
    if (hit?.place) return hit.place;
  }
  return null;
}

/** The phrase after the first of `preps` in the clause after token `from`. */
function phraseAfter(v: SentView, from: number, preps: string[]): Phrase | null {
  const end = clauseEnd(v, from);
  for (let k = from; k < Math.min(end, from + 8); k++) {
    if (v.toks[k]!.pos === 'AUX') return null;
    if (preps.includes(v.toks[k]!.norm)) return phraseAt(v, k + 1, end);
  }
  return null;
}

/**
 * The doer of a hostile verb without a subject actor, named in an attack right after it:
 * "Odesa port hit in overnight Russian strikes" → Russia.
 */
function attackAgent(v: SentView, t: Trigger, triggers: Trigger[]): Actor[] {
  const prep = v.toks[t.to]?.norm;
  if (prep !== 'in' && prep !== 'by') return [];
  const attack = triggers.find(
    (o) => o.entry.pos === 'NOUN' && HOSTILE.has(o.entry.type) && o.from > t.to && o.from <= t.to + 5,
  );
  if (!attack) return [];
  for (let k = t.to + 1; k < attack.from; k++) {
    const x = v.toks[k]!;
    if (!isModifier(v, x) && x.pos !== 'NOUN' && x.pos !== 'PROPN' && actorAt(v, k) === null) return [];
  }
  return possessorOf(v, attack.from);
}

/** The country of a place named in the subject noun phrase before token `at` ("Odesa grain port hit"). */
function subjectPlaceCountry(v: SentView, at: number): string | null {
  for (let k = at - 1; k >= 0 && k >= at - 6; k--) {
    const place = v.places.find((p) => p.from <= k && p.to > k);
    if (place) {
      const c = placeCountry(v.lex, place.key);
      return c ? `country:${c}` : null;
    }
    const x = v.toks[k]!;
    if (!isModifier(v, x) && x.pos !== 'NOUN' && x.pos !== 'PROPN' && x.norm !== "'s") return null;
  }
  return null;
}

/** The country of a place mention, when the knowledge base knows it. */
function placeCountry(lex: Compiled, key: string): string | null {
  if (key.startsWith('capital:')) return key.slice(8);
  return lex.placeCountry(key);
}

// ---- object checks ----

/** Words around an event that say what is moved: "deliveries of heavy weapons", "sent tanks". */
function objectWords(v: SentView, t: Trigger): string[] {
  const out: string[] = [];
  for (let k = Math.max(0, t.from - 3); k < t.from; k++) out.push(v.toks[k]!.norm);
  const end = Math.min(clauseEnd(v, t.to), t.to + 8);
  for (let k = t.from; k < end; k++) {
    const tok = v.toks[k]!;
    out.push(tok.norm);
    if (k + 1 < v.toks.length) out.push(`${tok.norm} ${v.toks[k + 1]!.norm}`);
  }
  return out;
}

function hasObject(v: SentView, t: Trigger, cls: string): boolean {
  const words = wordClass(v.lex, cls);
  const end = Math.min(clauseEnd(v, t.to), t.to + 8);
  for (let k = t.to; k < end; k++) {
    if (v.weapon[k]) return true;
    if (cls === 'material' && (v.toks[k]!.pos === 'NUM' || v.toks[k]!.norm === '$')) return true;
  }
  return objectWords(v, t).some((w) => words.has(w));
}

function objectOk(v: SentView, t: Trigger): boolean {
  const id = t.entry.id;
  const messages = wordClass(v.lex, 'message-nouns');
  if (wordClass(v.lex, 'needs-material').has(id)) {
    const next = v.toks.slice(t.to, Math.min(v.toks.length, t.to + 4));
    if (next.some((x) => messages.has(x.norm))) return false;
    return hasObject(v, t, 'material');
  }
  if (wordClass(v.lex, 'needs-military').has(id)) return hasObject(v, t, 'military');
  return true;
}

// ---- the sentence ----

function codeSentence(
  kb: KnowledgeBase,
  lex: Compiled,
  v: SentView,
  quotes: QuoteItem[],
  dates: DateItem[],
  heading: boolean,
  known: Known,
): Coded[] {
  const triggers = findTriggers(lex, v);
  if (!triggers.length) return [];
  const speech = speechOf(lex, v, quotes);
  const cues: CueHit[] = findCues(lex, v);
  const suppressing = wordClass(lex, 'suppressing-cues');
  const needsTarget = wordClass(lex, 'needs-target');
  const segments = temporalSegments(v);
  const dating = datingOf(v, dates);
  const out: Coded[] = [];
  const acts = new Map<Trigger, Coded>();
  for (const t of triggers) {
    const e = t.entry;
    if (!objectOk(v, t)) continue;
    const said = speechAt(speech, t);
    // "a deal that had allowed …" describes an agreement made earlier; in "pulled out of the
    // grain deal" the deal is what another act is about. Neither is a new agreement.
    if (e.type === 'AGREE' && e.pos === 'NOUN') {
      if (/^(that|which)$/.test(v.toks[t.to]?.norm ?? '') || actedOn(v, t, triggers)) continue;
    }
    const found = argsOf(kb, v, t, said, out, triggers);
    // "since the start of the full-scale invasion": a well-known event named without its actors.
    const named = found.sourceKeys.length ? null : namedEventAt(lex, v, t, known);
    if (!found.sourceKeys.length && !named) continue;
    const args = named
      ? {
          ...found,
          sourceKeys: named.source,
          targetKeys: found.targetKeys.length ? found.targetKeys : named.target,
        }
      : found;
    // "accused Moscow of choking exports since it quit the deal": a since-clause states a
    // starting point the speaker takes as given, not a claim of theirs.
    const seg = segments[t.from] ?? 0;
    const presupposed = seg !== 0 && v.toks[seg < 0 ? 0 : seg]!.norm === 'since';
    const claimant = said && e.sourceRole !== 'speaker' && !presupposed ? said.keys : null;
    const { modality, cue } = modalityOf(v, cues, t, triggers, !!claimant);
    if (e.ifModality && !e.ifModality.includes(modality)) continue;
    if (cues.some((h) => suppressing.has(h.cue.id) && h.to <= t.from && t.from - h.to <= 4)) continue;
    let targetKeys = args.targetKeys;
    // A threat in a warning addressed to someone is a threat to them.
    if (!targetKeys.length && e.type === 'THREATEN') {
      const to = addresseeAt(speech, t);
      targetKeys = to.filter((k) => !args.sourceKeys.includes(k));
    }
    const span: SpanPair = [v.start, v.end];
    const trigger: SpanPair = [v.toks[t.from]!.start, v.toks[t.to - 1]!.end];
    const date = dateNear(v, dating, t) ?? named?.date ?? null;
    const c: Coded = {
      entry: e,
      type: e.type,
      sentence: v.index,
      sourceKeys: args.sourceKeys,
      targetKeys,
      modality,
      claimant,
      trigger,
      span,
      date,
      place: placeNear(kb, v, t),
      derived: null,
      act: null,
      stem: v.toks[t.to - 1]!.lemma.slice(0, 4),
      heading,
      site: HOSTILE.has(e.type) ? siteOf(v, t) : null,
      segment: segments[t.from] ?? 0,
    };
    // A speaker stating that another actor committed a hostile act accuses that actor.
    if (
      claimant &&
      !said?.attribution &&
      HOSTILE.has(e.type) &&
      (modality === 'reported' || modality === 'asserted')
    ) {
      const accused = args.sourceKeys.filter((k) => !sameSide(kb, claimant, k));
      if (accused.length)
        out.push({
          ...c,
          type: 'ACCUSE',
          sourceKeys: claimant,
          targetKeys: accused,
          modality: 'asserted',
          claimant: null,
          derived: 'accuse',
          place: null,
        });
    }
    // A speaker saying that their own side did not act denies it: a REJECT by the speaker that
    // carries the denied act ("will not" is a commitment, not a denial).
    if (
      claimant &&
      !said?.attribution &&
      modality === 'negated' &&
      !FUTURE_NEGATION.test(cue?.cue.id ?? '') &&
      args.sourceKeys.every((k) => sameSide(kb, claimant, k))
    ) {
      out.push({
        ...c,
        type: 'REJECT',
        sourceKeys: claimant,
        targetKeys: [],
        modality: 'asserted',
        claimant: null,
        derived: 'reject',
        place: null,
        act: { type: e.type, target: targetKeys, modality },
      });
      continue;
    }
    // A speaker saying a charge does not hold ("would not escalate the conflict") rejects it.
    if (e.sourceRole === 'speaker' && modality === 'negated') {
      out.push({
        ...c,
        type: 'REJECT',
        targetKeys: [],
        modality: 'asserted',
        derived: 'reject',
        place: null,
        act: { type: e.type, target: targetKeys, modality },
      });
      continue;
    }
    if (needsTarget.has(e.id) && !targetKeys.length) continue;
    // The act a threat, request, promise or accusation embeds is part of it, not an event of its own.
    const host = embeddingHost(v, t, triggers);
    const hostCoded = host ? acts.get(host) : undefined;
    if (hostCoded) {
      hostCoded.act ??= { type: e.type, target: targetKeys, modality };
      continue;
    }
    acts.set(t, c);
    out.push(c);
  }
  return out;
}

/** Words that may stand between a predicate and the noun phrase it acts on: "pulled out of the …". */
const OBJECT_LINKS = new Set(['of', 'from', 'to', 'on', 'with', 'out', 'off', "'s"]);

/** Whether the noun trigger `t` sits in the object phrase of another predicate before it. */
function actedOn(v: SentView, t: Trigger, triggers: Trigger[]): boolean {
  for (let k = t.from - 1; k >= 0 && k >= t.from - 8; k--) {
    if (triggers.some((h) => h !== t && h.to === k + 1)) return true;
    const x = v.toks[k]!;
    if (isModifier(v, x) || x.pos === 'NOUN' || x.pos === 'PROPN' || OBJECT_LINKS.has(x.norm)) continue;
    return false;
  }
  return false;
}

/** Words that set an event in time against another one: "intensified attacks since it launched an offensive". */
const TEMPORAL = new Set(['since', 'after', 'before', 'until', 'when', 'while']);

/**
 * For each token, the temporal clause it belongs to: 0 for the main clause, else the index of
 * the "since"/"after"/"when" that opens it. A comma closes a fronted one ("Since Russia quit the
 * deal, Moscow has …") unless a participle clause follows it. Acts in different segments are
 * different events.
 */
function temporalSegments(v: SentView): Int32Array {
  const out = new Int32Array(v.toks.length);
  if (!v.toks.some((t) => TEMPORAL.has(t.norm))) return out;
  let seg = 0;
  for (let k = 0; k < v.toks.length; k++) {
    const t = v.toks[k]!;
    if (TEMPORAL.has(t.norm)) seg = k > 0 ? k : -1;
    // ", killing 1,200 people": a participle clause belongs with the clause before it.
    else if (isHard(t) || (t.norm === ',' && !/ing$/.test(v.toks[k + 1]?.norm ?? ''))) seg = 0;
    out[k] = seg;
  }
  return out;
}

/**
 * The event whose complement holds the predicate `t`: the to-/of-complement of a threat,
 * request, promise or accusation ("urged Russia to withdraw"), or the purpose of any act
 * ("is sending jets to Lithuania to support NATO's mission").
 */
function embeddingHost(v: SentView, t: Trigger, triggers: Trigger[]): Trigger | null {
  for (const h of triggers) {
    if (h === t || h.to > t.from || t.from - h.to > 12) continue;
    const embedding = EMBEDDING.has(h.entry.type) && h.entry.pos === 'VERB';
    const between = v.toks.slice(h.to, t.from);
    if (embedding) {
      // "urged Kyiv to stop", "accused Moscow of attacking", "should stop arming Taiwan".
      const gerund = !between.length && /ing$/.test(v.toks[t.from]!.norm);
      if (t.from - h.to > 8 || !(gerund || between.some((x) => x.norm === 'to' || x.norm === 'of'))) continue;
    } else if (v.toks[t.from - 1]?.norm !== 'to' || t.entry.pos !== 'VERB') continue;
    if (
      between.some(
        (x) => x.norm === ',' || x.norm === 'that' || x.norm === ';' || (isVerb(x) && x.pos === 'AUX'),
      )
    )
      continue;
    if (triggers.some((o) => o !== h && o !== t && o.from >= h.to && o.from < t.from)) continue;
    return h;
  }
  return null;
}

const affiliationCache = new WeakMap<KnowledgeBase, Map<string, string[]>>();

/** Who an actor acts for: itself, a person's country and the holders of their offices, an organ's state. */
function affiliations(kb: KnowledgeBase, key: string): string[] {
  let cache = affiliationCache.get(kb);
  if (!cache) {
    cache = new Map();
    affiliationCache.set(kb, cache);
  }
  const hit = cache.get(key);
  if (hit) return hit;
  const out = [key];
  cache.set(key, out);
  const [kind, ...rest] = key.split(':');
  const id = rest.join(':');
  if (kind === 'person') {
    const p = kb.people.get(id);
    if (p?.country) out.push(`country:${p.country}`);
    for (const r of p?.roles ?? []) {
      const holder = r.office.split(':')[0] ?? '';
      if (kb.orgs.has(holder)) out.push(`org:${holder}`);
      else if (kb.countries.has(holder)) out.push(`country:${holder}`);
    }
  } else if (kind === 'org') {
    const o = kb.orgs.get(id);
    if (o?.country) out.push(`country:${o.country}`);
    if (o?.parent) out.push(`org:${o.parent}`);
  }
  return out;
}

/**
 * The states `keys` act for: countries, and the countries of state organs and office holders.
 * An armed group's home country is left out: the RSF shelling El Fasher strikes Sudan.
 */
function stateCountries(kb: KnowledgeBase, keys: string[]): Set<string> {
  const out = new Set<string>();
  for (const key of keys) {
    if (key.startsWith('org:') && kb.orgs.get(key.slice(4))?.type === 'ARMED_GROUP') continue;
    for (const a of affiliations(kb, key)) if (a.startsWith('country:')) out.add(a);
  }
  return out;
}

/** Whether `key` acts for the same side as one of `claimant` ("Lavrov" and "Russia"). */
function sameSide(kb: KnowledgeBase, claimant: string[], key: string): boolean {
  const theirs = affiliations(kb, key);
  return claimant.some((c) => affiliations(kb, c).some((x) => theirs.includes(x)));
}

/** What the article as a whole tells the coder: the actors it mentions and when it was published. */
interface Known {
  actors: Set<string>;
  published: string;
}

/**
 * The named event (kb/named-events.jsonl) one of whose names covers the trigger, when the article
 * mentions one of its actors and was published after it happened.
 */
function namedEventAt(lex: Compiled, v: SentView, t: Trigger, known: Known): NamedEvent | null {
  if (!lex.named.size) return null;
  for (let p = Math.max(0, t.from - 6); p <= t.from; p++) {
    for (const { event, seq } of lex.named.get(v.toks[p]!.norm) ?? []) {
      if (matchAt(seq, v.toks, p) < t.to) continue;
      if (event.date > known.published) continue;
      if (event.context.some((k) => known.actors.has(k))) return event;
    }
  }
  return null;
}

/**
 * For each token, the clause it is dated by: 0 for the main clause, else the index of the word
 * that opens a temporal or relative clause ("since", "after", "when", "which", "who"). A comma
 * closes a clause unless a participle clause follows it.
 */
function dateSegments(v: SentView, dateStarts: Set<number>): Int32Array {
  const out = new Int32Array(v.toks.length);
  let seg = 0;
  for (let k = 0; k < v.toks.length; k++) {
    const t = v.toks[k]!;
    // "advancing since May 10": a preposition before a date, not a clause.
    if (dateStarts.has(k) || dateStarts.has(k + 1)) out[k] = seg;
    else if (k > 0 && (TEMPORAL.has(t.norm) || isRelative(t))) seg = k;
    else if (isHard(t) || (t.norm === ',' && !/ing$/.test(v.toks[k + 1]?.norm ?? ''))) seg = 0;
    out[k] = seg;
  }
  return out;
}

/**
 * The date of a predicate: the nearest date of its own clause. A main-clause act never takes the
 * date of a subordinate one ("accused Moscow … since it quit the deal in July", "vowed to retaliate
 * for the barrage, in which Iran fired missiles on October 1"), nor a date naming a later noun's
 * event ("warned … over the barrage of October 1", "vowed to respond to the October 1 attack").
 * A subordinate act with no date of its own takes the nearest one; "since May 10, when it
 * launched …" dates the when-clause by the date before it.
 */
/** A sentence's dates with their token ranges, and the clause each token is dated by. */
interface Dating {
  dates: DateItem[];
  at: (readonly [number, number])[];
  segs: Int32Array;
}

function datingOf(v: SentView, dates: DateItem[]): Dating | null {
  if (!dates.length) return null;
  const at = dates.map((d) => {
    let k = 0;
    while (k < v.toks.length && v.toks[k]!.end <= d.span[0]) k++;
    let e = k;
    while (e < v.toks.length && v.toks[e]!.start < d.span[1]) e++;
    return [k, e] as const;
  });
  return { dates, at, segs: dateSegments(v, new Set(at.map(([k]) => k))) };
}

function dateNear(v: SentView, dating: Dating | null, t: Trigger): string | null {
  if (!dating) return null;
  const { dates, at, segs } = dating;
  const trigger: SpanPair = [v.toks[t.from]!.start, v.toks[t.to - 1]!.end];
  const seg = segs[t.from] ?? 0;
  const laterNoun = (k: number) => k >= t.to && v.toks[k]?.pos === 'NOUN';
  const nearest = (ok: (d: DateItem, k: number, e: number) => boolean): DateItem | null => {
    let best: DateItem | null = null;
    let dist = Number.POSITIVE_INFINITY;
    for (const [i, d] of dates.entries()) {
      const [k, e] = at[i]!;
      if (!ok(d, k, e)) continue;
      const gap = d.span[0] >= trigger[1] ? d.span[0] - trigger[1] : trigger[0] - d.span[1];
      if (gap < dist) {
        dist = gap;
        best = d;
      }
    }
    return best;
  };
  const own = nearest((_d, k, e) => {
    if (k < v.toks.length && (segs[k] ?? 0) !== seg) {
      // "since May 10, when it launched …": the clause is about the date right before it.
      const opener = v.toks[seg];
      return seg > 0 && opener?.norm === 'when' && v.toks[seg - 1]?.norm === ',' && e === seg - 1;
    }
    const before = v.toks[k - 1]?.norm ?? '';
    if (before === 'of' && laterNoun(k - 2)) return false;
    if ((before === 'the' || before === "'s") && laterNoun(e)) return false;
    return true;
  });
  if (own || seg === 0) return own?.value ?? null;
  return nearest(() => true)?.value ?? null;
}

function placeName(kb: KnowledgeBase, key: string): string {
  const [kind, ...rest] = key.split(':');
  if (kind === 'place') return kb.places.get(rest.join(':'))?.name ?? rest.join(':');
  if (kind === 'capital') {
    const c = kb.countries.get(rest.join(':'));
    return c?.capital ?? c?.name ?? rest.join(':');
  }
  return actorName(kb, key);
}

/** The place of a predicate: the nearest place after it in the sentence, else the nearest before. */
function placeNear(kb: KnowledgeBase, v: SentView, t: Trigger): string | null {
  let best: { key: string; d: number } | null = null;
  for (const p of v.places) {
    const d = p.from >= t.to ? p.from - t.to : (t.from - p.to) * 2 + 1;
    if (!best || d < best.d) best = { key: p.key, d };
  }
  return best ? placeName(kb, best.key) : null;
}

// ---- restatements ----

/** Whether a statement says the act happened (or happens), as opposed to could, will or did not. */
const factual = (m: Modality) => m === 'asserted' || m === 'reported';

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
const subset = (a: string[], b: string[]) => a.every((x) => b.includes(x));

/**
 * One event per real-world act. Within a sentence, predicates of one type from one side are one
 * event ("warned Putin that NATO would defend"). Across the article, a restatement (same type,
 * source and predicate stem, targets equal or one side unstated, both factual or both not)
 * joins the first statement as further evidence.
 */
function merge(kb: KnowledgeBase, coded: Coded[]): Merged[] {
  const out: Merged[] = [];
  const bySentence = new Map<string, Merged[]>();
  const bySource = new Map<string, Merged[]>();
  for (const c of coded) {
    const sKey = `${c.sentence}|${c.segment}|${c.type}`;
    const sList = bySentence.get(sKey) ?? [];
    const affiliated = (o: Merged) =>
      c.sourceKeys.every((k) => sameSide(kb, o.sourceKeys, k)) ||
      o.sourceKeys.every((k) => sameSide(kb, c.sourceKeys, k));
    let twin = sList.find(
      (o) =>
        (sameSet(o.sourceKeys, c.sourceKeys) || (!o.derived && !c.derived && affiliated(o))) &&
        (subset(o.targetKeys, c.targetKeys) || subset(c.targetKeys, o.targetKeys)),
    );
    const key = `${c.type}|${[...c.sourceKeys].sort().join(',')}`;
    const list = bySource.get(key) ?? [];
    twin ??= list.find((o) => {
      if (o.derived || c.derived) return o.derived === c.derived && sameSet(o.targetKeys, c.targetKeys);
      const targetsFit = subset(o.targetKeys, c.targetKeys) || subset(c.targetKeys, o.targetKeys);
      const sitesFit = !o.site || !c.site || o.site === c.site;
      // A headline sums up the story: its act is the first one the body states of that type and side.
      const sameAct = o.stem === c.stem || (o.heading && !c.heading);
      return targetsFit && sitesFit && sameAct && factual(o.modality) === factual(c.modality);
    });
    if (!twin) {
      const m: Merged = { ...c, evidence: [c.span] };
      list.push(m);
      bySource.set(key, list);
      sList.push(m);
      bySentence.set(sKey, sList);
      out.push(m);
      continue;
    }
    if (!twin.evidence.some((s) => s[0] === c.span[0])) twin.evidence.push(c.span);
    // A headline is compressed; the first full sentence stating the act is the one to show.
    if (twin.heading && !c.heading) {
      twin.span = c.span;
      twin.trigger = c.trigger;
      twin.entry = c.entry;
      twin.stem = c.stem;
      twin.sentence = c.sentence;
      twin.heading = false;
    }
    // Later predicates of this sentence join the event it restates ("struck …, killing three").
    if (!sList.includes(twin)) {
      sList.push(twin);
      bySentence.set(sKey, sList);
    }
    for (const k of c.targetKeys) if (!twin.targetKeys.includes(k)) twin.targetKeys.push(k);
    twin.date ??= c.date;
    twin.place ??= c.place;
    twin.site ??= c.site;
    twin.act ??= c.act;
    // An asserted restatement outranks a reported one of the same act; within a sentence the
    // first predicate ("will send … aid") keeps its modality.
    if (c.sentence !== twin.sentence && c.modality === 'asserted' && twin.modality === 'reported') {
      twin.modality = 'asserted';
      twin.claimant = null;
    }
  }
  return out;
}

function toItem(kb: KnowledgeBase, doc: Doc, c: Merged): EventItem {
  const e = c.entry;
  const derived = c.derived;
  const item: EventItem = {
    type: c.type,
    source: c.sourceKeys.map((k) => actorName(kb, k)),
    target: c.targetKeys.map((k) => actorName(kb, k)),
    modality: c.modality,
    date: c.date,
    text: doc.text.slice(c.span[0], c.span[1]),
    span: c.span,
    trigger: c.trigger,
    sourceKeys: c.sourceKeys,
    targetKeys: c.targetKeys,
    mode: derived ? null : e.mode,
    cameo: derived === 'accuse' ? '11' : derived === 'reject' ? '12' : e.cameo,
    intensity: derived === 'accuse' ? -2 : derived === 'reject' ? -4 : e.intensity,
    place: c.place,
    evidence: c.evidence,
    lexicon: derived ? `rule:${derived}` : e.id,
  };
  if (!derived && e.altTypes.length) item.altTypes = e.altTypes;
  if (c.claimant) {
    item.claimant = c.claimant.map((k) => actorName(kb, k));
    item.claimantKeys = c.claimant;
  }
  if (c.act)
    item.act = {
      type: c.act.type,
      target: c.act.target.map((k) => actorName(kb, k)),
      modality: c.act.modality,
    };
  return item;
}
