// Date expressions chrono does not read: years standing alone ('in 2014', 'mid-2023', '(1939-1945)'),
// weeks ('last week') and days of a conflict ('the war's 176th day', 'day 100 of the invasion').

import type { Token } from '../../nlp/doc.js';
import { formatDay, formatValue, fromDayNumber, weekStart } from './calendar.js';
import { escapeRe, modifierBefore } from './chrono.js';
import type { DateCand, SentenceCtx } from './context.js';
import type { Conflict, DateLexicon } from './lexicon.js';

const YEAR = /\b(?:19|20)\d\d\b/g;
// Words after which a bare four-digit number is a year.
const YEAR_PREPOSITIONS = new Set([
  'in',
  'since',
  'by',
  'until',
  'till',
  'before',
  'after',
  'during',
  'from',
  'through',
  'of',
  'circa',
  'for',
  'spring',
  'summer',
  'autumn',
  'fall',
  'winter',
]);

/** Years standing alone. Years inside a full date are chrono's (its candidates win overlaps). */
export function yearCandidates(ctx: SentenceCtx): DateCand[] {
  const out: DateCand[] = [];
  const text = ctx.text;
  YEAR.lastIndex = 0;
  for (let m = YEAR.exec(text); m; m = YEAR.exec(text)) {
    const s = ctx.start + m.index;
    const e = s + 4;
    const before = text.slice(0, m.index);
    const after = text.slice(m.index + 4);
    // Part of a larger number or amount: '$2000', '2,000', '2000.5', '2000%'.
    if (/[\d$€£.,]$/.test(before) || /^(?:[.,]\d|\s*%|\d)/.test(after)) continue;
    const range = /^\s*[-–—]\s*((?:19|20)?\d\d)\b(?![-–/.]\d)/.exec(after);
    const rangeEnd = /\b(?:19|20)\d\d\s*[-–—]\s*$/.test(before);
    const between =
      /\b(?:between|from)\s+$/i.test(before) &&
      /^\s+(?:and|to|until|till|through)\s+(?:19|20)\d\d\b/i.test(after);
    const betweenEnd = /\b(?:between|from)\s+(?:19|20)\d\d\s+(?:and|to|until|till|through)\s+$/i.test(before);
    // 'in 2014 and 2015', 'in 2014, 2015 and 2016': a list continues the year before it.
    const listed = /(?:19|20)\d\d(?:\s*,\s*|\s+(?:and|or)\s+|\s*,\s*(?:and|or)\s+)$/.exec(before);
    const continues = !!listed && out.some((o) => o.end === ctx.start + listed.index + 4);
    let start = s;
    let accepted = !!range || rangeEnd || between || betweenEnd || continues;
    if (!accepted) {
      const mod = modifierBefore(ctx.lex).exec(before);
      if (mod) start = s - mod[1]!.length;
      const rest = mod ? before.slice(0, before.length - mod[1]!.length) : before;
      const prev = /([\p{L}]+)\s*$/u.exec(rest)?.[1]?.toLowerCase();
      accepted = !!mod || (!!prev && YEAR_PREPOSITIONS.has(prev));
      // 'the 2014 annexation', 'Russia's 2022 invasion': a year before a singular noun. (Counts of
      // that size are written with a comma in news: 'the 2,000 troops'.)
      const next0 = ctx.tokenAfter(e);
      if (!accepted && next0 && /(?:\b(?:the|a|an|its|their|his|her)|['’]s)\s+$/i.test(rest)) {
        accepted = (next0.pos === 'NOUN' || next0.pos === 'ADJ') && !isPlural(next0);
      }
      if (prev && /^(?:spring|summer|autumn|fall|winter)$/.test(prev))
        start = s - (before.length - rest.search(/\S+\s*$/u));
      // 'in 2000 tanks', 'of 2014 troops': a count, not a year.
      const next = ctx.tokenAfter(e);
      if (accepted && !mod && next && next.start - e <= 1 && next.pos === 'NOUN' && isPlural(next))
        accepted = false;
    }
    if (!accepted) continue;
    const y = Number(m[0]);
    out.push({ start, end: e, value: formatValue(y, 1, 1, 'year'), precision: 'year', basis: 'absolute' });
    if (range?.[1]?.length === 2) {
      // '1939–45': the second year is written with two digits.
      const y2 = Math.floor(y / 100) * 100 + Number(range[1]);
      if (y2 > y) {
        const rs = e + range[0].length - 2;
        out.push({ start: rs, end: rs + 2, value: String(y2), precision: 'year', basis: 'absolute' });
      }
    }
  }
  return out;
}

function isPlural(t: Token): boolean {
  const lower = t.text.toLowerCase();
  return lower !== t.lemma.toLowerCase() && lower.endsWith('s');
}

const WEEK = /\b(?:(earlier|later)\s+)?(this|last|next|coming)\s+week\b/gi;

/** 'this week', 'last week', 'earlier this week': the month holding the week, with its day range. */
export function weekCandidates(ctx: SentenceCtx, pub: number | null): DateCand[] {
  if (pub === null) return [];
  const out: DateCand[] = [];
  WEEK.lastIndex = 0;
  for (let m = WEEK.exec(ctx.text); m; m = WEEK.exec(ctx.text)) {
    // 'over the last week' is a duration.
    if (/\bthe\s+$/i.test(ctx.text.slice(0, m.index))) continue;
    const which = m[2]!.toLowerCase();
    const offset = which === 'this' ? 0 : which === 'last' ? -1 : 1;
    const monday = weekStart(pub, offset);
    // The week belongs to the month holding most of its days (its Thursday), as ISO weeks do.
    const t = fromDayNumber(monday + 3);
    const start = ctx.start + m.index;
    out.push({
      start,
      end: start + m[0].length,
      value: formatValue(t.y, t.m, 1, 'month'),
      precision: 'month',
      basis: 'relative',
      range: [formatDay(monday), formatDay(monday + 6)],
    });
  }
  return out;
}

interface WarDayRes {
  ordinal: RegExp;
  possessive: RegExp;
  dayOf: RegExp;
  ordinalOf: RegExp;
  its: RegExp;
  noun: RegExp;
}

let warCache: { lex: DateLexicon; res: WarDayRes } | null = null;

function warRegexes(lex: DateLexicon): WarDayRes {
  if (warCache?.lex !== lex) {
    const words = [...lex.ordinals.keys()].sort((a, b) => b.length - a.length).map(escapeRe);
    const ord = `(\\d{1,3}(?:,\\d{3})+|\\d+)(?:st|nd|rd|th)${words.length ? `|(${words.join('|')})` : ''}`;
    const nouns = [...lex.conflictNouns].map(escapeRe).join('|');
    const between = `((?:[\\p{L}’'-]+\\s+){0,4}?)`;
    warCache = {
      lex,
      res: {
        ordinal: new RegExp(`^(?:${ord})$`, 'iu'),
        possessive: new RegExp(`\\b(?:the\\s+)?(${nouns})['’]s\\s+(?:${ord})\\s+day\\b`, 'giu'),
        dayOf: new RegExp(`\\bday\\s+(\\d{1,3}(?:,\\d{3})+|\\d+)\\s+of\\s+${between}(${nouns})\\b`, 'giu'),
        ordinalOf: new RegExp(`\\b(?:the\\s+)?(?:${ord})\\s+day\\s+of\\s+${between}(${nouns})\\b`, 'giu'),
        its: new RegExp(`\\b(?:its|their)\\s+(?:${ord})\\s+day\\b`, 'giu'),
        noun: new RegExp(`\\b(?:${nouns})\\b`, 'iu'),
      },
    };
  }
  return warCache.res;
}

function ordinalValue(lex: DateLexicon, digits: string | undefined, word: string | undefined): number | null {
  if (digits) return Number(digits.replace(/,/g, ''));
  if (word) return lex.ordinals.get(word.toLowerCase()) ?? null;
  return null;
}

/**
 * 'the war's 176th day', 'day 100 of the invasion', 'the 100th day of Russia's war', 'the war …
 * entered its 176th day': day N of the conflict named in the sentence, or else the one the article
 * is about. `articleConflict` is called only when such a phrase is found.
 */
export function warDayCandidates(
  ctx: SentenceCtx,
  pub: number | null,
  articleConflict: () => Conflict | null,
): DateCand[] {
  const lex = ctx.lex;
  // Every pattern has the word 'day'; most sentences do not.
  if (!lex.conflicts.length || !lex.conflictNouns.size || !/\bday\b/i.test(ctx.text)) return [];
  const res = warRegexes(lex);
  const found: { start: number; end: number; n: number }[] = [];
  const add = (m: RegExpExecArray, n: number | null) => {
    if (n !== null && n > 0)
      found.push({ start: ctx.start + m.index, end: ctx.start + m.index + m[0].length, n });
  };
  const scan = (re: RegExp, fn: (m: RegExpExecArray) => number | null) => {
    re.lastIndex = 0;
    for (let m = re.exec(ctx.text); m; m = re.exec(ctx.text)) add(m, fn(m));
  };
  scan(res.possessive, (m) => ordinalValue(lex, m[2], m[3]));
  scan(res.dayOf, (m) => Number(m[1]!.replace(/,/g, '')));
  scan(res.ordinalOf, (m) => ordinalValue(lex, m[1], m[2]));
  if (res.noun.test(ctx.text)) scan(res.its, (m) => ordinalValue(lex, m[1], m[2]));
  if (!found.length) return [];
  const conflict = sentenceConflict(ctx, lex) ?? articleConflict();
  if (!conflict) return [];
  const out: DateCand[] = [];
  for (const f of found) {
    const day = conflict.start + f.n - 1;
    // A day after publication is not a count of this conflict (or is hypothetical).
    if (pub !== null && day > pub + 1) continue;
    if (out.some((o) => o.start < f.end && f.start < o.end)) continue;
    out.push({
      start: f.start,
      end: f.end,
      value: formatDay(day),
      precision: 'day',
      basis: 'conflict',
      conflict: conflict.id,
    });
  }
  return out;
}

/** A conflict whose cue words occur in the sentence itself (the most cues wins; none on a tie). */
function sentenceConflict(ctx: SentenceCtx, lex: DateLexicon): Conflict | null {
  return bestConflict(lex, countCues(lex, ctx.text));
}

let cueCache: { lex: DateLexicon; res: (RegExp | null)[] } | null = null;

/** How many cue words of each conflict occur in `text` (one regex per conflict, compiled once). */
export function countCues(lex: DateLexicon, text: string): number[] {
  if (cueCache?.lex !== lex) {
    const res = lex.conflicts.map((c) =>
      c.cues.size ? new RegExp(`\\b(?:${[...c.cues].map(escapeRe).join('|')})\\b`, 'g') : null,
    );
    cueCache = { lex, res };
  }
  return cueCache.res.map((re) => (re ? (text.match(re)?.length ?? 0) : 0));
}

export function bestConflict(lex: DateLexicon, counts: number[]): Conflict | null {
  let best = -1;
  let tie = false;
  counts.forEach((n, i) => {
    if (n === 0) return;
    if (best < 0 || n > counts[best]!) {
      best = i;
      tie = false;
    } else if (n === counts[best]) tie = true;
  });
  return best >= 0 && !tie ? lex.conflicts[best]! : null;
}

const SHIFT =
  /\b(\d{1,2}|[A-Za-z]+)\s+(days?|weeks?)\s+(earlier|later|before|after)\b(?=\s*(?:[,.;:)—–]|$))/g;

/**
 * 'Two days earlier, a strike hit …', 'the talks resumed a week later.': a count of days or weeks
 * standing alone, counted from `anchor`, the last date precise to the day earlier in the article
 * (before `at`). Before an event ('two days before the vote') it is not a date of its own.
 */
export function anaphoricCandidates(ctx: SentenceCtx, anchor: (at: number) => number | null): DateCand[] {
  const out: DateCand[] = [];
  SHIFT.lastIndex = 0;
  for (let m = SHIFT.exec(ctx.text); m; m = SHIFT.exec(ctx.text)) {
    const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : ctx.lex.cardinals.get(m[1]!.toLowerCase());
    if (!n) continue;
    const start = ctx.start + m.index;
    const from = anchor(start);
    if (from === null) continue;
    const days = n * (m[2]!.toLowerCase().startsWith('week') ? 7 : 1);
    const back = /^(earlier|before)$/i.test(m[3]!);
    out.push({
      start,
      end: start + m[0].length,
      value: formatDay(from + (back ? -days : days)),
      precision: 'day',
      basis: 'relative',
    });
  }
  return out;
}
