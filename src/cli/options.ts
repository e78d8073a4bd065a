import { InvalidArgumentError, Option } from 'commander';

export const DEFAULT_DB = './redline.db';

export function dbOption(): Option {
  return new Option('--db <path>', 'SQLite database file').env('REDLINE_DB').default(DEFAULT_DB);
}

export function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidArgumentError(`expected a positive whole number, got "${v}"`);
  return n;
}

export function isoDate(v: string): string {
  if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(v))
    throw new InvalidArgumentError(`expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got "${v}"`);
  return v;
}

/** Extra knowledge-base folders; an entry with the same id replaces the packaged one. */
export function kbOption(): Option {
  return new Option('--kb <dir...>', 'extra knowledge-base folders (same layout as kb/); also REDLINE_KB');
}
