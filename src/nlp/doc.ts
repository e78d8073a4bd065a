// The Doc model: cleaned text plus stand-off layers. Every layer item carries [start, end)
// offsets (UTF-16 code units) into `text`; nothing mutates `text` after cleaning.

export interface Span {
  start: number;
  end: number;
}

export interface Paragraph extends Span {
  /** A short heading line (sub-heading, standfirst-less title) rather than body prose. */
  heading: boolean;
}

export interface Sentence extends Span {
  index: number;
  paragraph: number;
}

export interface Token extends Span {
  /** Verbatim text of the token (`text.slice(start, end)`). */
  text: string;
  /** Universal POS tag from wink-nlp (PROPN, NOUN, VERB, …). */
  pos: string;
  lemma: string;
  /** wink token type: word, number, punctuation, currency, email, url, … */
  kind: string;
  sentence: number;
}

export type DatePrecision = 'day' | 'month' | 'year';

export interface DocMeta {
  id: string;
  title: string | null;
  url: string | null;
  published: string | null;
  publishedPrecision: DatePrecision | null;
  source: string | null;
  language: string | null;
}

/** Layers every annotated Doc has; extraction stages add their own optional layers. */
export interface Layers {
  paragraphs: Paragraph[];
  sentences: Sentence[];
  tokens: Token[];
}

export interface Doc {
  meta: DocMeta;
  text: string;
  layers: Layers;
}

export function spanText(doc: Pick<Doc, 'text'>, span: Span): string {
  return doc.text.slice(span.start, span.end);
}

/** Index of the sentence containing `offset`, or -1. Binary search: sentences are sorted. */
export function sentenceAt(doc: Doc, offset: number): number {
  const s = doc.layers.sentences;
  let lo = 0;
  let hi = s.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = s[mid]!;
    if (offset < m.start) hi = mid - 1;
    else if (offset >= m.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}
