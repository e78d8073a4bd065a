// chrono-node finds the date expressions; this layer decides what they mean in news: which
// Tuesday, which September, whether 'a year before' or 'now' is a date of the story at all.

import * as chrono from 'chrono-node';
import {
  type Direction,
  dayNumber,
  formatDay,
  formatValue,
  fromDayNumber,
  type Lean,
  type Precision,
  resolveWeekday,
  resolveYear,
} from './calendar.js';
import type { DateCand, SentenceCtx } from './context.js';
import type { DateLexicon } from './lexicon.js';

// Parsers whose matches are times of day, durations or dates relative to another event
// ('within 10 days', 'at 10', 'two days later'), not dates of the story.
const DROPPED_PARSERS = new Set([
  'ENTimeUnitWithinFormatParser',
  'ENTimeExpressionParser',
  'ENTimeUnitLaterFormatParser',
  'ENCasualTimeParser',
  'ENTimeUnitCasualRelativeFormatParser',
  'ENEndOfCurrentMonthParser',
]);

// The 'N days ago' parser costs more than all the others together: it gets its own instance,
// used only for sentences with 'ago' in them.
const instances = new Map<boolean, chrono.Chrono>();

function newsChrono(withAgo: boolean): chrono.Chrono {
  let c = instances.get(withAgo);
  if (!c) {
    const conf = chrono.en.configuration.createCasualConfiguration(false);
    conf.parsers = conf.parsers.filter(
      (p) =>
        !DROPPED_PARSERS.has(p.constructor.name) &&
        (withAgo || p.constructor.name !== 'ENTimeUnitAgoFormatParser'),
    );
    // Its only rule for months drops 'May' unless after 'in'; monthAllowed() below is more precise.
    conf.refiners = conf.refiners.filter((r) => r.constructor.name !== 'ENUnlikelyFormatFilter');
    c = new chrono.Chrono(conf);
    instances.set(withAgo, c);
  }
  return c;
}

const MONTH_WORD = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?/i;
const WEEKDAY_WORD = /\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?/i;
const WEEKDAY_MOD = /^(?:on\s+)?(this\s+past|this\s+coming|last|past|previous|this|next|coming)\s+/i;
const RANGE_JOIN = /\s*(?:[-–—]|\bto\b|\buntil\b|\btill\b|\bthrough\b)\s*/i;
const COORD_GAP = /^\s*(?:,|and|or|to|through|until|[-–—])\s*$/i;
// Anchored to another event, not to the publication date.
const RELATIVE_WORD = /\b(?:this|last|next|past|ago|today|tonight|tomorrow|yesterday)\b/i;
const PERIOD_PART = /^(?:the\s+)?(?:end|beginning|start|middle)\s+of\b/i;
const EVENT_RELATIVE = /\b(?:before|earlier|later|after)$/i;

export interface ChronoState {
  /** The last weekday found in the sentence, so 'this Wednesday and Thursday' shares its modifier. */
  lastWeekday: { end: number; mod: string; lean: Lean } | null;
}

/** Date candidates chrono finds in one sentence. `pub` is the publication day number or null. */
export function chronoCandidates(ctx: SentenceCtx, pub: number | null): DateCand[] {
  const lex = ctx.lex;
  const ref = pub === null ? new Date(2000, 0, 1, 12) : refDate(pub);
  const results = newsChrono(/\bago\b/i.test(ctx.text)).parse(ctx.text, ref);
  const out: DateCand[] = [];
  const state: ChronoState = { lastWeekday: null };
  const ignored = ignoredSpans(ctx, lex);
  for (const r of results) {
    const start = ctx.start + r.index;
    const end = start + r.text.length;
    if (ignored.some(([a, b]) => a < end && start < b)) continue;
    if (r.end) {
      // A range ('February 24 to March 3'): one item per end, each with its own text.
      const join = RANGE_JOIN.exec(r.text);
      if (join && join.index > 0) {
        const left = fromComponents(ctx, r.start, start, start + join.index, false, pub, state);
        const rs = start + join.index + join[0].length;
        const right = fromComponents(ctx, r.end, rs, end, false, pub, state);
        if (left) out.push(left);
        if (right) out.push(right);
        continue;
      }
    }
    const tags = r.tags();
    const casual = [...tags].some((t) => t.startsWith('casualReference'));
    const relative = casual || tags.has('result/relativeDate');
    const c = fromComponents(ctx, r.start, start, end, relative, pub, state, casual);
    if (c) out.push(c);
  }
  return out;
}

function refDate(pub: number): Date {
  const t = fromDayNumber(pub);
  // Local noon: chrono reads local calendar fields, and noon keeps them on the same day.
  return new Date(t.y, t.m - 1, t.d, 12);
}

