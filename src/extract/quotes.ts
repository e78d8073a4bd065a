// Direct and indirect speech. One pass pairs the quotation marks; the text is cut into units
// (sentences, joined where a quotation or its attribution runs across a sentence break); within
// each unit the cues of quote-cues.jsonl are found outside the quotations and each is read for a
// speaker (its subject, the object of "according to", the issuer of "the report says") and its
// content (a quotation, a that-clause, an object, or the clause before an inverted "…, X said").
import type { KnowledgeBase } from '../kb/load.js';
import type { Doc, Token } from '../nlp/doc.js';
import { actorName } from './entities.js';
import type { Mention } from './mentions.js';
import { type CueWords, cueLexicon, matchSeq, type PhraseCue, type VerbCue } from './quotes/cues.js';
import { type QuoteSpan, quoteSpans } from './quotes/marks.js';
import type { QuoteItem } from './record.js';

interface Cue {
  from: number;
  to: number;
  /** verb: a speech verb or a verb-like phrase; according: speaker after it; issuer: "the report says". */
  type: 'verb' | 'according' | 'issuer';
  introduces: Set<string>;
  kind: string;
  /** A noun form after a possessive with a that-clause: "Putin's warning that …". */
  possessor: Mention | null;
}

interface Unit {
  a: number;
  b: number;
  start: number;
  end: number;
  paragraph: number;
}

interface Item {
  speaker: Mention | null;
  speakerKey: string | null;
  cue: string | null;
  kind: 'direct' | 'indirect';
  /** Content as offsets into the text. */
  start: number;
  end: number;
  medium: string | null;
  unit: Unit;
  /** Top-level quotes this item carries. */
  quotes: number[];
}

const SPEAKER_KINDS = new Set(['person', 'org', 'country', 'outlet', 'group']);
const KIND_RANK: Record<string, number> = { person: 0, org: 1, country: 2, outlet: 3, group: 4 };
const BE = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', "'s", "'re"]);
const NEGATION = new Set(['not', "n't", 'never']);
const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'his',
  'her',
  'its',
  'their',
  'our',
  'my',
  'your',
  'this',
  'these',
  "'s",
]);
const PARTICIPLES_IRREGULAR = new Set([
  'told',
  'said',
  'written',
  'thought',
  'sworn',
  'seen',
  'felt',
  'known',
]);
const PREPOSITIONS = new Set([
  'in',
  'at',
  'on',
  'to',
  'with',
  'for',
  'of',
  'by',
  'from',
  'about',
  'before',
  'during',
]);
// Prepositions that carry the content of a speech verb: "warned of", "hinted at", "alerted to".
const CONTENT_PREPS = new Set(['of', 'at', 'about', 'against', 'to']);

const RELATIVE_PRONOUNS = new Set(['which', 'who', 'whom', 'what']);
const RELATIVE = new Set(['which', 'who', 'whom', 'whose', 'that', 'where', 'when']);

// Shared empty list for map misses in per-token loops.
const NONE: never[] = [];

const norm = (s: string) => {
  const l = s.toLowerCase();
  return l.includes('’') || l.includes('‘') ? l.replace(/[’‘]/g, "'") : l;
};
// Letters and digits: a token with one is a word, not punctuation.
const WORDISH = /[\p{L}\p{N}]/u;
const isWordish = (s: string) => {
  const c = s.charCodeAt(0);
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || WORDISH.test(s);
};

class Extractor {
  readonly T: Token[];
  readonly lower: string[];
  readonly qOf: Int32Array;
  readonly punct: Uint8Array;
  readonly quotes: QuoteSpan[];
  readonly top: Mention[];
  readonly words: CueWords;
  readonly items: Item[] = [];
  readonly lex: ReturnType<typeof cueLexicon>;
  /** Top-level quote index → the item that carries it. */
  readonly carried = new Map<number, Item>();

  constructor(
    readonly doc: Doc,
    readonly kb: KnowledgeBase,
    mentions: Mention[],
  ) {
    this.lex = cueLexicon(kb);
    this.T = doc.layers.tokens;
    this.lower = this.T.map((t) => norm(t.text));
    this.punct = new Uint8Array(this.T.length);
    this.T.forEach((t, k) => {
      if (t.pos === 'PUNCT' || !isWordish(t.text)) this.punct[k] = 1;
    });
    // Top-level quotes only, with their paragraph links re-pointed into this list.
    const all = quoteSpans(doc);
    const index = new Map<number, number>();
    all.forEach((q, i) => {
      if (q.depth === 0) index.set(i, index.size);
    });
    this.quotes = all
      .filter((q) => q.depth === 0)
      .map((q) => ({ ...q, next: index.get(q.next) ?? -1, prev: index.get(q.prev) ?? -1 }));
    this.qOf = new Int32Array(this.T.length).fill(-1);
    let q = 0;
    for (let k = 0; k < this.T.length; k++) {
      const t = this.T[k]!;
      while (q < this.quotes.length && this.quotes[q]!.close < t.start) q++;
      const cur = this.quotes[q];
      if (cur && t.start >= cur.open && t.start <= cur.close) this.qOf[k] = q;
    }
    this.top = topLevel(mentions.filter((m) => SPEAKER_KINDS.has(m.kind)));
    this.words = { lower: this.lower, text: (k) => this.T[k]?.text ?? '', outlets: new Map() };
    for (const m of this.top) {
      if (m.kind !== 'outlet' && m.kind !== 'org') continue;
      const k = this.tokAt(m.start);
      if (this.T[k]?.start === m.start) this.words.outlets.set(k, { to: this.tokAt(m.end), key: m.key });
    }
  }

