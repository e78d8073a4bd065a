// Coreference within a document, conservative by design: a pronoun or a description resolves
// only to a recent actor that fits it (gender, person or organisation, the description's roles
// on the article's date, nationality, organisation type); otherwise it stays unresolved.
import { holderAt, type KnowledgeBase } from '../kb/load.js';
import { type MatchToken, matchTokens } from '../kb/match.js';
import type { LexiconRow, RoleDef } from '../kb/types.js';
import { type Doc, sentenceAt, type Token } from '../nlp/doc.js';
import type { Mention, MentionKind } from './mentions.js';
import { cueLexicon } from './quotes/cues.js';
import { quoteSpans } from './quotes/marks.js';

/** An actor the text has referred to, as a candidate antecedent. */
interface Ante {
  /** Entity key; '' for someone unnamed and unaffiliated (blocks a wrong resolution). */
  key: string;
  kind: MentionKind;
  start: number;
  end: number;
  sentence: number;
  person: boolean;
  gender: 'm' | 'f' | null;
  plural: boolean;
  /** Subject of its clause (or the inverted subject of a speech verb): pronouns prefer these. */
  subject: boolean;
  /** KB person id of a named person. */
  personId: string | null;
  /** Role keys an unnamed person's noun stands for ("spokesperson", …). */
  nounRoles: Set<string>;
  unnamed: boolean;
}

type PronounType = 'm' | 'f' | 'it' | 'they';
const PRONOUNS = new Map<string, { type: PronounType; role: 'subj' | 'obj' | 'poss' }>([
  ['he', { type: 'm', role: 'subj' }],
  ['him', { type: 'm', role: 'obj' }],
  ['his', { type: 'm', role: 'poss' }],
  ['himself', { type: 'm', role: 'obj' }],
  ['she', { type: 'f', role: 'subj' }],
  ['her', { type: 'f', role: 'poss' }],
  ['hers', { type: 'f', role: 'obj' }],
  ['herself', { type: 'f', role: 'obj' }],
  ['it', { type: 'it', role: 'subj' }],
  ['its', { type: 'it', role: 'poss' }],
  ['they', { type: 'they', role: 'subj' }],
  ['them', { type: 'they', role: 'obj' }],
  ['their', { type: 'they', role: 'poss' }],
  ['themselves', { type: 'they', role: 'obj' }],
]);

// How far back (in sentences) each kind of reference looks for its antecedent.
const WINDOW_PERSON = 3;
const WINDOW_IT = 1;
const WINDOW_NOMINAL = 8;
const WINDOW_ORG = 5;

const DEFINITE = new Set(['the', 'this', 'that']);
const INDEFINITE = new Set([
  'a',
  'an',
  'one',
  'two',
  'three',
  'four',
  'several',
  'some',
  'many',
  'other',
  'another',
]);
const RELATIVE = new Set(['which', 'that', 'who', 'whom', 'whose']);
const BE = new Set(['is', 'was', "'s", '’s', 'are', 'were', 'be', 'been']);

interface OrgDescriptor {
  words: string[];
  types: Set<string>;
  outlet: boolean;
}

interface Lex {
  orgDescriptors: Map<string, OrgDescriptor[]>;
  /** Role modifiers (roles.jsonl) by form: "highest" → head, "former" → past-holder. */
  modifierEffects: Map<string, string>;
  /** Words a role noun or an organisation description can start with (a cheap gate per token). */
  starts: Set<string>;
}

const lexCache = new WeakMap<KnowledgeBase, Lex>();