/** Spans of expressions the lexicon says are not dates ('now', 'Good Friday', 'The Sunday Times'). */
function ignoredSpans(ctx: SentenceCtx, lex: DateLexicon): [number, number][] {
  const re = ignoreRegex(lex);
  if (!re) return [];
  const out: [number, number][] = [];
  re.lastIndex = 0;
  for (let m = re.exec(ctx.text); m; m = re.exec(ctx.text)) {
    out.push([ctx.start + m.index, ctx.start + m.index + m[0].length]);
  }
  return out;
}

let ignoreCache: { lex: DateLexicon; re: RegExp | null } | null = null;
function ignoreRegex(lex: DateLexicon): RegExp | null {
  if (ignoreCache?.lex !== lex) {
    const alts = [...lex.ignore].sort((a, b) => b.length - a.length).map(escapeRe);
    ignoreCache = { lex, re: alts.length ? new RegExp(`\\b(?:${alts.join('|')})\\b`, 'gi') : null };
  }
  return ignoreCache.re;
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}

let modCache: { lex: DateLexicon; re: RegExp } | null = null;
/** Matches a modifier ('late', 'mid-', 'the end of') right before a date. */
export function modifierBefore(lex: DateLexicon): RegExp {
  if (modCache?.lex !== lex) {
    const alts = lex.modifiers.map(escapeRe).join('|');
    modCache = { lex, re: new RegExp(`(?:^|[^\\p{L}])((?:${alts})(?:\\s+|-))$`, 'iu') };
  }
  return modCache.re;
}

/** Trim punctuation chrono keeps at the edges ('September,', '(Friday'). */
function trimSpan(text: string, start: number, end: number): [number, number] {
  let a = start;
  let b = end;
  while (a < b && /[\s,(（]/.test(text[a]!)) a++;
  while (b > a && /[\s,;:)）]/.test(text[b - 1]!)) b--;
  // chrono's 'July of' (it looked for a year after 'of').
  const of = /\s+of$/i.exec(text.slice(a, b));
  if (of) b -= of[0].length;
  // A final full stop is the sentence's, unless it ends an abbreviation ('Jan.').
  if (b > a && text[b - 1] === '.' && !/\b[A-Za-z]{3,4}\.$/.test(text.slice(a, b))) b--;
  return [a, b];
}