  /** Index of the first token starting at or after `offset`. */
  tokAt(offset: number): number {
    const T = this.T;
    let lo = 0;
    let hi = T.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (T[mid]!.start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Text offset of token k (the text end past the last token). */
  off(k: number): number {
    return this.T[k]?.start ?? this.doc.text.length;
  }

  isPunct(k: number): boolean {
    return this.punct[k] === 1;
  }

  narrative(k: number): boolean {
    return this.qOf[k] === -1;
  }

  // ---- units ----

  units(): Unit[] {
    const { doc } = this;
    const out: Unit[] = [];
    const paras = doc.layers.paragraphs;
    let cur: Unit | null = null;
    for (const s of doc.layers.sentences) {
      const a = this.tokAt(s.start);
      const b = this.tokAt(s.end);
      if (paras[s.paragraph]?.heading) {
        cur = null;
        continue;
      }
      if (cur && cur.paragraph === s.paragraph && this.joins(a)) {
        cur.b = b;
        cur.end = s.end;
        continue;
      }
      cur = { a, b, start: s.start, end: s.end, paragraph: s.paragraph };
      out.push(cur);
    }
    return out;
  }

  /** Does the sentence starting at token `a` continue the unit before it? */
  joins(a: number): boolean {
    // A quotation running across the break.
    if (a > 0 && this.qOf[a - 1]! >= 0 && this.qOf[a - 1] === this.qOf[a]) return true;
    const first = this.T[a];
    if (!first) return false;
    // "… since February.” ;, insisted the politician": the attribution after a closing mark.
    if (this.isPunct(a) && this.qOf[a] === -1) return true;
    return a > 0 && this.qOf[a - 1]! >= 0 && /^\p{Ll}/u.test(first.text);
  }

  // ---- cues ----

  cues(u: Unit): Cue[] {
    const out: Cue[] = [];
    for (let k = u.a; k < u.b; k++) {
      if (!this.narrative(k)) continue;
      const w = this.lower[k]!;
      let best: Cue | null = null;
      for (const { form, cue } of this.lex.verbs.get(w) ?? NONE) {
        let ok = k + form.length <= u.b;
        for (let i = 1; ok && i < form.length; i++) ok = this.lower[k + i] === form[i];
        if (!ok) continue;
        const c = this.verbCue(k, k + form.length, cue);
        if (c) best = c;
        break;
      }
      for (const p of this.lex.phrasesByFirst.get(w) ?? NONE) {
        const m = matchSeq(p.seq, this.words, k, u.b, p.exactCase);
        if (!m) continue;
        const c = this.phraseCue(p, k, m.to);
        if (c && (!best || c.to > best.to)) best = c;
      }
      if (best) {
        out.push(best);
        k = best.to - 1;
      }
    }
    return out;
  }

  verbCue(from: number, to: number, cue: VerbCue): Cue | null {
    const T = this.T;
    const t = T[from]!;
    const w = this.lower[from]!;
    let p = from - 1;
    while (p >= 0 && T[p]!.pos === 'ADV' && this.narrative(p)) p--;
    const prev = p >= 0 ? this.lower[p]! : '';
    const base: Cue = { from, to, type: 'verb', introduces: cue.introduces, kind: cue.kind, possessor: null };
    if (t.pos !== 'VERB' && t.pos !== 'AUX') {
      // "Putin's warning that …": a speech noun with its author as possessor.
      if ((prev === "'s" || prev === "'") && this.lower[to] === 'that') {
        const owner = this.mentionEndingAt(T[p]!.start);
        return owner ? { ...base, possessor: owner } : null;
      }
      // Tagged as a noun but used as a verb after its subject: "Russia claims …", "as the Kremlin states".
      if (p < 0 || DETERMINERS.has(prev) || !(this.mentionEndingAt(T[p]!.end) || T[p]!.pos === 'PRON'))
        return null;
      return base;
    }
    if (DETERMINERS.has(prev) || prev === 'to' || NEGATION.has(prev)) return null;
    // Part of a compound ("so-called", "long-awaited").
    if (from > 0 && T[from - 1]!.end === t.start && /^[-‐‑]$/.test(T[from - 1]!.text)) return null;
    // Passive ("was condemned", "justified by") has no speaking subject.
    if (!w.endsWith('ing')) {
      const participle = /(ed|en)$/.test(w) || PARTICIPLES_IRREGULAR.has(w);
      if (participle && (BE.has(prev) || this.lower[to] === 'by')) return null;
    }
    return base;
  }

  phraseCue(p: PhraseCue, from: number, to: number): Cue | null {
    const base = { from, to, introduces: p.introduces, kind: p.kind, possessor: null };
    if (p.cueType !== 'phrase') return null;
    if (p.speaker === 'object') return p.introduces.has('sentence') ? { ...base, type: 'according' } : null;
    if (p.speaker === 'issuer') return { ...base, type: 'issuer' };
    // Verb-like phrases ("made it clear", "went on to say"); participial and prepositional
    // phrases ("speaking at", "in response to") frame a main clause with its own verb.
    const head = p.seq[0];
    const firstWords = head && 'alts' in head ? head.alts.map((a) => a[0] ?? '') : [];
    if (p.speaker !== 'subject' || p.kind !== 'speech') return null;
    if (firstWords.every((x) => x.endsWith('ing') || PREPOSITIONS.has(x))) return null;
    return { ...base, type: 'verb' };
  }

  // ---- mentions ----

  mentionEndingAt(offset: number): Mention | null {
    const i = this.lastEndingBy(offset);
    const m = i >= 0 ? this.top[i] : undefined;
    return m && m.end === offset ? m : null;
  }

  /** Index into `top` of the last mention (by end) ending at or before `offset`. */
  lastEndingBy(offset: number): number {
    const top = this.top;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (top[mid]!.end <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /**
   * Where the subject of the cue at `verb` ends: before a parenthetical adjunct between them
   * ("Lavrov, speaking to the BBC, said", "Zelenskyy, in a call with Biden, said"), else at the verb.
   */
  beforeAdjunct(verb: number, boundary: number): number {
    let p = verb - 1;
    while (p > boundary && (this.T[p]!.pos === 'AUX' || this.T[p]!.pos === 'ADV')) p--;
    if (this.lower[p] !== ',') return verb;
    for (let j = p - 1; j > boundary && p - j <= 12; j--) {
      if (!this.narrative(j)) return verb;
      if (this.lower[j] !== ',') continue;
      const first = this.T[j + 1]!;
      const adjunct = first.pos === 'ADP' || (first.pos === 'VERB' && this.lower[j + 1]!.endsWith('ing'));
      return adjunct ? j : verb;
    }
    return verb;
  }

  /** The mention closest before `offset` that starts at or after `boundary`, outside quotations. */
  subjectBefore(boundary: number, offset: number): Mention | null {
    for (let i = this.lastEndingBy(offset); i >= 0; i--) {
      const m = this.top[i]!;
      if (m.start < boundary) return null;
      if (this.qOf[this.tokAt(m.start)] !== -1) continue;
      // "US-led", "Beijing-based": a name inside a modifier is not the subject.
      if (/^[-‐‑]\p{L}/u.test(this.doc.text.slice(m.end, m.end + 2))) continue;
      return m;
    }
    return null;
  }

  mentionStartingAt(k: number): Mention | null {
    const t = this.T[k];
    if (!t) return null;
    const top = this.topByStart();
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (top[mid]!.start < t.start) lo = mid + 1;
      else hi = mid;
    }
    const m = top[lo];
    return m && m.start === t.start ? m : null;
  }

  private byStart: Mention[] | null = null;
  topByStart(): Mention[] {
    this.byStart ??= [...this.top].sort((a, b) => a.start - b.start);
    return this.byStart;
  }

  /** The first mention inside tokens [a, b). */
  firstMentionIn(a: number, b: number): Mention | null {
    const start = this.T[a]?.start ?? Number.POSITIVE_INFINITY;
    const end = this.T[b - 1]?.end ?? 0;
    const top = this.topByStart();
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (top[mid]!.start < start) lo = mid + 1;
      else hi = mid;
    }
    const m = top[lo];
    return m && m.start < end ? m : null;
  }

  speakerKey(m: Mention): string {
    // "The Kremlin said": a metonym speaks for its state's government (FORMAT.md).
    if (m.kind === 'org') {
      const surface = norm(this.doc.text.slice(m.start, m.end)).replace(/^the /, '');
      const country = this.lex.metonyms.get(surface);
      if (country) return `country:${country}`;
    }
    return m.key;
  }

  /**
   * An unnamed collective as the subject, with a modifier: "western media has warned", "Western
   * leaders view". Reported under its description, as a new group.
   */
  groupSubject(boundary: number, verb: number): Mention | null {
    let p = verb - 1;
    while (p >= boundary && (this.T[p]!.pos === 'AUX' || this.T[p]!.pos === 'ADV')) p--;
    for (let len = 3; len >= 1; len--) {
      const a = p - len + 1;
      if (a < boundary || !this.narrative(a)) continue;
      if (!this.lex.groups.has(this.lower.slice(a, p + 1).join(' '))) continue;
      let s = a;
      while (s - 1 >= boundary && a - s < 2 && this.T[s - 1]!.pos === 'ADJ' && !this.inMention(s - 1)) s--;
      if (s === a && len < 2) return null;
      const start = this.T[s]!.start;
      const end = this.T[p]!.end;
      const text = this.doc.text.slice(start, end);
      return {
        start,
        end,
        kind: 'group',
        key: `new:group:${text}`,
        via: 'group',
        sentence: this.T[s]!.sentence,
      };
    }
    return null;
  }

  /** The most recent outlet mentioned before `offset`: who "the report" belongs to. */
  issuerBefore(offset: number): Mention | null {
    for (let i = this.lastEndingBy(offset); i >= 0; i--) {
      const m = this.top[i]!;
      if (m.kind === 'outlet') return m;
    }
    return null;
  }

  // ---- content ----

  /** Skip adverbs, time phrases and medium phrases after a cue. */
  skipAdjuncts(k: number, b: number): number {
    for (;;) {
      if (k >= b || !this.narrative(k)) return k;
      const w = this.lower[k]!;
      const t = this.T[k]!;
      if (t.pos === 'ADV' && w !== 'so') {
        k++;
        continue;
      }
      if (this.lex.timeNouns.has(w)) {
        k++;
        continue;
      }
      if (this.lex.timeLeads.has(w) && this.lex.timeNouns.has(this.lower[k + 1] ?? '')) {
        k += 2;
        continue;
      }
      // "at the time", "on that day"
      if (
        (w === 'at' || w === 'on' || w === 'in') &&
        this.lex.timeNouns.has(this.lower[k + 2] ?? '') &&
        this.T[k + 1]?.pos === 'DET'
      ) {
        k += 3;
        continue;
      }
      const medium = this.mediumAt(k, b);
      if (medium && !medium.tell) {
        k = medium.to;
        continue;
      }
      return k;
    }
  }

  /** A medium phrase at token k ("in a statement", "on Telegram", "in an interview with X"). */
  mediumAt(k: number, b: number): { to: number; label: string; tell: boolean } | null {
    for (const p of this.lex.mediaByFirst.get(this.lower[k]!) ?? NONE) {
      const m = matchSeq(p.seq, this.words, k, b, p.exactCase);
      if (!m) continue;
      const label = m.outletKey
        ? actorName(this.kb, m.outletKey)
        : (this.lex.mediumLabels.get(p.medium ?? '') ?? p.medium ?? 'statement');
      return { to: m.to, label, tell: p.first.has('told') || p.first.has('tell') };
    }
    return null;
  }

  /** Token after an addressee and adjuncts that is "that", or -1: "warned Russia that", "explained to the agency that". */
  thatAfter(k: number, b: number): number {
    for (let j = k, n = 0; j < b && n < 12; j++, n++) {
      if (!this.narrative(j)) return -1;
      const w = this.lower[j]!;
      const t = this.T[j]!;
      if (w === 'that') {
        // "the force that NATO is moving" is a relative clause only when a verb follows "that".
        const n = this.T[j + 1];
        return n && (n.pos === 'VERB' || n.pos === 'AUX') ? -1 : j;
      }
      if (this.cueAtToken.has(j)) return -1;
      if (w === '.' || w === ';' || w === ':' || t.pos === 'VERB' || t.pos === 'AUX') return -1;
      if (this.inMention(j)) continue;
      if (t.pos === 'ADP') continue;
      if (['DET', 'PROPN', 'ADV', 'NUM', 'ADJ', 'CCONJ', 'PUNCT', 'NOUN', 'PRON'].includes(t.pos)) continue;
      return -1;
    }
    return -1;
  }

  private mentionTok: Uint8Array | null = null;
  inMention(k: number): boolean {
    if (!this.mentionTok) {
      this.mentionTok = new Uint8Array(this.T.length);
      for (const m of this.top)
        for (let j = this.tokAt(m.start); j < this.T.length && this.T[j]!.start < m.end; j++)
          this.mentionTok[j] = 1;
    }
    return this.mentionTok[k] === 1;
  }

  cueAtToken = new Map<number, Cue>();

  /** Is the cue at token c a split point inside earlier content: ", stressing that", "and assured that"? */
  splitStart(c: Cue, a: number): number {
    let p = c.from - 1;
    while (p > a && (this.T[p]!.pos === 'AUX' || this.T[p]!.pos === 'ADV')) p--;
    const lead = this.lower[p];
    if (lead !== ',' && lead !== 'and' && lead !== 'but') return -1;
    if (lead === ',' && !this.lower[c.from]!.endsWith('ing')) return -1;
    const k = this.skipAdjuncts(c.to, this.T.length);
    if (this.lower[k] !== 'that') return -1;
    return lead !== ',' && this.lower[p - 1] === ',' ? p - 1 : p;
  }

  /** Where content starting at token k ends (exclusive). */
  clauseEnd(k: number, u: Unit, objectOnly = false): number {
    for (let j = k; j < u.b; j++) {
      if (!this.narrative(j)) {
        const q = this.qOf[j]!;
        if (this.attributedByTail.has(q) && j > k) return j;
        continue;
      }
      const w = this.lower[j]!;
      if (w === ';') return j;
      if (w === '.' && j < u.b - 1 && j > k) return j + 1;
      const c = this.cueAtToken.get(j);
      if (c && j > k && this.splitStart(c, k) >= 0) return this.splitStart(c, k);
      // "criticised the plan, labelling it …": an object ends where a participle takes over.
      const next = this.cueAtToken.get(j + 1);
      if (w === ',' && objectOnly && next && this.lower[j + 1]!.endsWith('ing') && !this.hasQuote(k, j))
        return j;
      if (w === ',' && c === undefined) {
        if (this.attributionAfter(j, u)) return j;
        const n = this.lower[j + 1];
        if (n === 'according' && this.lower[j + 2] === 'to') return j;
        if (n === 'but' && ['VERB', 'AUX', 'ADV'].includes(this.T[j + 2]?.pos ?? '')) return j;
        if (n === 'citing') return j;
      }
      if ((w === '–' || w === '—') && this.lower[j + 1] === 'according') return j;
    }
    return u.b;
  }

  /** After the comma at j: "<subject> <cue> [addressee, time]." — an inverted attribution ending the clause. */
  attributionAfter(j: number, u: Unit): boolean {
    let sawMention = false;
    for (let t = j + 1; t < Math.min(u.b, j + 10); t++) {
      if (!this.narrative(t)) return false;
      const c = this.cueAtToken.get(t);
      if (c?.type === 'verb') {
        if (!sawMention) return false;
        for (let e = c.to; e < Math.min(u.b + 1, c.to + 8); e++) {
          if (e >= u.b || this.lower[e] === '.') return true;
          const w = this.T[e]!;
          if (
            !this.narrative(e) ||
            w.pos === 'VERB' ||
            w.pos === 'AUX' ||
            this.lower[e] === 'that' ||
            this.lower[e] === ','
          )
            return false;
        }
        return false;
      }
      const w = this.T[t]!;
      if (w.pos === 'VERB' || this.lower[t] === ',' || RELATIVE.has(this.lower[t]!)) return false;
      if (this.inMention(t)) sawMention = true;
    }
    return false;
  }

  /** A clause of its own: a finite verb before any comma or relative pronoun ("new attacks, which …" is not). */
  clauseLike(a: number, b: number): boolean {
    for (let j = a; j < b; j++) {
      if (this.narrative(j) && (this.lower[j] === ',' || RELATIVE.has(this.lower[j]!))) return false;
      if (this.hasFiniteVerb(j, j + 1)) return true;
    }
    return false;
  }

  /** Does tokens [a, b) hold a finite verb (a clause rather than a noun phrase)? */
  hasFiniteVerb(a: number, b: number): boolean {
    for (let j = a; j < b; j++) {
      if (!this.narrative(j)) continue;
      const t = this.T[j]!;
      if (t.pos === 'AUX') return true;
      if (t.pos === 'VERB' && !/ing$/.test(this.lower[j]!) && this.lower[j - 1] !== 'to') return true;
      if (this.cueAtToken.has(j)) return true;
    }
    return false;
  }

  hasQuote(a: number, b: number): boolean {
    for (let j = a; j < b; j++) if (!this.narrative(j)) return true;
    return false;
  }

  // ---- items ----

  makeItem(
    u: Unit,
    speaker: Mention | null,
    cue: Cue | null,
    a: number,
    b: number,
    medium: string | null,
    forceKind?: 'direct',
  ): Item | null {
    // Trim punctuation at both ends (keeping quotation marks for the span of a direct quote).
    while (a < b && this.narrative(a) && this.isPunct(a)) a++;
    while (b > a && this.narrative(b - 1) && this.isPunct(b - 1) && this.lower[b - 1] !== '.') b--;
    if (b - a < 2 && !(b > a && !this.narrative(a))) return null;
    const quotes = new Set<number>();
    let quoted = 0;
    let words = 0;
    for (let j = a; j < b; j++) {
      if (this.isPunct(j)) continue;
      words++;
      if (!this.narrative(j)) {
        quoted++;
        quotes.add(this.qOf[j]!);
      }
    }
    if (!words) return null;
    let start = this.T[a]!.start;
    let end = this.T[b - 1]!.end;
    if (quotes.size === 1 && quoted === words) {
      const q = this.quotes[[...quotes][0]!]!;
      start = q.start;
      end = q.end;
      // “We will not back down,” he said — the comma belongs to the attribution.
      while (end > start && /[,;:]/.test(this.doc.text[end - 1]!)) end--;
    }
    const kind = forceKind ?? (quoted / words >= 0.6 ? 'direct' : 'indirect');
    const item: Item = {
      speaker,
      speakerKey: speaker ? this.speakerKey(speaker) : null,
      cue: cue ? this.doc.text.slice(this.T[cue.from]!.start, this.T[cue.to - 1]!.end) : null,
      kind,
      start,
      end,
      medium,
      unit: u,
      quotes: [...quotes],
    };
    for (const q of quotes) this.carried.set(q, item);
    this.items.push(item);
    return item;
  }

  attributedByTail = new Set<number>();

  /** An outlet named right after a telling verb: "told Norwegian broadcaster NRK", "explained to the Europa Press news agency". */
  addresseeOutlet(k: number, b: number): string | null {
    for (let j = k; j < Math.min(b, k + 6); j++) {
      if (!this.narrative(j)) return null;
      const m = this.mentionStartingAt(j);
      if (m) return m.kind === 'outlet' ? actorName(this.kb, m.key) : null;
      const t = this.T[j]!;
      if (t.pos === 'VERB' || t.pos === 'AUX' || this.lower[j] === 'that' || this.lower[j] === ',')
        return null;
    }
    return null;
  }

  /** The medium stated around a cue: between the start of its clause and its content. */
  mediumIn(u: Unit, cue: Cue | null, from: number, to: number): string | null {
    if (cue) {
      const o = this.addresseeOutlet(cue.to, u.b);
      if (o) return o;
    }
    for (let k = Math.max(from, u.a); k < Math.min(to, u.b); k++) {
      if (!this.narrative(k) || this.lower[k - 1] === 'according') continue;
      const m = this.mediumAt(k, u.b);
      if (m) return m.label;
    }
    return null;
  }

  /** Quotes attributed by what follows them: "“…,” he said", "“…”, explained Stoltenberg". */
  tails(u: Unit, cues: Cue[]): Set<Cue> {
    const used = new Set<Cue>();
    const byFrom = new Map(cues.map((c) => [c.from, c]));
    for (let k = u.a; k < u.b; k++) {
      const q = this.qOf[k]!;
      if (q < 0 || this.qOf[k + 1] === q || this.carried.has(q)) continue;
      // k is the last token of quote q.
      let j = k + 1;
      while (j < u.b && this.narrative(j) && this.isPunct(j)) j++;
      if (j >= u.b || !this.narrative(j)) continue;
      let cue: Cue | undefined;
      let speaker: Mention | null = null;
      let after = j;
      const verbFirst = byFrom.get(j);
      if (verbFirst?.type === 'verb') {
        cue = verbFirst;
        let s = cue.to;
        while (s < u.b && this.T[s]!.pos === 'ADV') s++;
        speaker = this.mentionStartingAt(s);
        if (speaker) after = this.tokAt(speaker.end);
      } else {
        for (let v = j + 1; v < Math.min(u.b, j + 9); v++) {
          if (!this.narrative(v) || this.isPunct(v)) break;
          const c = byFrom.get(v);
          if (c?.type === 'verb') {
            cue = c;
            break;
          }
          if (this.T[v]!.pos === 'VERB' && !this.inMention(v)) break;
        }
        if (cue) speaker = this.subjectBefore(this.T[j]!.start, this.T[cue.from]!.start);
        after = cue?.to ?? j;
      }
      if (!cue || !speaker) continue;
      used.add(cue);
      this.attributedByTail.add(q);
      const qs = this.quotes[q]!;
      const item = this.makeItem(
        u,
        speaker,
        cue,
        this.tokAt(qs.open),
        k + 1,
        this.mediumIn(u, cue, k + 1, cue.to + 8),
        'direct',
      );
      if (!item) continue;
      // “If things go wrong,” he said, “they can go horribly wrong.” — an interrupted quote: the
      // attribution covers the second part too (kept as its own item, so that every item's text
      // is the text of its span). The sentence goes on: the attribution ends with a comma.
      let n = this.skipAdjuncts(after, u.b);
      let comma = false;
      while (n < u.b && this.narrative(n) && this.isPunct(n)) {
        if (this.lower[n] === '.') comma = false;
        else if (this.lower[n] === ',') comma = true;
        n++;
      }
      const q2 = this.qOf[n]!;
      const s2 = this.quotes[q2];
      if (s2 && comma && /,$/.test(this.doc.text.slice(qs.start, qs.end)) && !this.carried.has(q2)) {
        const k2 = this.tokAt(s2.open);
        let e2 = k2;
        while (e2 < u.b && this.qOf[e2] === q2) e2++;
        if (this.makeItem(u, speaker, cue, k2, e2, item.medium, 'direct')) this.attributedByTail.add(q2);
      }
    }
    return used;
  }

  unit(u: Unit, prevUnitItems: Item[]): void {
    const cues = this.cues(u);
    this.cueAtToken = new Map(cues.map((c) => [c.from, c]));
    const first = this.items.length;
    const used = this.tails(u, cues);
    let mainSpeaker: Mention | null = this.items.at(-1)?.unit === u ? this.items.at(-1)!.speaker : null;
    let contentEnd = -1;
    let last: Item | null = null;
    let boundary = u.a;
    for (const c of cues) {
      if (used.has(c)) {
        boundary = c.to;
        continue;
      }
      let inherited = false;
      if (c.from < contentEnd) {
        const split = this.splitStart(c, u.a);
        if (split < 0 || !last) continue;
        if (last.end > this.T[split - 1]!.end) last.end = this.T[split - 1]!.end;
        inherited = true;
      }
      if (c.type === 'according') {
        const r = this.according(u, c, boundary, last);
        if (r) {
          last = r.item;
          contentEnd = r.end;
          mainSpeaker ??= r.item.speaker;
        }
        continue;
      }
      // Speaker: the main clause's for a participle or a coordinated verb, else the subject.
      let p = c.from - 1;
      while (p > u.a && (this.T[p]!.pos === 'AUX' || this.T[p]!.pos === 'ADV')) p--;
      const lead = this.lower[p];
      const participle = this.lower[c.from]!.endsWith('ing') && lead === ',';
      let speaker: Mention | null = null;
      let inverted = false;
      if (c.possessor) speaker = c.possessor;
      else if (inherited && last) speaker = last.speaker;
      else if ((participle || lead === 'and' || lead === 'but') && mainSpeaker) speaker = mainSpeaker;
      else if (c.type === 'issuer') speaker = this.issuerBefore(this.T[c.from]!.start);
      else
        speaker =
          this.subjectBefore(this.off(boundary), this.off(this.beforeAdjunct(c.from, boundary))) ??
          this.groupSubject(boundary, c.from);
      if (!speaker && c.type === 'verb' && (lead === ',' || p <= u.a)) {
        // "…, said Putin.": the subject after the verb, ending the clause.
        const after = this.mentionStartingAt(c.to);
        if (after && this.clauseEndsAt(this.skipAdjuncts(this.tokAt(after.end), u.b), u)) {
          speaker = after;
          inverted = true;
        }
      }
      if (!speaker) continue;
      // "which Moscow has rejected", "who requested anonymity", "what they say is …": a
      // relative clause describes something else; it does not report speech.
      const before = this.lower[Math.min(this.tokAt(speaker.start), c.from) - 1] ?? '';
      if (RELATIVE_PRONOUNS.has(before) || RELATIVE_PRONOUNS.has(lead ?? '')) continue;
      if (!participle && !inherited) mainSpeaker = speaker;
      let k = inverted ? this.tokAt(speaker.end) : c.to;
      k = this.skipAdjuncts(k, u.b);
      const content = this.contentAfter(c, k, u);
      const medium = this.mediumIn(u, c, boundary, content >= 0 ? content : c.to + 8);
      if (content >= 0) {
        const end = this.clauseEnd(content, u, this.lower[content - 1] !== 'that');
        const item = this.acceptContent(c, content, end)
          ? this.makeItem(u, speaker, c, content, end, medium)
          : null;
        if (item) {
          last = item;
          contentEnd = end;
          boundary = end;
        }
        continue;
      }
      // "As he explained, Ukraine needs …": content after the comma.
      const sp = this.tokAt(speaker.start);
      if (this.lower[sp - 1] === 'as' && sp - 1 <= boundary + 1 && this.lower[k] === ',') {
        const end = this.clauseEnd(k + 1, u);
        const item = this.makeItem(u, speaker, c, k + 1, end, medium);
        if (item) {
          last = item;
          contentEnd = end;
          boundary = end;
        }
        continue;
      }
      // "…, the alliance's Secretary General has said.": content before the subject.
      const inv = this.invertedContent(c, u, boundary, speaker, k);
      if (inv) {
        const item = this.makeItem(u, speaker, c, inv[0], inv[1], medium);
        if (item) {
          last = item;
          boundary = c.to;
        }
      }
    }
    // Quotes nobody introduced: a quoted sentence continues the speaker before it (same or
    // previous paragraph); a quoted phrase in a sentence right after an attributed one, in the
    // same paragraph, continues that account ("The raid “fatally injured” three soldiers.").
    const prev = this.items.length > first ? this.items.at(-1)! : (prevUnitItems.at(-1) ?? null);
    const free = this.freeQuotes(u);
    if (!free.length) return;
    let narrativeWords = 0;
    for (let k = u.a; k < u.b; k++) if (this.narrative(k) && !this.isPunct(k)) narrativeWords++;
    // A quote going on in the next paragraph waits for the speaker its last part names.
    if (narrativeWords === 0 && free.length === 1 && (prev?.speaker || this.quotes[free[0]!]!.next >= 0)) {
      this.makeItem(u, prev?.speaker ?? null, null, u.a, u.b, null, 'direct');
      return;
    }
    if (!prev?.speaker) return;
    const phrase = free.some(
      (i) => wordCount(this.doc.text.slice(this.quotes[i]!.start, this.quotes[i]!.end)) >= 2,
    );
    if (this.items.length === first && !cues.length && prev.unit.paragraph === u.paragraph && phrase)
      this.makeItem(u, prev.speaker, null, u.a, u.b, null, 'direct');
  }

  freeQuotes(u: Unit): number[] {
    const out: number[] = [];
    for (let k = u.a; k < u.b; k++) {
      const q = this.qOf[k]!;
      if (q >= 0 && (k === u.a || this.qOf[k - 1] !== q) && !this.carried.has(q)) out.push(q);
    }
    return out;
  }

  /** Token where the content after a cue starts, or -1. */
  contentAfter(c: Cue, k: number, u: Unit): number {
    if (k >= u.b) return -1;
    const w = this.lower[k]!;
    if (w === 'that') return k + 1;
    if (w === ':') return k + 1;
    if (!this.narrative(k)) return k;
    if (w === ',' && !this.narrative(k + 1) && c.introduces.has('direct')) return k + 1;
    if (w === '.' || w === ',' || w === ';') return -1;
    const that = this.thatAfter(k, u.b);
    if (that >= 0 && (c.introduces.has('that-clause') || c.introduces.has('direct'))) return that + 1;
    if (this.cueAtToken.has(k)) return -1;
    // "warned of an invasion", "hinted at a response", "alerted to the build-up".
    if (CONTENT_PREPS.has(w) || (w === 'in' && /^favou?r$/.test(this.lower[k + 1] ?? ''))) {
      if (c.kind === 'reaction') return -1;
      return w === 'in' ? k : k + 1;
    }
    if (this.T[k]!.pos === 'ADP') return -1;
    return k;
  }

  /** Is this content what the cue introduces? */
  acceptContent(c: Cue, a: number, b: number): boolean {
    if (b - a < 1) return false;
    const quoted = this.hasQuote(a, b);
    const prevWord = this.lower[a - 1];
    if (prevWord === 'that' || prevWord === ':') return true;
    if (quoted) return true;
    // "continue", "elaborate": speech verbs only next to a quotation.
    if ([...c.introduces].every((x) => x === 'direct')) return false;
    if (CONTENT_PREPS.has(prevWord ?? '') || this.lower[a] === 'in') return c.kind !== 'reaction';
    // A clause needs its own subject: "what they say is …" is no report.
    const first = this.T[a]!;
    if (first.pos === 'VERB' || first.pos === 'AUX') return false;
    if (c.introduces.has('that-clause') && this.clauseLike(a, b)) return true;
    // An object names what was said ("denied the allegations", "expressed its willingness"),
    // not an act ("repeated strikes").
    const objectLike = ['DET', 'PRON', 'PROPN', 'NUM'].includes(first.pos) || this.inMention(a);
    if (!objectLike) return false;
    if (c.introduces.has('object') || c.introduces.has('of-phrase'))
      return c.kind !== 'reaction' || c.introduces.has('that-clause');
    if (c.introduces.has('as-complement')) {
      for (let j = a; j < b; j++) if (this.lower[j] === 'as') return c.kind !== 'reaction';
    }
    return false;
  }

  /** Does the clause end at token k: a full stop, the unit end, or a participle or source tag after a comma? */
  clauseEndsAt(k: number, u: Unit): boolean {
    const n = this.lower[k];
    if (k >= u.b || n === '.' || n === ';') return true;
    const n2 = this.lower[k + 1] ?? '';
    return n === ',' && (this.cueAtToken.has(k + 1) || n2 === 'citing' || n2 === 'according' || n2 === 'who');
  }

  /** "<content>, <speaker> said." — the clause before the subject, when the cue ends its clause. */
  invertedContent(c: Cue, u: Unit, boundary: number, speaker: Mention, k: number): [number, number] | null {
    if (c.kind === 'reaction' || c.type === 'according') return null;
    // After the cue (and its adjuncts) the clause must end.
    if (!this.clauseEndsAt(k, u)) return null;
    // The subject: the speaker's mention when it stands before the cue in this clause.
    const sp = this.tokAt(speaker.start);
    const subjStart = sp >= boundary && sp < c.from ? sp : c.from;
    let comma = -1;
    for (let j = subjStart - 1; j >= boundary; j--) {
      if (!this.narrative(j)) break;
      const w = this.lower[j]!;
      if (w === ',') {
        comma = j;
        break;
      }
      if (RELATIVE.has(w) || this.T[j]!.pos === 'VERB') return null;
      if (subjStart - j > 10) return null;
    }
    if (comma < 0) return null;
    // "…, the head of the regional administration, Serhiy Lysak, said": step over an apposition.
    if (sp < c.from && this.lower[sp - 1] === ',') {
      for (let j = comma - 1; j >= boundary && comma - j <= 10; j--) {
        const w = this.lower[j]!;
        if (!this.narrative(j) || this.T[j]!.pos === 'VERB' || this.T[j]!.pos === 'AUX') break;
        if (w === ',') {
          if (['the', 'a', 'an'].includes(this.lower[j + 1] ?? '')) comma = j;
          break;
        }
      }
    }
    // Nothing but the subject between the comma and the verb.
    for (let j = comma + 1; j < c.from; j++) {
      const w = this.lower[j]!;
      if (RELATIVE.has(w) || (this.T[j]!.pos === 'VERB' && !this.inMention(j))) return null;
    }
    const a = boundary;
    if (comma - a < 4 || !this.hasFiniteVerb(a, comma)) return null;
    return [a, comma];
  }

  according(u: Unit, c: Cue, boundary: number, last: Item | null): { item: Item; end: number } | null {
    // The phrase's object: up to the next comma or the clause end.
    let e = c.to;
    while (
      e < u.b &&
      this.narrative(e) &&
      !['.', ',', ';', '–', '—'].includes(this.lower[e]!) &&
      e - c.to < 14
    )
      e++;
    const who = this.firstMentionIn(c.to, e);
    // At the start of its clause: "According to X, <content>"; otherwise "<content>, according to X".
    let atStart = true;
    for (let j = boundary; j < c.from; j++) {
      if (this.narrative(j) && !this.isPunct(j) && this.T[j]!.pos !== 'ADV') atStart = false;
    }
    if (!atStart && last && last.unit === u) {
      if (who?.kind === 'outlet') last.medium ??= actorName(this.kb, who.key);
      return null;
    }
    if (!who) return null;
    if (atStart) {
      if (this.lower[e] !== ',') return null;
      const end = this.clauseEnd(e + 1, u);
      const item = this.makeItem(u, who, c, e + 1, end, null);
      return item ? { item, end } : null;
    }
    const item = this.makeItem(u, who, c, boundary, c.from, null);
    return item ? { item, end: c.from } : null;
  }

  /** Quotes split over paragraphs become one item with the speaker any part has. */
  mergeChains(): void {
    const drop = new Set<Item>();
    for (let q = 0; q < this.quotes.length; q++) {
      const s = this.quotes[q]!;
      if (s.prev >= 0 || s.next < 0) continue;
      const parts: number[] = [];
      for (let i = q; i >= 0; i = this.quotes[i]!.next) parts.push(i);
      const items = parts.map((i) => this.carried.get(i)).filter((x): x is Item => !!x);
      // Parts attributed on their own stay apart; a part without a cue joins the attributed one.
      if (items.length < 2 || items.filter((it) => it.cue).length > 1) continue;
      const withSpeaker =
        items.find((it) => it.speaker && it.cue) ?? items.find((it) => it.speaker) ?? items[0]!;
      const first = items[0]!;
      const lastIt = items.at(-1)!;
      const merged: Item = {
        ...withSpeaker,
        start: Math.min(first.start, lastIt.start),
        end: Math.max(first.end, lastIt.end),
        unit: { ...first.unit, end: lastIt.unit.end, b: lastIt.unit.b },
        quotes: parts,
      };
      for (const it of items) drop.add(it);
      this.items.push(merged);
    }
    if (drop.size) this.items.splice(0, this.items.length, ...this.items.filter((it) => !drop.has(it)));
  }

  run(): QuoteItem[] {
    let prevItems: Item[] = [];
    let prevParagraph = -1;
    for (const u of this.units()) {
      const before = this.items.length;
      // Only the same or the previous paragraph carries a speaker forward.
      if (u.paragraph > prevParagraph + 1) prevItems = [];
      this.unit(u, prevItems);
      const mine = this.items.slice(before);
      if (mine.length) prevItems = mine;
      else if (u.paragraph !== prevParagraph)
        prevItems = prevItems.filter((it) => it.unit.paragraph >= u.paragraph - 1);
      prevParagraph = u.paragraph;
    }
    this.mergeChains();
    const seen = new Set<string>();
    const out: QuoteItem[] = [];
    for (const it of this.items.sort((a, b) => a.start - b.start)) {
      const id = `${it.start}:${it.end}`;
      if (seen.has(id)) continue;
      seen.add(id);
      // Speech nobody can be named for is left out: the record is about who said what.
      if (!it.speakerKey) continue;
      out.push({
        speaker: it.speakerKey ? actorName(this.kb, it.speakerKey) : null,
        speakerKey: it.speakerKey,
        text: this.cleanText(it.start, it.end),
        kind: it.kind,
        cue: it.cue,
        medium: it.medium,
        date: null,
        span: [it.start, it.end],
        evidence: [it.unit.start, it.unit.end],
      });
    }
    return out;
  }

  /**
   * The content on one line, without the marks around it; quotation marks inside reported
   * speech stay, so the text is still the words of the span.
   */
  cleanText(start: number, end: number): string {
    let s = this.doc.text
      .slice(start, end)
      .replace(/\s+/g, ' ')
      .replace(/^[\s,;:–—-]+|[\s,;:–—-]+$/g, '');
    if (/^["“„«‘‚]/.test(s) && /["”“»’]$/.test(s) && s.length > 2) s = s.slice(1, -1).trim();
    return s;
  }
}

function wordCount(s: string): number {
  return s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Mentions not inside a longer one ("NATO" in "NATO chief" is not a separate speaker). */
function topLevel(mentions: Mention[]): Mention[] {
  const sorted = [...mentions].sort(
    (a, b) => a.start - b.start || b.end - a.end || (KIND_RANK[a.kind] ?? 9) - (KIND_RANK[b.kind] ?? 9),
  );
  const out: Mention[] = [];
  let maxEnd = -1;
  for (const m of sorted) {
    if (m.end <= maxEnd) continue;
    out.push(m);
    maxEnd = m.end;
  }
  return out.sort((a, b) => a.end - b.end || a.start - b.start);
}

/** Direct and indirect speech with speakers resolved through the mention and coreference layers. */
export function extractQuotes(doc: Doc, kb: KnowledgeBase, mentions: Mention[], _date: string): QuoteItem[] {
  return new Extractor(doc, kb, mentions).run();
}
