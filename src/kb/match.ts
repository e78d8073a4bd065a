// Token-sequence trie for knowledge-base names. Keys and text are cut into the same simple
// tokens (letter/digit runs and single punctuation marks), so a match never depends on how
// another tokenizer splits "Kh-47M2" or "U.S."; hyphens are skipped on both sides so that
// "Secretary-General" and "Secretary General" are one key.

export interface MatchToken {
  /** Folded form: lower case, no diacritics, typographic apostrophes made plain. */
  norm: string;
  surface: string;
  start: number;
  end: number;
}

const TOKEN = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;
const SKIP = new Set(['-', '‐', '‑', '–', '—']);
const NON_ASCII = /[^\u0020-\u007e\s]/;

export function fold(s: string): string {
  let t = s.toLowerCase();
  if (NON_ASCII.test(t)) {
    t = t
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[’‘`ʼ]/g, "'")
      .replace(/ı/g, 'i');
  }
  return t;
}

export function matchTokens(text: string, offset = 0): MatchToken[] {
  const out: MatchToken[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const surface = m[0];
    if (SKIP.has(surface)) continue;
    const start = offset + m.index;
    out.push({ norm: fold(surface), surface, start, end: start + surface.length });
  }
  return out;
}

/** How strictly the surface must match the key's case, token by token. */
enum Case {
  Any = 0,
  Capital = 1,
  Exact = 2,
}

interface Terminal<T> {
  value: T;
  cases: Case[];
  surfaces: string[];
}

interface Node<T> {
  next: Map<string, Node<T>> | null;
  terms: Terminal<T>[] | null;
}

export interface TrieMatch<T> {
  start: number;
  end: number;
  /** Index of the first and one past the last matched token. */
  from: number;
  to: number;
  values: T[];
  /** The last token matched only after dropping a plural "s". */
  plural: boolean;
}

export interface AddOptions {
  /** Every letter must match in case (acronyms: "US" is not "us"). */
  exact?: boolean;
}

/** Case kept, accents dropped: the comparison for case-sensitive forms. */
function stripMarks(s: string): string {
  return NON_ASCII.test(s) ? s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : s;
}

const isUpper = (c: string) => c !== c.toLowerCase() && c === c.toUpperCase();

/** An all-capitals form of two or more letters is an acronym and matches case-sensitively. */
export function looksLikeAcronym(form: string): boolean {
  const letters = form.replace(/[^\p{L}]/gu, '');
  return (
    letters.length >= 2 && letters.length <= 8 && letters === letters.toUpperCase() && /\p{Lu}/u.test(letters)
  );
}

export class Trie<T> {
  private root: Node<T> = { next: null, terms: null };
  size = 0;
  maxDepth = 0;

  add(form: string, value: T, opts: AddOptions = {}): void {
    const toks = matchTokens(form.trim());
    if (!toks.length) return;
    let node = this.root;
    for (const t of toks) {
      node.next ??= new Map();
      let child = node.next.get(t.norm);
      if (!child) {
        child = { next: null, terms: null };
        node.next.set(t.norm, child);
      }
      node = child;
    }
    const exact = opts.exact ?? looksLikeAcronym(form);
    const cases = toks.map((t) => (exact ? Case.Exact : isUpper(t.surface[0]!) ? Case.Capital : Case.Any));
    node.terms ??= [];
    if (node.terms.some((x) => x.value === value && x.cases.join() === cases.join())) return;
    node.terms.push({ value, cases, surfaces: toks.map((t) => stripMarks(t.surface)) });
    this.size++;
    this.maxDepth = Math.max(this.maxDepth, toks.length);
  }

  /** Values whose case rule accepts these surface tokens. */
  private accept(terms: Terminal<T>[] | null, toks: MatchToken[], from: number, plural: boolean): T[] {
    if (!terms) return [];
    const out: T[] = [];
    for (const term of terms) {
      let ok = true;
      for (let k = 0; k < term.cases.length && ok; k++) {
        const c = term.cases[k]!;
        if (c === Case.Any) continue;
        let s = toks[from + k]!.surface;
        if (plural && k === term.cases.length - 1) s = s.slice(0, -1);
        if (c === Case.Capital) ok = isUpper(s[0]!) || /\p{N}/u.test(s[0]!);
        else ok = stripMarks(s) === term.surfaces[k];
      }
      if (ok) out.push(term.value);
    }
    return out;
  }

  /** The longest entry starting at token `i`, or null. */
  longestAt(toks: MatchToken[], i: number, allowPlural = true): TrieMatch<T> | null {
    let node: Node<T> | undefined = this.root;
    let best: TrieMatch<T> | null = null;
    for (let j = i; j < toks.length && node?.next; j++) {
      const t = toks[j]!;
      const child: Node<T> | undefined = node.next.get(t.norm);
      if (allowPlural && t.norm.length > 3 && t.norm.endsWith('s')) {
        // "F-16s", "Storm Shadows": the singular key, as the last token only.
        const sing = node.next.get(t.norm.slice(0, -1));
        const values = sing ? this.accept(sing.terms, toks, i, true) : [];
        if (values.length && (!best || j + 1 > best.to)) {
          best = { start: toks[i]!.start, end: t.end, from: i, to: j + 1, values, plural: true };
        }
      }
      if (!child) break;
      node = child;
      const values = this.accept(node.terms, toks, i, false);
      if (values.length)
        best = { start: toks[i]!.start, end: t.end, from: i, to: j + 1, values, plural: false };
    }
    return best;
  }

  /** Leftmost-longest, non-overlapping matches over a token list. */
  scan(toks: MatchToken[], allowPlural = true): TrieMatch<T>[] {
    const out: TrieMatch<T>[] = [];
    let i = 0;
    while (i < toks.length) {
      const m = this.longestAt(toks, i, allowPlural);
      if (m) {
        out.push(m);
        i = m.to;
      } else i++;
    }
    return out;
  }
}
