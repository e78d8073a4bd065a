import type { Bound, QuantityLexicon, Unit } from './lexicon.js';

// Reading one number expression at a known start: digits with separators and scales
// ("5,514", "1.5 billion", "$5bn"), number words ("twenty-five", "six million", "a dozen"),
// vague amounts as ranges ("tens of thousands", "several hundred"), bare ranges ("10-15",
// "10 to 15") and what is glued to the digits (units, ordinals, calibres, "-strong", "%").

export interface NumberExpr {
  start: number;
  end: number;
  value: number;
  low: number | null;
  high: number | null;
  form: 'digits' | 'words' | 'vague';
  vague: boolean;
  range: boolean;
  /** A four-digit number that reads as a year (no separator, no scale). */
  yearLike: boolean;
  /** Currency code of a symbol or code written before the number. */
  currency: string | null;
  /** A unit glued or hyphen-joined to the number, or written before it (Mach). */
  unit: Unit | null;
  boundAfter: Bound | null;
  /** Not a quantity (ordinal, calibre, percentage, time, compound adjective, model number). */
  skip: boolean;
}

interface Core {
  value: number;
  end: number;
  form: 'digits' | 'words' | 'vague';
  low: number | null;
  high: number | null;
  scale: number;
  yearLike: boolean;
  skip: boolean;
  unit: Unit | null;
  boundAfter: Bound | null;
}

