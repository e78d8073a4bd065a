import { type Doc, sentenceAt } from '../nlp/doc.js';
import { parseDay } from './dates/calendar.js';
import { chronoCandidates } from './dates/chrono.js';
import { type DateCand, SentenceCtx } from './dates/context.js';
import { type Conflict, dateLexicon } from './dates/lexicon.js';
import {
  anaphoricCandidates,
  bestConflict,
  countCues,
  warDayCandidates,
  weekCandidates,
  yearCandidates,
} from './dates/patterns.js';
import type { DateItem } from './record.js';

// Words without which a sentence holds no date expression: one pass over the text picks the
// sentences worth reading. Group 1 needs chrono; group 2 (years, 'day', 'week') only the cheap
// pattern finders.
const TRIGGER = new RegExp(
  `(${[
    '\\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\\b',
    '\\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\\b\\.?',
    '\\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\\b',
    '\\b(?:[Tt]oday|[Tt]onight|[Tt]omorrow|[Yy]esterday|ago|[Ll]ast\\s+night)\\b',
    '\\b(?:[Tt]his|[Ll]ast|[Nn]ext|[Pp]ast)\\s+(?:month|year|quarter)\\b',
    '\\b\\d{1,4}[/-]\\d{1,2}\\b',
  ].join('|')})|${['\\b(?:19|20)\\d\\d\\b', '\\b(?:[Dd]ay|DAY|[Ww]eek)s?\\b'].join('|')}`,
  'g',
);

/** Every date expression in the Doc, normalised against the publication date. */
export function extractDates(doc: Doc): DateItem[] {
  const lex = dateLexicon();
  // Weekdays and 'yesterday' need the day of publication; a month or year alone is not enough.
  const precise = !doc.meta.publishedPrecision || doc.meta.publishedPrecision === 'day';
  const pub = precise ? parseDay(doc.meta.published) : null;
  let conflict: Conflict | null | undefined;
  const articleConflict = () => {
    conflict ??= bestConflict(lex, countCues(lex, doc.text));
    return conflict;
  };
  const items: DateItem[] = [];
  // 'two days earlier' counts from the last day-precise date before it.
  const anchor = (at: number): number | null => {
    for (let i = items.length - 1; i >= 0; i--) {
      const d = items[i]!;
      if (d.span[1] <= at && d.precision === 'day') return parseDay(d.value);
    }
    return null;
  };
  for (const { index, chrono } of triggeredSentences(doc)) {
    const ctx = new SentenceCtx(doc, doc.layers.sentences[index]!, lex);
    const found = sentenceDates(ctx, pub, articleConflict, chrono);
    for (const c of found) items.push(toItem(doc, c));
    const shifted = anaphoricCandidates(ctx, anchor).filter(
      (c) => !found.some((a) => a.start < c.end && c.start < a.end),
    );
    if (shifted.length) {
      items.push(...shifted.map((c) => toItem(doc, c)));
      items.sort((a, b) => a.span[0] - b.span[0]);
    }
  }
  return items;
}

/** The sentences holding a trigger word, in order, and whether chrono needs to read them. */
function triggeredSentences(doc: Doc): { index: number; chrono: boolean }[] {
  const out: { index: number; chrono: boolean }[] = [];
  TRIGGER.lastIndex = 0;
  for (let m = TRIGGER.exec(doc.text); m; m = TRIGGER.exec(doc.text)) {
    const si = sentenceAt(doc, m.index);
    if (si < 0) continue;
    let last = out[out.length - 1];
    if (last?.index !== si) {
      last = { index: si, chrono: false };
      out.push(last);
    }
    if (m[1] !== undefined) {
      last.chrono = true;
      // The rest of the sentence will be read whole.
      TRIGGER.lastIndex = Math.max(TRIGGER.lastIndex, doc.layers.sentences[si]!.end);
    }
  }
  return out;
}

/** The dates of one sentence: chrono's first, then the pattern finders where they do not overlap. */
export function sentenceDates(
  ctx: SentenceCtx,
  pub: number | null,
  articleConflict: () => Conflict | null,
  chrono = true,
): DateCand[] {
  const accepted: DateCand[] = [];
  const add = (c: DateCand) => {
    if (!accepted.some((a) => a.start < c.end && c.start < a.end)) accepted.push(c);
  };
  if (chrono) for (const c of chronoCandidates(ctx, pub)) add(c);
  for (const c of weekCandidates(ctx, pub)) add(c);
  for (const c of yearCandidates(ctx)) add(c);
  const war = warDayCandidates(ctx, pub, articleConflict);
  // 'which today entered its 176th day': the sentence already dates itself; the count repeats it.
  const dated = accepted.some((a) => a.precision === 'day');
  if (!dated) for (const c of war) add(c);
  return accepted.sort((a, b) => a.start - b.start);
}

function toItem(doc: Doc, c: DateCand): DateItem {
  const item: DateItem = {
    text: doc.text.slice(c.start, c.end),
    value: c.value,
    span: [c.start, c.end],
    precision: c.precision,
    basis: c.basis,
  };
  if (c.conflict) item.conflict = c.conflict;
  if (c.range) item.range = c.range;
  return item;
}
