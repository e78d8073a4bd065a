import model from 'wink-eng-lite-web-model';
import winkNLP, { type ItsFunction, type WinkMethods } from 'wink-nlp';
import type { Doc, DocMeta, Paragraph, Sentence, Token } from './doc.js';

let nlp: WinkMethods | null = null;
function wink(): WinkMethods {
  nlp ??= winkNLP(model);
  return nlp;
}

/** Paragraphs are the text's non-empty lines; cleaning has already put one paragraph per line. */
export function paragraphs(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    const end = start + line.length;
    const lead = line.length - line.trimStart().length;
    const trail = line.length - line.trimEnd().length;
    if (end - trail > start + lead) {
      out.push({ start: start + lead, end: end - trail, heading: isHeadingLine(line.trim()) });
    }
    start = end + 1;
  }
  return out;
}

/** A short line with no closing punctuation reads as a heading, not as a sentence of prose. */
export function isHeadingLine(line: string): boolean {
  const words = line.split(/\s+/).length;
  return words <= 14 && !/[.!?:;,"”’»)\]]$/.test(line);
}

/**
 * Sentences and tokens from wink-nlp, run paragraph by paragraph (wink would otherwise join
 * a heading to the next line). Offsets are recovered from wink's lossless token stream.
 */
export function annotate(meta: DocMeta, text: string): Doc {
  const its = wink().its;
  const paras = paragraphs(text);
  const sentences: Sentence[] = [];
  const tokens: Token[] = [];
  paras.forEach((p, pi) => {
    const wd = wink().readDoc(text.slice(p.start, p.end));
    // Bulk array reads: one call per attribute is far cheaper than per-token accessors.
    const all = wd.tokens();
    const values = all.out(its.value) as string[];
    const pre = all.out(its.precedingSpaces) as string[];
    const pos = all.out(its.pos) as string[];
    const lemma = all.out(its.lemma as ItsFunction<string>) as string[];
    const kind = all.out(its.type) as string[];
    const spans = wd.sentences().out(its.span) as unknown as [number, number][];
    const base = tokens.length;
    let cursor = p.start;
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!;
      const guess = cursor + pre[i]!.length;
      // wink keeps token text verbatim; indexOf guards against any spacing it normalised.
      const at = text.startsWith(value, guess) ? guess : text.indexOf(value, cursor);
      const start = at >= 0 ? at : guess;
      cursor = start + value.length;
      tokens.push({
        start,
        end: cursor,
        text: value,
        pos: pos[i]!,
        lemma: lemma[i]!,
        kind: kind[i]!,
        sentence: -1,
      });
    }
    for (const [a, b] of spans) {
      const index = sentences.length;
      for (let t = base + a; t <= base + b; t++) tokens[t]!.sentence = index;
      sentences.push({ start: tokens[base + a]!.start, end: tokens[base + b]!.end, index, paragraph: pi });
    }
  });
  return { meta, text, layers: { paragraphs: paras, sentences, tokens } };
}

/** Bare wink tokenisation, the speed floor the benchmark compares the pipeline against. */
export function tokenCount(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) {
    if (line.trim()) n += wink().readDoc(line).tokens().length();
  }
  return n;
}
