// Quotation marks paired into spans, in one pass over the text. Handles English curly and
// straight double quotes, single quotes nested or on their own (told apart from apostrophes),
// guillemets (« » and the German » «), low-high German quotes („ “), quotes left open at the
// end of a paragraph, and quotes that go on in the next paragraph (re-opened, never closed).
import type { Doc } from '../../nlp/doc.js';

export interface QuoteSpan {
  /** Offset of the opening mark. */
  open: number;
  /** Offset of the closing mark, or the paragraph end when the quote was left open. */
  close: number;
  /** Content: [start, end) between the marks, trimmed of spaces. */
  start: number;
  end: number;
  /** 0 for a top-level quote, 1 inside another quote. */
  depth: number;
  /** False when the paragraph ended before a closing mark. */
  closed: boolean;
  /** Index of the quote that continues this one in the next paragraph, or -1. */
  next: number;
  /** Index of the quote this one continues, or -1. */
  prev: number;
}

type Family = 'double' | 'single' | 'guillemet';

interface Open {
  family: Family;
  mark: string;
  at: number;
}

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isLetter = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
// Characters after which a mark opens a quote rather than closes one.
const OPENING_CONTEXT = /[\s([{\u2014\u2013\-/:;,]/;
const opensHere = (prev: string | undefined) => prev === undefined || OPENING_CONTEXT.test(prev);
// After a closing mark comes a space, punctuation or the end of the line.
const closesHere = (next: string | undefined) =>
  next === undefined || /[\s.,;:!?)\]\u2014\u2013-]/.test(next);

const MARKS = /["“”„«»‘’‚]/g;
const cache = new WeakMap<Doc, QuoteSpan[]>();

/** Quote spans of a Doc, in text order (cached per Doc: coreference and quotes both read them). */
export function quoteSpans(doc: Doc): QuoteSpan[] {
  let spans = cache.get(doc);
  if (!spans) {
    spans = findQuoteSpans(doc.text, doc.layers.paragraphs);
    cache.set(doc, spans);
  }
  return spans;
}

/** Pair quotation marks paragraph by paragraph. */
export function findQuoteSpans(text: string, paragraphs: { start: number; end: number }[]): QuoteSpan[] {
  const out: QuoteSpan[] = [];
  // A top-level quote left open at the end of the previous paragraph, and paragraph links.
  let carried: QuoteSpan | null = null;
  const links = new Map<QuoteSpan, QuoteSpan>();
  for (const p of paragraphs) {
    const stack: Open[] = [];
    const firstIndex = out.length;
    const push = (o: Open, close: number, closed: boolean) => {
      let start = o.at + 1;
      let end = close;
      while (start < end && isSpace(text[start])) start++;
      while (end > start && isSpace(text[end - 1])) end--;
      out.push({ open: o.at, close, start, end, depth: stack.length, closed, next: -1, prev: -1 });
    };
    const top = () => stack.at(-1);
    const closeTop = (at: number) => {
      const o = stack.pop()!;
      push(o, at, true);
    };
    // Close everything down to and including the innermost quote of `family`.
    const closeFamily = (family: Family, at: number) => {
      while (stack.length && top()!.family !== family) {
        const o = stack.pop()!;
        push(o, at, false);
      }
      if (stack.length) closeTop(at);
    };
    const has = (family: Family) => stack.some((o) => o.family === family);
    // One regex scan finds the marks; everything else is skipped at native speed.
    MARKS.lastIndex = p.start;
    for (let m = MARKS.exec(text); m && m.index < p.end; m = MARKS.exec(text)) {
      const i = m.index;
      const c = m[0];
      const prev = i > p.start ? text[i - 1] : undefined;
      const next = i + 1 < p.end ? text[i + 1] : undefined;
      switch (c) {
        case '„':
          stack.push({ family: 'double', mark: c, at: i });
          break;
        case '“':
          // „…“ closes with “; a “ right before punctuation closes a quote opened in error.
          if (has('double') && (top()!.mark === '„' || closesHere(next))) closeFamily('double', i);
          else stack.push({ family: 'double', mark: c, at: i });
          break;
        case '”':
          if (has('double')) closeFamily('double', i);
          else if (opensHere(prev) && isLetter(next)) stack.push({ family: 'double', mark: c, at: i });
          break;
        case '"':
          if (has('double') && (!opensHere(prev) || closesHere(next))) closeFamily('double', i);
          else if (opensHere(prev) && !isSpace(next)) stack.push({ family: 'double', mark: c, at: i });
          break;
        case '«':
          if (has('guillemet') && top()!.mark === '»') closeFamily('guillemet', i);
          else stack.push({ family: 'guillemet', mark: c, at: i });
          break;
        case '»':
          if (has('guillemet')) closeFamily('guillemet', i);
          else if (isLetter(next)) stack.push({ family: 'guillemet', mark: c, at: i });
          break;
        case '‘':
        case '‚':
          if (opensHere(prev) && !isSpace(next)) stack.push({ family: 'single', mark: c, at: i });
          break;
        case '’':
          // Between letters it is an apostrophe ("Russia’s", "don’t").
          if (has('single') && !(isLetter(prev) && isLetter(next)) && closesHere(next))
            closeFamily('single', i);
          break;
      }
    }
    // Quotes still open at the paragraph end close there, innermost first.
    let end = p.end;
    while (end > p.start && isSpace(text[end - 1])) end--;
    while (stack.length) {
      const o = stack.pop()!;
      push(o, end, false);
    }
    // A quote left open that the next paragraph re-opens continues there.
    const mine = out.slice(firstIndex).filter((q) => q.depth === 0);
    mine.sort((a, b) => a.open - b.open);
    const first = mine[0];
    if (carried && first && first.open === firstNonSpace(text, p.start) && text[first.open] !== '‘') {
      links.set(carried, first);
    }
    const last = mine.at(-1);
    carried = last && !last.closed && text[last.open] !== '‘' ? last : null;
  }
  out.sort((a, b) => a.open - b.open || a.depth - b.depth);
  const index = new Map(out.map((q, i) => [q, i]));
  for (const [a, b] of links) {
    a.next = index.get(b)!;
    b.prev = index.get(a)!;
  }
  return out;
}

function firstNonSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text[i])) i++;
  return i;
}
