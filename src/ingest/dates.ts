import type { DatePrecision } from '../nlp/doc.js';

export interface LooseDate {
  value: string;
  precision: DatePrecision;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

export function monthNumber(name: string): number | null {
  return MONTHS[name.toLowerCase().slice(0, name.toLowerCase().startsWith('sept') ? 4 : 3)] ?? null;
}

const pad = (n: number) => String(n).padStart(2, '0');

function valid(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DMY = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH},?\\s+(\\d{4})\\b`, 'i');
const MDY = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i');
const MY = new RegExp(`^\\s*${MONTH},?\\s+(\\d{4})\\s*$`, 'i');
const ISO = /\b(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/;
const ISO_MONTH = /^\s*(\d{4})-(\d{2})\s*$/;
const YEAR = /^\s*(\d{4})\s*$/;
const DOTTED = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$/;

/** A publication date as pages and feeds write it, normalised with its precision. */
export function parseLooseDate(s: string): LooseDate | null {
  let m = ISO.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return valid(y, mo, d) ? { value: `${y}-${pad(mo)}-${pad(d)}`, precision: 'day' } : null;
  }
  m = DMY.exec(s);
  if (m) {
    const [d, mo, y] = [Number(m[1]), monthNumber(m[2]!)!, Number(m[3])];
    return valid(y, mo, d) ? { value: `${y}-${pad(mo)}-${pad(d)}`, precision: 'day' } : null;
  }
  m = MDY.exec(s);
  if (m) {
    const [mo, d, y] = [monthNumber(m[1]!)!, Number(m[2]), Number(m[3])];
    return valid(y, mo, d) ? { value: `${y}-${pad(mo)}-${pad(d)}`, precision: 'day' } : null;
  }
  m = MY.exec(s);
  if (m) {
    const [mo, y] = [monthNumber(m[1]!)!, Number(m[2])];
    return valid(y, mo, 1) ? { value: `${y}-${pad(mo)}`, precision: 'month' } : null;
  }
  m = ISO_MONTH.exec(s);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    return valid(y, mo, 1) ? { value: `${y}-${pad(mo)}`, precision: 'month' } : null;
  }
  m = DOTTED.exec(s);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return valid(y, mo, d) ? { value: `${y}-${pad(mo)}-${pad(d)}`, precision: 'day' } : null;
  }
  m = YEAR.exec(s);
  if (m) {
    const y = Number(m[1]);
    return valid(y, 1, 1) ? { value: String(y), precision: 'year' } : null;
  }
  const t = Date.parse(s);
  if (!Number.isNaN(t) && /\d{4}/.test(s)) {
    const d = new Date(t);
    return {
      value: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
      precision: 'day',
    };
  }
  return null;
}