const DIGITS = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/y;
const WORD = /[A-Za-z]+/y;
const LETTERS = /\p{L}+(?:\/\p{L}+)?/uy;
const HYPHEN_WORD = /-(\p{L}+)(?:-\p{L}+)*/uy;
const SPACES = /\s+/y;
const ORDINAL = /^(?:st|nd|rd|th)$/;
// A character glued before digits makes them part of a name or code (F-16, MiG-31, COVID-19, 1/2).
const PREV_BLOCK = /[\p{L}\p{N}.,\-/:#№_]/u;

function sticky(re: RegExp, s: string, i: number): RegExpExecArray | null {
  re.lastIndex = i;
  return re.exec(s);
}

function spaces(s: string, i: number): number {
  const m = sticky(SPACES, s, i);
  return m ? i + m[0].length : i;
}

/** The lower-case word at i, or null. */
function wordAt(s: string, i: number): string | null {
  const m = sticky(WORD, s, i);
  if (!m) return null;
  const after = s[i + m[0].length];
  if (after && /[\p{L}\p{N}]/u.test(after)) return null;
  return m[0].toLowerCase();
}

/** Scale words after a number ("million", "hundred thousand"), multiplied together. */
function readScales(
  s: string,
  i: number,
  L: QuantityLexicon,
  money: boolean,
): { factor: number; end: number } {
  let factor = 1;
  let end = i;
  for (;;) {
    const j = spaces(s, end);
    const w = wordAt(s, j);
    if (w && j > end && L.scales.has(w) && w !== 'dozen') {
      factor *= L.scales.get(w)!.value;
      end = j + w.length;
      continue;
    }
    // Spaced abbreviations only for money ("€1.5 bn"); glued ones are read with the digits.
    if (w && j > end && money && L.abbr.has(w)) {
      factor *= L.abbr.get(w)!;
      end = j + w.length;
      continue;
    }
    return { factor, end };
  }
}

/** What is glued or hyphen-joined to the number at `end`: a unit, a scale abbreviation, or a reason to skip. */
function readSuffix(
  s: string,
  end: number,
  L: QuantityLexicon,
  money: boolean,
): { end: number; skip: boolean; unit: Unit | null; factor: number; boundAfter: Bound | null } {
  const r = { end, skip: false, unit: null as Unit | null, factor: 1, boundAfter: null as Bound | null };
  const c = s[end];
  if (c === '%') return { ...r, skip: true, end: end + 1 };
  if (c === ':' && /\d/.test(s[end + 1] ?? '')) return { ...r, skip: true };
  const g = sticky(LETTERS, s, end);
  if (g) {
    const w = g[0].toLowerCase();
    r.end = end + g[0].length;
    if (ORDINAL.test(w)) return { ...r, skip: true };
    if (L.abbr.has(w)) return { ...r, factor: L.abbr.get(w)! };
    if (money && L.abbrMoney.has(w)) return { ...r, factor: L.abbrMoney.get(w)! };
    const u = L.glued.get(w);
    if (u) return { ...r, unit: u };
    // Calibres (155mm), decades (1990s), codes: not counts.
    return { ...r, skip: true };
  }
  const h = sticky(HYPHEN_WORD, s, end);
  if (h) {
    const first = h[1]!.toLowerCase();
    r.end = end + h[0].length;
    const u = L.glued.get(first);
    if (u) return { ...r, end: end + 1 + h[1]!.length, unit: u };
    if (first === 'plus') return { ...r, end: end + 1 + h[1]!.length, boundAfter: 'min' };
    // "24-hour", "155-mm", "10-point": compound adjectives, not counts.
    return { ...r, skip: true };
  }
  return r;
}

function parseDigits(
  s: string,
  i: number,
  L: QuantityLexicon,
  money: boolean,
  checkPrev: boolean,
): Core | null {
  const m = sticky(DIGITS, s, i);
  if (!m) return null;
  const raw = m[0];
  let end = i + raw.length;
  let value = Number(raw.replace(/,/g, ''));
  const blocked = checkPrev && i > 0 && PREV_BLOCK.test(s[i - 1]!);
  // A trailing sentence dot is not a decimal point; DIGITS only takes ".d".
  const suf = readSuffix(s, end, L, money);
  let scale = suf.factor;
  end = suf.end;
  if (!suf.skip && !suf.unit) {
    const sc = readScales(s, end, L, money);
    if (sc.factor !== 1) {
      scale *= sc.factor;
      end = sc.end;
      const again = readSuffix(s, end, L, money);
      if (again.skip || again.unit) {
        end = again.end;
        suf.skip ||= again.skip;
        suf.unit ??= again.unit;
      }
    }
  }
  value *= scale;
  const yearLike = /^\d{4}$/.test(raw) && scale === 1 && value >= 1800 && value <= 2100;
  return {
    value,
    end,
    form: 'digits',
    low: null,
    high: null,
    scale,
    yearLike,
    skip: blocked || suf.skip,
    unit: suf.unit,
    boundAfter: suf.boundAfter,
  };
}

/** Number words: "three", "twenty-five", "two hundred and fifty thousand", "a dozen", "half a million". */
function parseWords(s: string, i: number, L: QuantityLexicon, money: boolean): Core | null {
  let p = i;
  let total = 0;
  let cur = 0;
  let last: 'unit' | 'teen' | 'tens' | 'scale' | null = null;
  let any = false;
  let scale = 1;
  // "a", "an", "half a": a number only before a scale word.
  const w0 = wordAt(s, p);
  if (!w0) return null;
  if (w0 === 'half') {
    const q = spaces(s, p + 4);
    const a = wordAt(s, q);
    if ((a === 'a' || a === 'an') && q > p + 4) {
      const q2 = spaces(s, q + a.length);
      const sw = wordAt(s, q2);
      if (sw && L.scales.has(sw)) {
        cur = 0.5;
        p = q + a.length;
        last = 'unit';
        any = true;
      }
    }
    if (!any) return null;
  } else {
    const n = L.numbers.get(w0);
    if (!n) return null;
    if (n.needsScale) {
      const q = spaces(s, p + w0.length);
      const sw = wordAt(s, q);
      if (!sw || q === p + w0.length || !L.scales.has(sw)) return null;
    }
    cur = n.value;
    p += w0.length;
    last = n.value < 10 ? 'unit' : n.value < 20 ? 'teen' : 'tens';
    any = true;
  }
  for (;;) {
    // Separator: spaces, a hyphen (twenty-five), or "and" after a scale (two hundred and fifty).
    let q = p;
    let sep = '';
    if (s[q] === '-') {
      sep = '-';
      q++;
    } else {
      const q1 = spaces(s, q);
      if (q1 === q) break;
      q = q1;
      sep = ' ';
      const maybeAnd = wordAt(s, q);
      if (maybeAnd === 'and' && last === 'scale') {
        const q2 = spaces(s, q + 3);
        const nw = wordAt(s, q2);
        const nv = nw ? L.numbers.get(nw) : undefined;
        if (q2 > q + 3 && nv && !nv.needsScale && nv.value < 100) {
          q = q2;
          sep = 'and';
        }
      }
    }
    const w = wordAt(s, q);
    if (!w) break;
    const sc = L.scales.get(w);
    if (sc && sep !== '-' && sep !== 'and') {
      if (sc.value < 1000) cur = (cur || 1) * sc.value;
      else {
        total += (cur || 1) * sc.value;
        cur = 0;
      }
      scale = Math.max(scale, sc.value);
      last = 'scale';
      p = q + w.length;
      continue;
    }
    const n = L.numbers.get(w);
    if (!n || n.needsScale) break;
    const ok =
      (last === 'tens' && n.value < 10 && n.value > 0) ||
      (last === 'scale' && (sep === 'and' || sep === ' '));
    if (!ok) break;
    cur += n.value;
    last = n.value < 10 ? 'unit' : n.value < 20 ? 'teen' : 'tens';
    p = q + w.length;
  }
  const value = total + cur;
  const suf = readSuffix(s, p, L, money);
  // A glued letter run after a word is impossible (wordAt checked); only hyphen compounds remain.
  return {
    value,
    end: suf.end,
    form: 'words',
    low: null,
    high: null,
    scale,
    yearLike: false,
    skip: suf.skip,
    unit: suf.unit,
    boundAfter: suf.boundAfter,
  };
}

/** Vague amounts: "dozens", "hundreds", "tens of thousands", "several hundred", "scores of". */
function parseVague(s: string, i: number, L: QuantityLexicon): Core | null {
  const w = wordAt(s, i);
  if (!w) return null;
  // Multiword prefixes ("a few", "a couple of").
  for (const [phrase, r] of L.vaguePrefix) {
    const words = phrase.split(' ');
    let p = i;
    let ok = true;
    for (let k = 0; k < words.length && ok; k++) {
      if (k > 0) {
        const q = spaces(s, p);
        ok = q > p;
        p = q;
      }
      ok = ok && wordAt(s, p) === words[k];
      p += words[k]!.length;
    }
    if (!ok) continue;
    let factor = 1;
    let end = p;
    for (;;) {
      const q = spaces(s, end);
      const sw = wordAt(s, q);
      const sc = sw ? L.scales.get(sw) : undefined;
      if (!sw || !sc || q === end) break;
      factor *= sc.value;
      end = q + sw.length;
    }
    if (factor === 1) continue;
    return vagueCore(r.low * factor, r.high * factor, end);
  }
  const v = L.vague.get(w);
  if (v) {
    const q = spaces(s, i + w.length);
    if (v.needsOf && !(q > i + w.length && wordAt(s, q) === 'of')) return null;
    return vagueCore(v.low, v.high, i + w.length);
  }
  const pl = L.plurals.get(w);
  if (!pl?.pluralRange) return null;
  let [low, high] = pl.pluralRange;
  let end = i + w.length;
  let chained = false;
  // "tens of thousands", "hundreds of millions": the range times each further scale.
  for (;;) {
    const q = spaces(s, end);
    if (q === end || wordAt(s, q) !== 'of') break;
    const q2 = spaces(s, q + 2);
    const nw = wordAt(s, q2);
    const next = nw ? L.plurals.get(nw) : undefined;
    if (!nw || q2 === q + 2 || !next || next.value <= 10) break;
    low *= next.value;
    high *= next.value;
    end = q2 + nw.length;
    chained = true;
  }
  if (!pl.standalone && !chained) return null;
  return vagueCore(low, high, end);
}

function vagueCore(low: number, high: number, end: number): Core {
  return {
    value: low,
    end,
    form: 'vague',
    low,
    high,
    scale: 1,
    yearLike: false,
    skip: false,
    unit: null,
    boundAfter: null,
  };
}

function parseCore(
  s: string,
  i: number,
  L: QuantityLexicon,
  money: boolean,
  checkPrev: boolean,
): Core | null {
  if (/\d/.test(s[i] ?? '')) return parseDigits(s, i, L, money, checkPrev);
  return parseVague(s, i, L) ?? parseWords(s, i, L, money);
}

const RANGE_DASH = /\s*[-–—]\s*/y;

/** A range's second end at `i` (after "-", "to" or "and"); scales carry back to the first end. */
export function parseRangeTail(
  s: string,
  i: number,
  first: NumberExpr,
  joins: string[],
  L: QuantityLexicon,
): NumberExpr | null {
  if (first.vague || first.skip || first.range) return null;
  let q = -1;
  const dash = sticky(RANGE_DASH, s, i);
  if (dash && joins.some((j) => /^[-–—]$/.test(j))) q = i + dash[0].length;
  else {
    const a = spaces(s, i);
    const w = wordAt(s, a);
    if (a > i && w && joins.includes(w)) {
      q = spaces(s, a + w.length);
      if (q === a + w.length) q = -1;
    }
  }
  if (q < 0) return null;
  if (first.currency) {
    // "$10-15 million" or "$10 to $15 million": the symbol may repeat.
    for (const [sym] of L.symbolList) if (s.startsWith(sym, q)) q = spaces(s, q + sym.length);
  }
  const second = parseCore(s, q, L, !!first.currency, false);
  if (!second || second.form === 'vague' || second.skip) return null;
  if (first.yearLike && second.yearLike) return null;
  let low = first.value;
  if (second.scale > 1 && first.value * second.scale <= second.value) low = first.value * second.scale;
  if (!(second.value > low)) return null;
  return {
    ...first,
    end: second.end,
    value: low,
    low,
    high: second.value,
    range: true,
    yearLike: false,
    unit: first.unit ?? second.unit,
  };
}

/** The number expression starting at i (where the master regex matched), or null. */
export function parseNumberAt(s: string, i: number, L: QuantityLexicon): NumberExpr | null {
  let p = i;
  let currency: string | null = null;
  let prefixUnit: Unit | null = null;
  for (const [sym, c] of L.symbolList) {
    if (!s.startsWith(sym, p)) continue;
    const q = spaces(s, p + sym.length);
    // Codes need a space ("USD 5 million"); symbols may have one ("€ 5").
    if (/^[A-Z]+$/.test(sym) && q === p + sym.length) continue;
    if (!/\d/.test(s[q] ?? '')) continue;
    currency = c.code;
    p = q;
    break;
  }
  if (!currency) {
    const w = wordAt(s, p);
    const u = w ? L.prefixUnits.get(w) : undefined;
    if (u && w) {
      let q = p + w.length;
      if (s[q] === '-') q++;
      else q = spaces(s, q);
      if (!/\d/.test(s[q] ?? '')) return null;
      prefixUnit = u;
      p = q;
    }
  }
  const core = parseCore(s, p, L, !!currency, !currency && !prefixUnit);
  if (!core) return null;
  const expr: NumberExpr = {
    start: i,
    end: core.end,
    value: core.value,
    low: core.low,
    high: core.high,
    form: core.form,
    vague: core.form === 'vague',
    range: false,
    yearLike: core.yearLike && !currency,
    currency,
    unit: prefixUnit ?? core.unit,
    boundAfter: core.boundAfter,
    skip: core.skip,
  };
  if (prefixUnit && core.unit) expr.skip = true;
  return expr;
}
