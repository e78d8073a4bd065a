import type { Doc, Sentence, Token } from '../../nlp/doc.js';
import type { Lean, Precision } from './calendar.js';
import type { DateLexicon } from './lexicon.js';
import { leanAt, verbGroups } from './tense.js';

/** A date found in a sentence, before overlaps between finders are settled. */
export interface DateCand {
  start: number;
  end: number;
  value: string;
  precision: Precision;
  /** absolute: written in full; relative: computed from the publication date; conflict: from a conflict's start. */
  basis: 'absolute' | 'relative' | 'conflict';
  conflict?: string;
  /** First and last day of a week expression ('last week'), whose value is the month holding it. */
  range?: [string, string];
}

/** One sentence under analysis: its text, tokens and (lazily) verb groups. */
export class SentenceCtx {
  readonly text: string;
  readonly start: number;
  /** Token index range [lo, hi) of the sentence. */
  readonly lo: number;
  readonly hi: number;
  private groups: ReturnType<typeof verbGroups> | null = null;

  constructor(
    readonly doc: Doc,
    s: Sentence,
    readonly lex: DateLexicon,
  ) {
    this.start = s.start;
    this.text = doc.text.slice(s.start, s.end);
    const tokens = doc.layers.tokens;
    this.lo = firstTokenAt(tokens, s.start);
    let hi = this.lo;
    while (hi < tokens.length && tokens[hi]!.start < s.end) hi++;
    this.hi = hi;
  }

  get tokens(): Token[] {
    return this.doc.layers.tokens;
  }

  /** Text of the sentence before doc offset `at`. */
  before(at: number): string {
    return this.doc.text.slice(this.start, at);
  }

  /** Text of the sentence from doc offset `at`. */
  after(at: number): string {
    return this.doc.text.slice(at, this.start + this.text.length);
  }

  /** Token index range [a, b) covering doc offsets [start, end). */
  tokenRange(start: number, end: number): [number, number] {
    let a = this.lo;
    while (a < this.hi && this.tokens[a]!.end <= start) a++;
    let b = a;
    while (b < this.hi && this.tokens[b]!.start < end) b++;
    return [a, b];
  }

  /** The first token starting at or after doc offset `at`, if it is in this sentence. */
  tokenAfter(at: number): Token | undefined {
    for (let i = this.lo; i < this.hi; i++) if (this.tokens[i]!.start >= at) return this.tokens[i];
    return undefined;
  }

  /** Past, future or neutral lean of the verb nearest to doc offsets [start, end). */
  lean(start: number, end: number): Lean {
    this.groups ??= verbGroups(this.tokens, this.lo, this.hi, this.lex);
    const [a, b] = this.tokenRange(start, end);
    // "the barrage of October 1", "the October 1 attack": a date naming a noun's event takes no
    // tense from the clause around it ("… will be met with a response over the barrage of October 1");
    // such a named event is past unless a future cue precedes it ("the upcoming October 30 summit").
    if (this.nounDate(a, b))
      return this.groups.some((g) => g.lean === 'future' && g.last === a - 1) ? 'future' : 'past';
    return leanAt(this.tokens, this.groups, a, b);
  }

  private nounDate(a: number, b: number): boolean {
    const t = this.tokens;
    const noun = (i: number) => i >= this.lo && i < this.hi && t[i]!.pos === 'NOUN';
    if (a - 1 >= this.lo && t[a - 1]!.text.toLowerCase() === 'of' && noun(a - 2)) return true;
    const before = a - 1 >= this.lo ? t[a - 1]!.text.toLowerCase() : '';
    return (before === 'the' || before === "'s" || before === '’s') && noun(b);
  }
}

/** Index of the first token that ends after `offset` (binary search: tokens are sorted). */
export function firstTokenAt(tokens: Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
