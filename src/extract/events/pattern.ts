// Token patterns of the event, modality and quote-cue lexicons (see their `pattern_syntax`):
// words separated by spaces, `*` a gap of 0–3 tokens, `(a|b c)` alternatives, `<outlet>` a slot
// for a named actor. Patterns are matched against a sentence's normalised tokens.

export type El =
  | { k: 'tok'; set: Set<string> }
  | { k: 'gap' }
  | { k: 'slot' }
  | {
      k: 'alt';
      seqs: El[][];
      /** Alternatives by the token they start with, so a token tries only those that can match. */
      byFirst: Map<string, El[][]>;
      /** Alternatives that can start with any token (a gap, a slot, an empty one). */
      open: El[][];
    };

/** What a pattern sees of a token: its normalised text, and whether it may sit inside a gap. */
export interface PatTok {
  norm: string;
  /** Punctuation never fills a gap: a gap must not run across a clause. */
  punct: boolean;
}

/** What a slot accepts at token `i`: the end of an actor name starting there, or -1. */
export type SlotFn = (i: number) => number;

const CONTRACTED: Record<string, string> = { wo: 'will', ca: 'can', sha: 'shall' };

/** One written word → the normalised tokens wink makes of it ("won't" → will not, "Kiev's" → kiev 's). */
export function wordTokens(word: string): string[] {
  const w = word.toLowerCase().replace(/[’‘]/g, "'");
  if (w.endsWith("n't") && w.length > 3) {
    const base = w.slice(0, -3);
    return [CONTRACTED[base] ?? base, 'not'];
  }
  if (w.endsWith("'s") && w.length > 2) return [w.slice(0, -2), "'s"];
  return [w];
}

/** Split at top-level spaces, keeping parenthesised alternatives whole. */
function topLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ' ' && depth === 0) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

/** Compile a pattern; `inflect` gives other forms of head words ("threaten" → threatens, …). */
export function compilePattern(src: string, inflect: Record<string, string[]> = {}): El[] {
  const seq: El[] = [];
  for (const part of topLevel(src.trim())) {
    if (part === '*') seq.push({ k: 'gap' });
    else if (/^<[a-z-]+>$/.test(part)) seq.push({ k: 'slot' });
    else if (part.startsWith('(') && part.endsWith(')')) {
      const seqs = part
        .slice(1, -1)
        .split('|')
        .map((alt) => compilePattern(alt, inflect));
      const byFirst = new Map<string, El[][]>();
      const open: El[][] = [];
      for (const alt of seqs) {
        const first = firstTokens(alt);
        if (!first) open.push(alt);
        else for (const t of first) byFirst.set(t, [...(byFirst.get(t) ?? []), alt]);
      }
      seq.push({ k: 'alt', seqs, byFirst, open });
    } else {
      for (const t of wordTokens(part)) {
        const set = new Set([t]);
        for (const f of inflect[t] ?? []) for (const x of wordTokens(f)) set.add(x);
        seq.push({ k: 'tok', set });
      }
    }
  }
  return seq;
}

/** A literal form ("red lines", "build-up") as a one-alternative pattern. */
export function formSeq(form: string): El[] {
  return form
    .split(/\s+/)
    .filter(Boolean)
    .flatMap(wordTokens)
    .map((t) => ({ k: 'tok', set: new Set([t]) }) as El);
}

/** Tokens a match can start with; null when the pattern can start anywhere. */
export function firstTokens(seq: El[]): Set<string> | null {
  const el = seq[0];
  if (!el) return null;
  if (el.k === 'tok') return el.set;
  if (el.k === 'alt') {
    const out = new Set<string>();
    for (const s of el.seqs) {
      const f = firstTokens(s);
      if (!f) return null;
      for (const t of f) out.add(t);
    }
    return out;
  }
  return null;
}

/**
 * Longest match of `seq` at token `i`: the index one past the last matched token, or -1.
 * Backtracking over gaps and alternatives; patterns are short, so this stays cheap.
 */
export function matchAt(seq: El[], toks: PatTok[], i: number, slot?: SlotFn): number {
  return go(seq, 0, toks, i, slot ?? (() => -1));
}

function go(seq: El[], k: number, toks: PatTok[], i: number, slot: SlotFn): number {
  if (k === seq.length) return i;
  const el = seq[k]!;
  switch (el.k) {
    case 'tok': {
      const t = toks[i];
      if (!t || !el.set.has(t.norm)) return -1;
      return go(seq, k + 1, toks, i + 1, slot);
    }
    case 'gap': {
      let best = -1;
      for (let g = 0; g <= 3; g++) {
        if (g > 0 && (!toks[i + g - 1] || toks[i + g - 1]!.punct)) break;
        const r = go(seq, k + 1, toks, i + g, slot);
        if (r > best) best = r;
      }
      return best;
    }
    case 'slot': {
      const e = slot(i);
      return e > i ? go(seq, k + 1, toks, e, slot) : -1;
    }
    case 'alt': {
      let best = -1;
      const t = toks[i];
      const cands = t ? el.byFirst.get(t.norm) : undefined;
      for (const list of [cands, el.open]) {
        if (!list) continue;
        for (const s of list) {
          const mid = go(s, 0, toks, i, slot);
          if (mid < 0) continue;
          const r = go(seq, k + 1, toks, mid, slot);
          if (r > best) best = r;
        }
      }
      return best;
    }
  }
}