function fromComponents(
  ctx: SentenceCtx,
  c: chrono.ParsedComponents,
  rawStart: number,
  rawEnd: number,
  relative: boolean,
  pub: number | null,
  state: ChronoState,
  casual = false,
): DateCand | null {
  const lex = ctx.lex;
  const docText = ctx.doc.text;
  let [start, end] = trimSpan(docText, rawStart, rawEnd);
  if (start >= end) return null;
  const text = docText.slice(start, end);
  if (lex.ignore.has(text.toLowerCase())) return null;
  const known = (k: chrono.Component) => c.isCertain(k);
  // 'last night' has only implied date fields; other results without a certain one are times.
  if (!casual && !known('day') && !known('month') && !known('year') && !known('weekday')) return null;
  if (EVENT_RELATIVE.test(text)) return null;
  // '9/11', '24/7': day and month without a year are names or ratios more often than dates.
  if (/^\d{1,2}[/.]\d{1,2}$/.test(text)) return null;
  // Week expressions are handled by the week finder (they get a month value and a day range).
  if (/\bweeks?\b/i.test(text) && !/\bago\b/i.test(text)) return null;
  const before = ctx.before(start);

  const weekdayOnly = known('weekday') && !known('day') && !known('month');
  if (weekdayOnly) {
    const word = WEEKDAY_WORD.exec(text);
    if (!word || !/^[A-Z]/.test(word[0])) return null;
    // 'the Tuesday before', 'The Sunday Times': not a day of the story.
    if (/\bthe\s+$/i.test(before)) return null;
    let mod = WEEKDAY_MOD.exec(text)?.[1]?.toLowerCase().replace(/\s+/g, ' ') ?? '';
    if ((mod === 'past' || mod === 'coming') && /\bthis\s+$/i.test(before)) {
      const m = /\bthis\s+$/i.exec(before)!;
      start = ctx.start + m.index;
      mod = `this ${mod}`;
    }
    let lean = ctx.lean(start, end);
    // 'Tuesday's attack': a weekday naming an event looks back unless a future cue says otherwise.
    if (lean !== 'future' && /^['’]s\b/.test(ctx.after(end))) lean = 'past';
    const prev = state.lastWeekday;
    if (!mod && prev && COORD_GAP.test(docText.slice(prev.end, start))) {
      mod = prev.mod;
      lean = prev.lean;
    }
    state.lastWeekday = { end, mod, lean };
    if (pub === null) return null;
    const weekday = c.get('weekday')!;
    const day = resolveWeekday(pub, weekday, weekdayDirection(mod, lean));
    return { start, end, value: formatDay(day), precision: 'day', basis: 'relative' };
  }

  if (relative || RELATIVE_WORD.test(text)) {
    if (pub === null) return null;
    // 'the past year', 'over the last month': a duration, not a date.
    if (/^past\b/i.test(text) || (/^last\b/i.test(text) && /\bthe\s+$/i.test(before))) return null;
    let precision: Precision = known('day') || casual ? 'day' : known('month') ? 'month' : 'year';
    const ago = /\b(day|week|month|year)s?\s+ago$/i.exec(text);
    if (ago)
      precision =
        ago[1]!.toLowerCase() === 'month' ? 'month' : ago[1]!.toLowerCase() === 'year' ? 'year' : 'day';
    start = withModifier(ctx, start);
    return cand(start, end, c.get('year')!, c.get('month')!, c.get('day')!, precision, 'relative');
  }

  if (!known('month')) {
    if (!known('year')) return null;
    return cand(start, end, c.get('year')!, 1, 1, 'year', 'absolute');
  }
  // 'on February 24' → 'February 24': a calendar date's text is the date itself.
  const on = /^on\s+/i.exec(text);
  if (on) start += on[0].length;
  const monthWord = MONTH_WORD.exec(text);
  // Month names are capitalised in news; 'may' and 'march' in lower case are verbs.
  if (monthWord && !/^[A-Z]/.test(monthWord[0]) && !/\d/.test(text)) return null;
  // 'the end of March': the month is what the text commits to, not its last day.
  const precision: Precision = known('day') && !PERIOD_PART.test(text) ? 'day' : 'month';
  if (precision === 'month' && !known('year') && !monthAllowed(ctx, start, text)) return null;
  start = withModifier(ctx, start);
  const month = c.get('month')!;
  const day = known('day') ? c.get('day')! : null;
  if (known('year')) return cand(start, end, c.get('year')!, month, day ?? 1, precision, 'absolute');
  if (pub === null) return null;
  // 'July of last year', 'March this year': the year is relative but written.
  const rel = /^\s*(?:of\s+)?(last|this|next)\s+year\b/i.exec(ctx.after(end));
  if (rel) {
    const which = rel[1]!.toLowerCase();
    const year = fromDayNumber(pub).y + (which === 'last' ? -1 : which === 'next' ? 1 : 0);
    return cand(start, end + rel[0].length, year, month, day ?? 1, precision, 'relative');
  }
  const lean = leanBefore(ctx, start) ?? ctx.lean(start, end);
  const year = resolveYear(pub, month, day, lean);
  return cand(start, end, year, month, day ?? 1, precision, 'relative');
}

function cand(
  start: number,
  end: number,
  y: number,
  m: number,
  d: number,
  p: Precision,
  basis: DateCand['basis'],
) {
  if (!Number.isFinite(y) || m < 1 || m > 12 || d < 1 || d > 31) return null;
  if (p === 'day' && fromDayNumber(dayNumber(y, m, d)).d !== d) return null; // 'February 30'
  return { start, end, value: formatValue(y, m, d, p), precision: p, basis };
}

/** Extend a span left over a modifier ('late February', 'earlier this month'). */
function withModifier(ctx: SentenceCtx, start: number): number {
  const m = modifierBefore(ctx.lex).exec(ctx.before(start));
  return m ? start - m[1]!.length : start;
}

/** A month name alone is a date only after a preposition or determiner ('in May', 'since February'). */
function monthAllowed(ctx: SentenceCtx, start: number, text: string): boolean {
  if (/^in\s/i.test(text)) return true;
  const before = ctx.before(start).replace(modifierBefore(ctx.lex), '');
  const prev = /([\p{L}']+)[\s-]*$/u.exec(before)?.[1]?.toLowerCase();
  if (!prev || !ctx.lex.monthPreceders.has(prev)) return false;
  // 'Johnson and May': after a conjunction 'May' is more often a surname than the month.
  return !(/^may$/i.test(text) && (prev === 'and' || prev === 'or'));
}

/** The word before a month says which way to look: 'since February', 'last September', 'next May'. */
function leanBefore(ctx: SentenceCtx, start: number): Lean | null {
  const prev = /([\p{L}]+)\s+(?:the\s+)?$/iu.exec(ctx.before(start))?.[1]?.toLowerCase();
  if (!prev) return null;
  if (ctx.lex.pastPrepositions.has(prev) || prev === 'last' || prev === 'past') return 'past';
  if (prev === 'next' || prev === 'coming') return 'future';
  return null;
}

function weekdayDirection(mod: string, lean: Lean): Direction {
  switch (mod) {
    case 'last':
    case 'past':
    case 'previous':
    case 'this past':
      return 'before';
    case 'next':
    case 'coming':
    case 'this coming':
      return 'after';
    default:
      // 'this Monday' read on a Sunday is tomorrow: the nearest one, not the one of the same week.
      if (lean === 'future' || lean === 'present') return 'on-or-after';
      return lean === 'past' ? 'on-or-before' : 'nearest';
  }
}