function lexicon(kb: KnowledgeBase): Lex {
  let lex = lexCache.get(kb);
  if (lex) return lex;
  lex = { orgDescriptors: new Map(), modifierEffects: new Map(), starts: new Set() };
  for (const d of kb.roles.values()) {
    for (const f of [...d.nouns, ...(d.pre_name_titles ?? []), ...(d.abbreviations ?? [])]) {
      const w = matchTokens(f).map((t) => t.norm);
      if (!w[0]) continue;
      lex.starts.add(w[0]);
      if (w.length === 1) lex.starts.add(`${w[0]}s`);
    }
  }
  for (const d of kb.roles.values()) {
    if (!d.modifier) continue;
    const effect = (d as unknown as Record<string, unknown>).effect;
    const forms = (d as unknown as Record<string, unknown>).forms;
    if (typeof effect !== 'string' || !Array.isArray(forms)) continue;
    for (const f of forms) if (typeof f === 'string') lex.modifierEffects.set(f.toLowerCase(), effect);
  }
  const rows: LexiconRow[] = kb.lexicons.get('descriptor') ?? [];
  for (const r of rows) {
    if (r.type !== 'ORG' || !Array.isArray(r.forms)) continue;
    const types = new Set(
      (Array.isArray(r.org_types) ? r.org_types : []).filter((x) => typeof x === 'string'),
    );
    const outlet = types.has('MEDIA');
    for (const f of r.forms) {
      if (typeof f !== 'string') continue;
      const words = matchTokens(f).map((t) => t.norm);
      if (!words.length) continue;
      lex.starts.add(words[0]!);
      const list = lex.orgDescriptors.get(words[0]!) ?? [];
      list.push({ words, types: types as Set<string>, outlet });
      lex.orgDescriptors.set(words[0]!, list);
    }
  }
  for (const list of lex.orgDescriptors.values()) list.sort((a, b) => b.words.length - a.words.length);
  lexCache.set(kb, lex);
  return lex;
}

const kindOfKey = (key: string): MentionKind | null => {
  const [k, sub] = key.split(':');
  if (k === 'person' || k === 'country' || k === 'org' || k === 'outlet') return k;
  if (k === 'new') return sub === 'person' ? 'person' : sub === 'org' ? 'org' : null;
  return null;
};

/** Gender a role noun implies ("spokesman" → m), from the role definition's gendered forms. */
function nounGender(def: RoleDef | undefined, noun: string): 'm' | 'f' | null {
  const g = (def as unknown as { gendered?: { m?: unknown; f?: unknown } } | undefined)?.gendered;
  if (!g) return null;
  if (Array.isArray(g.m) && g.m.includes(noun)) return 'm';
  if (Array.isArray(g.f) && g.f.includes(noun)) return 'f';
  return null;
}

/** Role keys (the part after ':') a person holds on `date`. */
function rolesOn(kb: KnowledgeBase, personId: string, date: string): Map<string, string> {
  const out = new Map<string, string>();
  const p = kb.people.get(personId);
  if (!p) return out;
  for (const r of p.roles) {
    if (holderAt(kb, r.office, date)?.person !== personId) continue;
    const i = r.office.indexOf(':');
    out.set(r.office.slice(i + 1), r.office.slice(0, i));
  }
  return out;
}

const ALNUM = /^[A-Za-z0-9]+$/;
const NONE: never[] = [];

/** The knowledge base's match tokens of one Doc token ("Secretary-General" → two). */
function matchTokensOfToken(t: Token): MatchToken[] {
  const s = t.text;
  return ALNUM.test(s)
    ? [{ norm: s.toLowerCase(), surface: s, start: t.start, end: t.end }]
    : matchTokens(s, t.start);
}

/**
 * Match tokens of the sentences that can hold a description at all (one with a word a role
 * noun or an organisation description starts with); the others are never looked at.
 */
function descriptionTokens(doc: Doc, starts: Set<string>): MatchToken[] {
  const out: MatchToken[] = [];
  const W = doc.layers.tokens;
  let i = 0;
  while (i < W.length) {
    const sentence = W[i]!.sentence;
    let j = i;
    while (j < W.length && W[j]!.sentence === sentence) j++;
    const toks: MatchToken[] = [];
    let wanted = false;
    for (let k = i; k < j; k++) {
      for (const m of matchTokensOfToken(W[k]!)) {
        toks.push(m);
        wanted ||= starts.has(m.norm);
      }
    }
    if (wanted) for (const m of toks) out.push(m);
    i = j;
  }
  return out;
}

