// Calendar arithmetic on day numbers (days since 1970-01-01, UTC), so no time zone can shift a date.

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

export type Precision = 'day' | 'month' | 'year';

const DAY_MS = 86_400_000;

export function dayNumber(y: number, m: number, d: number): number {
  return Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function fromDayNumber(n: number): Ymd {
  const t = new Date(n * DAY_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

/** 'YYYY-MM-DD' (a time part is ignored) → day number, or null when it is not a full date. */
export function parseDay(s: string | null | undefined): number | null {
  const m = s ? /^(\d{4})-(\d{2})-(\d{2})/.exec(s) : null;
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return dayNumber(y, mo, d);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export function formatValue(y: number, m: number, d: number, precision: Precision): string {
  if (precision === 'year') return pad(y, 4);
  if (precision === 'month') return `${pad(y, 4)}-${pad(m)}`;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

export function formatDay(n: number): string {
  const t = fromDayNumber(n);
  return formatValue(t.y, t.m, t.d, 'day');
}

/** 'present': a present-tense verb, which with a weekday announces a plan ('talks resume on Friday'). */
export type Lean = 'past' | 'future' | 'present' | 'neutral';

/** Which way to look from the publication day for an expression and how to treat the day itself. */
export type Direction = 'before' | 'on-or-before' | 'after' | 'on-or-after' | 'nearest';

/**
 * The day with `weekday` (0 = Sunday) around `ref`: strictly or inclusively before/after it,
 * or the nearest one (ties go to the past: news mostly reports what happened).
 */
export function resolveWeekday(ref: number, weekday: number, dir: Direction): number {
  const back = (weekdayOf(ref) - weekday + 7) % 7; // days back to the last such day, 0 = ref itself
  const ahead = (weekday - weekdayOf(ref) + 7) % 7;
  switch (dir) {
    case 'before':
      return ref - (back === 0 ? 7 : back);
    case 'on-or-before':
      return ref - back;
    case 'after':
      return ref + (ahead === 0 ? 7 : ahead);
    case 'on-or-after':
      return ref + ahead;
    default:
      return back <= ahead ? ref - back : ref + ahead;
  }
}

/** Year for a month (and day) written without one: the last such date on or before `ref`, the next on or after, or the nearer. */
export function resolveYear(ref: number, month: number, day: number | null, lean: Lean): number {
  const r = fromDayNumber(ref);
  const key = (m: number, d: number) => m * 100 + d;
  // Without a day, a month matches the publication month itself both ways.
  const target = key(month, day ?? r.d);
  const now = key(r.m, r.d);
  const past = target <= now ? r.y : r.y - 1;
  const future = target >= now ? r.y : r.y + 1;
  if (lean === 'past') return past;
  if (lean === 'future') return future;
  if (past === future) return past;
  const dPast = ref - dayNumber(past, month, day ?? 15);
  const dFuture = dayNumber(future, month, day ?? 15) - ref;
  return dPast <= dFuture ? past : future;
}

/** Monday of the week `offset` weeks from the week holding `ref`. */
export function weekStart(ref: number, offset: number): number {
  return ref - ((weekdayOf(ref) + 6) % 7) + 7 * offset;
}