class Resolver {
  readonly toks: MatchToken[];
  readonly wink: Token[];
  readonly covered: Uint8Array;
  /** Existing mentions by the token they start at. */
  readonly startsAt = new Map<number, Mention[]>();
  readonly history: Ante[] = [];
  readonly out: Mention[] = [];
  readonly quotes: { start: number; end: number }[];
  readonly lex: Lex;
  /** Speech verb forms by first word (a noun-tagged "claims" after a name is still a verb). */
  readonly speechForms: Map<string, unknown>;
  readonly sortedMentions: Mention[];

  constructor(
    readonly doc: Doc,
    readonly kb: KnowledgeBase,
    readonly mentions: Mention[],
    readonly date: string,
  ) {
    this.lex = lexicon(kb);
    this.toks = descriptionTokens(doc, this.lex.starts);
    this.wink = doc.layers.tokens;
    this.covered = new Uint8Array(this.toks.length);
    this.quotes = quoteSpans(doc)
      .filter((q) => q.depth === 0)
      .map((q) => ({ start: q.open, end: q.close + 1 }));
    this.speechForms = cueLexicon(kb).verbs;
    const sorted = [...mentions].sort((a, b) => a.start - b.start);
    this.sortedMentions = sorted;
    let t = 0;
    for (const m of sorted) {
      while (t < this.toks.length && this.toks[t]!.end <= m.start) t++;
      if (t >= this.toks.length || this.toks[t]!.start >= m.end) continue; // a sentence not tokenised
      const list = this.startsAt.get(t) ?? [];
      list.push(m);
      this.startsAt.set(t, list);
      for (let k = t; k < this.toks.length && this.toks[k]!.start < m.end; k++) this.covered[k] = 1;
    }
  }

  /**
   * Distance in sentences, counting only narrative sentences: a long quotation or a heading in
   * between does not push the speaker out of reach of "he said".
   */
  step(offset: number): number {
    if (!this.steps) {
      const { sentences, paragraphs } = this.doc.layers;
      this.steps = new Int32Array(sentences.length);
      let n = 0;
      sentences.forEach((s, i) => {
        const quoted = this.inQuote(s.start) && this.inQuote(s.end - 1);
        if (!quoted && !paragraphs[s.paragraph]?.heading) n++;
        this.steps![i] = n;
      });
    }
    return this.steps[sentenceAt(this.doc, offset)] ?? 0;
  }

  private steps: Int32Array | null = null;

  inQuote(offset: number): boolean {
    const q = this.quotes;
    let lo = 0;
    let hi = q.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (offset < q[mid]!.start) hi = mid - 1;
      else if (offset >= q[mid]!.end) lo = mid + 1;
      else return true;
    }
    return false;
  }

  /** Index of the first wink token starting at or after `offset`. */
  winkAt(offset: number): number {
    let lo = 0;
    let hi = this.wink.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.wink[mid]!.start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  pos(offset: number): string {
    const w = this.wink[this.winkAt(offset)];
    return w && w.start === offset ? w.pos : '';
  }

  isVerbish(w: Token): boolean {
    return w.pos === 'VERB' || w.pos === 'AUX' || this.speechForms.has(w.text.toLowerCase());
  }

  /** A subject: followed by its verb (past adverbs and an apposition), or right after an inverted speech verb. */
  isSubject(start: number, end: number): boolean {
    let k = this.winkAt(end);
    const w = this.wink;
    if (w[k]?.text === ',') {
      // ", Kremlin Press Secretary, has denied": skip a short apposition.
      let j = k + 1;
      while (j < w.length && j - k <= 8 && w[j]!.text !== ',' && w[j]!.pos !== 'VERB') j++;
      if (w[j]?.text === ',') k = j + 1;
    }
    while (w[k] && (w[k]!.pos === 'ADV' || w[k]!.text.toLowerCase() === 'not')) k++;
    if (w[k] && this.isVerbish(w[k]!) && w[k]!.pos !== 'NOUN') return true;
    if (w[k] && w[k]!.pos === 'NOUN' && this.speechForms.has(w[k]!.text.toLowerCase())) return true;
    const b = this.winkAt(start) - 1;
    return b >= 1 && w[b]!.pos === 'VERB' && /^[,;”"’»]$/.test(w[b - 1]!.text);
  }

  /** "Israeli troops" are "they"; "the Israeli military" is "it". */
  pluralEnd(end: number): boolean {
    const t = this.wink[this.winkAt(end) - 1];
    if (!t) return true;
    const text = t.text.toLowerCase();
    return text !== t.lemma.toLowerCase() && text.endsWith('s');
  }

  push(a: Ante): void {
    this.history.push(a);
  }

  anteOf(m: Mention): Ante | null {
    if (m.kind === 'place' || m.kind === 'weapon') return null;
    if (this.inQuote(m.start)) return null;
    const person = m.kind === 'person';
    const personId = m.key.startsWith('person:') ? m.key.slice(7) : null;
    return {
      key: m.key,
      kind: m.kind,
      start: m.start,
      end: m.end,
      sentence: this.step(m.start),
      person,
      gender: personId ? (this.kb.people.get(personId)?.gender ?? null) : null,
      plural: m.kind === 'group' && this.pluralEnd(m.end),
      subject: this.isSubject(m.start, m.end),
      personId,
      nounRoles: new Set(),
      unnamed: false,
    };
  }

  emit(start: number, end: number, key: string, via: 'pronoun' | 'nominal'): Mention | null {
    const kind = kindOfKey(key);
    if (!kind) return null;
    const m: Mention = { start, end, kind, key, via, sentence: sentenceAt(this.doc, start) };
    this.out.push(m);
    return m;
  }

  /**
   * Names the knowledge base does not know, used as subjects ("Health Minister Firass Abiad
   * told …"): unresolvable antecedents that stop "he" from reaching back past them.
   */
  unknownSubjects(): Mention[] {
    const out: Mention[] = [];
    const w = this.wink;
    const known = [...this.mentions].sort((a, b) => a.start - b.start);
    let mi = 0;
    for (let i = 0; i < w.length; i++) {
      if (w[i]!.pos !== 'PROPN' || !/^\p{Lu}/u.test(w[i]!.text)) continue;
      let j = i;
      while (j < w.length && w[j]!.pos === 'PROPN' && /^\p{Lu}/u.test(w[j]!.text)) j++;
      const start = w[i]!.start;
      const end = w[j - 1]!.end;
      while (mi < known.length && known[mi]!.end <= start) mi++;
      const overlaps = mi < known.length && known[mi]!.start < end;
      let k = j;
      while (w[k]?.pos === 'ADV') k++;
      if (j - i >= 2 && !overlaps && !this.inQuote(start)) {
        // As a subject it blocks "he"; after "the" it is an organisation and blocks "the group".
        if (w[k] && this.isVerbish(w[k]!))
          out.push({ start, end, kind: 'person', key: '', via: 'unknown', sentence: w[i]!.sentence });
        else if (w[i - 1]?.text.toLowerCase() === 'the')
          out.push({ start, end, kind: 'org', key: '', via: 'unknown', sentence: w[i]!.sentence });
      }
      i = j - 1;
    }
    return out;
  }

  run(): Mention[] {
    const ms = [...this.mentions, ...this.unknownSubjects()].sort(
      (a, b) => a.end - b.end || a.start - b.start,
    );
    let mi = 0;
    let qi = 0;
    let ti = 0;
    let skipTo = -1; // the end of the last description: nothing inside it is looked at again
    const toks = this.toks;
    const quotes = this.quotes;
    // Antecedents are the mentions that end before `offset`; quotations are skipped.
    const advance = (offset: number): boolean => {
      while (mi < ms.length && ms[mi]!.end <= offset) {
        const a = this.anteOf(ms[mi]!);
        if (a) this.push(a);
        mi++;
      }
      while (qi < quotes.length && quotes[qi]!.end <= offset) qi++;
      return offset >= skipTo && !(qi < quotes.length && quotes[qi]!.start <= offset);
    };
    // Doc tokens for pronouns, the description tokens in step with them, in text order.
    for (const w of this.wink) {
      while (ti < toks.length && toks[ti]!.start < w.end) {
        const t = toks[ti]!;
        if (advance(t.start) && !this.covered[ti] && this.lex.starts.has(t.norm)) {
          const to = this.nominal(ti) ?? this.orgDescriptor(ti);
          if (to) {
            skipTo = toks[to - 1]!.end;
            ti = to;
            continue;
          }
        }
        ti++;
      }
      if (w.text.length > 10) continue;
      const p = PRONOUNS.get(w.text.toLowerCase());
      if (p && advance(w.start) && !this.inMention(w.start)) this.pronoun(w, p.type, p.role);
    }
    return this.out;
  }

  private roleCache = new Map<string, Map<string, string>>();
  /** Roles a person holds on the article's date (a person is tried again and again: cached). */
  rolesOf(personId: string): Map<string, string> {
    let r = this.roleCache.get(personId);
    if (!r) {
      r = rolesOn(this.kb, personId, this.date);
      this.roleCache.set(personId, r);
    }
    return r;
  }

  /** Inside an existing mention (a name that contains a pronoun-like word)? */
  inMention(offset: number): boolean {
    const ms = this.sortedMentions;
    let lo = 0;
    let hi = ms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ms[mid]!.start <= offset) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo - 1; k >= 0 && k >= lo - 3; k--) if (ms[k]!.end > offset) return true;
    return false;
  }

  pronoun(t: { start: number; end: number }, type: PronounType, role: 'subj' | 'obj' | 'poss'): void {
    const sentence = this.step(t.start);
    const h = this.history;
    let pick: Ante | null = null;
    if (type === 'm' || type === 'f') {
      let fallback: Ante | null = null;
      for (let k = h.length - 1; k >= 0; k--) {
        const a = h[k]!;
        if (a.sentence < sentence - WINDOW_PERSON) break;
        if (!a.person || a.plural || (a.gender && a.gender !== type)) continue;
        fallback ??= a;
        if (role !== 'subj' || a.subject) {
          pick = a;
          break;
        }
      }
      pick ??= fallback;
    } else {
      if (type === 'it') {
        // Only "it" as a subject of an action ("it has reinforced"), never "it is difficult".
        const k = this.winkAt(t.end);
        const n1 = this.wink[k];
        const n2 = this.wink[k + 1];
        if (role === 'subj') {
          if (!n1 || !(n1.pos === 'VERB' || n1.pos === 'AUX')) return;
          if (BE.has(n1.text.toLowerCase()) && n2?.pos !== 'VERB') return;
        }
      }
      // A relative clause ("the country it invaded", "which entered its third year") refers
      // to its head noun, rarely to an actor: leave it.
      const k0 = this.winkAt(t.start);
      for (let j = Math.max(1, k0 - 3); j < k0; j++) {
        const w = this.wink[j]!.text.toLowerCase();
        if (RELATIVE.has(w) && (w !== 'that' || this.wink[j - 1]!.pos === 'NOUN')) return;
      }
      if (type === 'it' && role === 'subj' && this.wink[k0 - 1]?.pos === 'NOUN') return;
      let fallback: Ante | null = null;
      for (let k = h.length - 1; k >= 0; k--) {
        const a = h[k]!;
        if (a.sentence < sentence - WINDOW_IT) break;
        if (a.person && !(type === 'they' && a.plural)) continue;
        if (type === 'it' && a.plural) continue;
        // "They" for an organisation or a group, not for a country.
        if (
          type === 'they'
            ? a.kind !== 'org' && a.kind !== 'group' && !a.person
            : a.kind !== 'org' && a.kind !== 'country' && a.kind !== 'group'
        )
          continue;
        // A subject pronoun takes up a subject ("NATO warned Russia … and said it will");
        // "they" may also take up the organisation last named.
        if (role === 'subj' && !a.subject) {
          if (type === 'they') fallback ??= a;
          continue;
        }
        pick = a;
        break;
      }
      pick ??= fallback;
    }
    if (!pick?.key) return;
    this.emit(t.start, t.end, pick.key, 'pronoun');
    this.push({
      ...pick,
      start: t.start,
      end: t.end,
      sentence,
      subject: role === 'subj' && this.isSubject(t.start, t.end),
    });
  }

  /**
   * Modifiers before a noun back to its determiner: demonyms, names of actors, adjectives.
   * Returns null when the phrase has no determiner and is not a bare plural.
   */
  modifiers(from: number): {
    start: number;
    det: 'def' | 'indef' | 'none';
    actor: string | null;
    country: string | null;
    top: boolean;
    past: boolean;
  } {
    const toks = this.toks;
    let j = from - 1;
    let actor: string | null = null;
    let country: string | null = null;
    let top = false;
    let past = false;
    let det: 'def' | 'indef' | 'none' = 'none';
    let start = from;
    while (j >= 0 && from - j <= 6) {
      const t = toks[j]!;
      if (DEFINITE.has(t.norm)) {
        det = 'def';
        start = t.start;
        break;
      }
      if (INDEFINITE.has(t.norm)) {
        det = 'indef';
        start = t.start;
        break;
      }
      if (this.covered[j]) {
        // A name inside the phrase: "a NATO spokesperson", "the US-led bloc".
        let k = j;
        while (k > 0 && this.covered[k - 1] && !this.startsAt.has(k)) k--;
        const m = this.startsAt
          .get(k)
          ?.find((x) => x.kind === 'org' || x.kind === 'country' || x.kind === 'outlet');
        if (!m) break;
        // "a Beijing-based expert": a place of work, not an affiliation.
        if (toks[j + 1]?.norm !== 'based') actor ??= m.key;
        start = toks[k]!.start;
        j = k - 1;
        continue;
      }
      const demonym = this.demonymAt(j);
      if (demonym) {
        country ??= demonym;
        start = t.start;
        j--;
        continue;
      }
      const pos = this.pos(t.start);
      // "the highest representative", "the most senior official", "the former president".
      const effect =
        this.lex.modifierEffects.get(t.norm) ??
        this.lex.modifierEffects.get(`${toks[j - 1]?.norm} ${t.norm}`);
      if (effect === 'head') top = true;
      if (effect === 'past-holder') past = true;
      if (effect || pos === 'ADJ' || pos === 'NOUN' || t.norm === 'most' || t.norm === 'led') {
        if (!/^\p{Ll}/u.test(t.surface) && pos !== 'ADJ') break;
        start = t.start;
        j--;
        continue;
      }
      break;
    }
    return { start, det, actor, country, top, past };
  }

  demonymAt(j: number): string | null {
    const m = this.kb.names.longestAt(this.toks, j, false);
    if (!m || m.to !== j + 1) return null;
    return m.values.find((c) => c.kind === 'country' && c.via === 'demonym')?.id ?? null;
  }

  /** Role and description nouns: "the spokesman", "the Russian diplomat", "a US official", "the head of the bloc". */
  nominal(i: number): number | null {
    const toks = this.toks;
    const r = this.kb.roleNouns.longestAt(toks, i, true);
    if (!r) return null;
    for (let k = r.from; k < r.to; k++) if (this.covered[k]) return null;
    // A title before a name ("spokeswoman Maria Zakharova") is not a description.
    if (this.covered[r.to] && this.startsAt.get(r.to)?.some((m) => m.kind === 'person')) return r.to;
    const noun = toks
      .slice(r.from, r.to)
      .map((t) => t.norm)
      .join(' ');
    const defs = r.values.map((v) => this.kb.roles.get(v.def));
    const roles = new Set(r.values.flatMap((v) => v.roles));
    let gender: 'm' | 'f' | null = null;
    for (const d of defs) gender ??= nounGender(d, noun);
    const mods = this.modifiers(r.from);
    // "the former president" is not whoever holds the office now.
    if (mods.past) return r.to;
    const plural = r.plural || /people$|men$/.test(noun);
    const sentence = this.step(toks[r.from]!.start);
    let end = r.end;
    let to = r.to;

    // "the head of the US-led bloc", "the highest representative of NATO", "a spokesman for NATO"
    let ofKey: string | null = null;
    if ((toks[to]?.norm === 'of' || toks[to]?.norm === 'for') && !plural) {
      let k = to + 1;
      if (toks[k]?.norm === 'the') k++;
      // A description after "of" wins over a name that only modifies it ("the US-led bloc").
      const d = this.descriptorPhrase(k, sentence);
      const named = d
        ? undefined
        : this.startsAt.get(k)?.find((m) => m.kind === 'org' || m.kind === 'country');
      if (d) {
        ofKey = d.key;
        to = d.to;
        end = toks[d.to - 1]!.end;
      } else if (named) {
        ofKey = named.key;
        let e = k;
        while (e < toks.length && toks[e]!.start < named.end) e++;
        to = e;
        end = named.end;
      }
    }
    const holderKey = ofKey ?? mods.actor;

    if (mods.det === 'def' && ofKey) {
      // The office of a named holder: its holder on the date.
      const holder = ofKey.slice(ofKey.indexOf(':') + 1);
      // A role noun names the office ("the head of"); a description only does as "the top …".
      const own = r.values.filter((v) => !v.descriptor).flatMap((v) => v.roles);
      const want = mods.top ? ['head', ...own] : own;
      for (const role of want) {
        const t = holderAt(this.kb, `${holder}:${role}`, this.date);
        if (!t) continue;
        const key = `person:${t.person}`;
        this.emit(mods.start, end, key, 'nominal');
        this.push(this.personAnte(key, t.person, mods.start, end, sentence));
        return to;
      }
      return to;
    }

    if (mods.det === 'indef' || (mods.det === 'none' && plural)) {
      // Someone unnamed speaks for the organisation or state in the phrase ("a NATO spokesperson",
      // "Russian officials") when the noun is an office-like one; an expert or a soldier does not.
      const speaksFor = defs.some(
        (d) =>
          d &&
          (!d.descriptor ||
            (d.compatible_roles?.length ?? 0) > 0 ||
            (d as unknown as Record<string, unknown>).speaker_resolution === 'holder'),
      );
      const key = speaksFor ? (holderKey ?? (mods.country ? `country:${mods.country}` : '')) : '';
      if (mods.det === 'none' && !key) return to;
      if (key) this.emit(mods.start, end, key, 'nominal');
      this.push({
        key,
        kind: kindOfKey(key) ?? 'person',
        start: mods.start,
        end,
        sentence,
        person: true,
        gender,
        plural,
        subject: this.isSubject(mods.start, end),
        personId: null,
        nounRoles: roles,
        unnamed: true,
      });
      return to;
    }

    if (mods.det !== 'def' || plural) return to;
    // "the spokesman", "the Russian diplomat": the latest actor the description fits.
    const h = this.history;
    for (let k = h.length - 1; k >= 0; k--) {
      const a = h[k]!;
      if (a.sentence < sentence - WINDOW_NOMINAL) break;
      if (!a.person || a.plural) continue;
      if (a.gender && gender && a.gender !== gender) continue;
      let fits = false;
      if (a.personId) {
        const held = this.rolesOf(a.personId);
        const p = this.kb.people.get(a.personId);
        fits = [...held.keys()].some((x) => roles.has(x));
        if (fits && mods.country)
          fits = p?.country === mods.country || [...held.values()].includes(mods.country);
        if (fits && mods.actor) fits = [...held.values()].some((hid) => mods.actor?.endsWith(`:${hid}`));
      } else if (a.unnamed && a.key) {
        fits = [...a.nounRoles].some((x) => roles.has(x));
        if (fits && mods.country) fits = a.key === `country:${mods.country}`;
      }
      if (!fits) continue;
      this.emit(mods.start, end, a.key, 'nominal');
      this.push({ ...a, start: mods.start, end, sentence, subject: this.isSubject(mods.start, end) });
      return to;
    }
    // An unnamed spokesperson with nobody to refer back to speaks for the organisation nearby.
    if (roles.has('spokesperson')) {
      for (let k = h.length - 1; k >= 0; k--) {
        const a = h[k]!;
        if (a.sentence < sentence - 1) break;
        if (a.kind !== 'org' || a.person) continue;
        this.emit(mods.start, end, a.key, 'nominal');
        this.push({
          ...a,
          start: mods.start,
          end,
          sentence,
          person: true,
          unnamed: true,
          nounRoles: roles,
          gender,
          subject: this.isSubject(mods.start, end),
        });
        return to;
      }
    }
    return to;
  }

  personAnte(key: string, id: string, start: number, end: number, sentence: number): Ante {
    return {
      key,
      kind: 'person',
      start,
      end,
      sentence,
      person: true,
      gender: this.kb.people.get(id)?.gender ?? null,
      plural: false,
      subject: this.isSubject(start, end),
      personId: id,
      nounRoles: new Set(),
      unnamed: false,
    };
  }

  /** An organisation description starting at token `i` ("US-led bloc", "alliance"), resolved. */
  descriptorPhrase(i: number, sentence: number): { key: string; to: number } | null {
    const toks = this.toks;
    // Skip modifiers such as "US-led", "Western", "military".
    for (let s = i; s < Math.min(i + 4, toks.length); s++) {
      const d = this.descriptorAt(s);
      if (!d) continue;
      const key = this.resolveOrg(d, sentence);
      return key ? { key, to: s + d.words.length } : null;
    }
    return null;
  }

  descriptorAt(i: number): OrgDescriptor | null {
    const toks = this.toks;
    for (const d of this.lex.orgDescriptors.get(toks[i]?.norm ?? '') ?? NONE) {
      if (d.words.every((w, k) => toks[i + k]?.norm === w)) return d;
    }
    return null;
  }

  resolveOrg(d: OrgDescriptor, sentence: number): string | null {
    const h = this.history;
    for (let k = h.length - 1; k >= 0; k--) {
      const a = h[k]!;
      if (a.sentence < sentence - WINDOW_ORG) break;
      if (a.person || a.unnamed) continue;
      if (!a.key) return null;
      if (
        d.outlet
          ? a.kind === 'outlet'
          : a.kind === 'org' && d.types.has(this.kb.orgs.get(a.key.slice(4))?.type ?? '')
      )
        return a.key;
    }
    return null;
  }

  /** "the alliance", "the international organization", "the outlet": the latest fitting organisation. */
  orgDescriptor(i: number): number | null {
    const d = this.descriptorAt(i);
    if (!d) return null;
    const to = i + d.words.length;
    // "the contact group for Ukraine", "the body of a soldier", "the alliance summit": a
    // description with its own complement, or a modifier of another noun, names something else.
    const next = this.toks[to];
    if (next && (next.norm === 'of' || next.norm === 'for' || this.pos(next.start) === 'NOUN')) return to;
    for (let k = i; k < to; k++) if (this.covered[k]) return null;
    const startsWithThe = d.words[0] === 'the';
    const mods = startsWithThe ? null : this.modifiers(i);
    if (!startsWithThe && mods?.det !== 'def') return to;
    const sentence = this.step(this.toks[i]!.start);
    const key = this.resolveOrg(d, sentence);
    if (!key) return to;
    const start = mods ? mods.start : this.toks[i]!.start;
    const end = this.toks[to - 1]!.end;
    this.emit(start, end, key, 'nominal');
    const kind = kindOfKey(key)!;
    this.push({
      key,
      kind,
      start,
      end,
      sentence,
      person: false,
      gender: null,
      plural: false,
      subject: this.isSubject(start, end),
      personId: null,
      nounRoles: new Set(),
      unnamed: false,
    });
    return to;
  }
}

/**
 * Coreference within a document: pronouns ("he", "she", "it", "they"), role and description
 * nominals ("the spokesman", "the NATO leader", "the Russian diplomat") and unnamed officials
 * ("a NATO spokesperson" → NATO) resolved to the most recent compatible actor. Returns the
 * mentions it adds (via "pronoun" or "nominal"). Text inside quotation marks is skipped: a
 * pronoun there belongs to the speaker's perspective, not the narrator's.
 */
export function resolveCoref(doc: Doc, kb: KnowledgeBase, mentions: Mention[], date: string): Mention[] {
  return new Resolver(doc, kb, mentions, date).run();
}
