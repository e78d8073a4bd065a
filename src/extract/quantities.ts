import type { Doc } from '../nlp/doc.js';
import {
  type Bound,
  type HeadCue,
  type QuantityLexicon,
  quantityLexicon,
  type Tok,
} from './quantities/lexicon.js';
import { type NumberExpr, parseNumberAt, parseRangeTail } from './quantities/numbers.js';
import type { QuantityItem } from './record.js';

// Numeric claims that matter in conflict reporting. One pass of the lexicon's master regex per
// sentence finds where numbers start; each is parsed (numbers.ts) and then read against the few
// tokens around it: a bound before it, a unit or currency after it, the counted noun phrase, a
// predicate after that phrase ("22 civilians were killed") or a verb before the number ("killed
// 12 people"). A number that gets no kind from any of these is not reported.

export interface Quantity extends QuantityItem {
  unit: string | null;
  bound: Bound;
  /** The phrase naming who claims the figure ("the UN", "Russia's Defence Ministry"), if any. */
  claimant: string | null;
  currency?: string;
}

const TOKEN =
  /(?:\p{L}\.){2,}|\d{1,3}(?:,\d{3})+(?:\.\d+)?|[\p{L}\p{N}]+(?:['’.\-/][\p{L}\p{N}]+)*|([^\s\p{L}\p{N}])/gu;
// Quotation marks are transparent: "fatally injured" in scare quotes is still a cue.
const QUOTES = new Set(['"', '“', '”', '„', '‘', '’', "'", '«', '»', '‹', '›']);

export function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(s); m; m = TOKEN.exec(s)) {
    const text = m[0];
    const punct = m[1] !== undefined;
    if (punct && QUOTES.has(text)) continue;
    let norm = punct ? text : text.toLowerCase();
    if (norm.includes('’')) norm = norm.replace(/’/g, "'");
    out.push({ text, norm, start: m.index, end: m.index + text.length, punct });
  }
  return out;
}

/** Numbers and scale words end a counted phrase ("80,000 155mm rounds" keeps the calibre). */
function isNumberTok(t: Tok, L: QuantityLexicon): boolean {
  if (/^[\d.,]+$/.test(t.text)) return true;
  const n = L.numbers.get(t.norm);
  return (!!n && !n.needsScale) || L.scales.has(t.norm) || L.plurals.has(t.norm);
}

interface NounPhrase {
  /** Token range of the counted phrase; first > last when empty. */
  first: number;
  last: number;
  head: HeadCue | null;
  headClass: 'kind' | 'person' | 'thing' | null;
  headTok: number;
  modKind: string | null;
  /** Where a predicate may start. */
  predFrom: number;
}

/** The counted noun phrase after the number: "MiG-31 fighter jets", "internally displaced people". */
function nounPhrase(toks: Tok[], k: number, L: QuantityLexicon): NounPhrase {
  const np: NounPhrase = {
    first: k,
    last: k - 1,
    head: null,
    headClass: null,
    headTok: -1,
    modKind: null,
    predFrom: -1,
  };
  let i = k;
  let headEnd = -1;
  while (i < toks.length && i - k < 7) {
    const t = toks[i]!;
    if (t.punct || L.npStop.has(t.norm) || isNumberTok(t, L)) break;
    // A cue before a noun modifies it: "internally displaced people", "wounded soldiers".
    if (np.headTok < 0) {
      const md = L.modifier.forward(toks, i);
      const nx = md ? toks[i + md.len] : undefined;
      if (md && nx && !nx.punct && !L.npStop.has(nx.norm) && !L.after.forward(toks, i + md.len)) {
        np.modKind = md.value;
        i += md.len;
        continue;
      }
    }
    // Past the first word a predicate cue ends the phrase: "civilians died", "gunmen killed the mayor".
    if ((i > k || np.headTok >= 0) && L.after.forward(toks, i)) {
      np.predFrom = i;
      break;
    }
    const h = L.head.forward(toks, i);
    const n = L.nouns.forward(toks, i);
    if (h || n) {
      // A known head before this one was a modifier: "tank shells".
      if (np.head && !np.head.person) np.modKind ??= np.head.kind;
      if (h && (!n || h.len >= n.len)) {
        np.head = h.value;
        np.headClass = 'kind';
        np.headTok = i;
        headEnd = i + h.len - 1;
        i += h.len;
      } else if (n) {
        np.head = null;
        np.headClass = n.value;
        np.headTok = i;
        headEnd = i + n.len - 1;
        i += n.len;
      }
      continue;
    }
    // "12 died": the predicate right after the number.
    if (L.after.forward(toks, i)) {
      np.predFrom = i;
      break;
    }
    i++;
  }
  if (np.predFrom < 0) np.predFrom = np.headTok >= 0 ? headEnd + 1 : i;
  np.last = np.headTok >= 0 ? headEnd : np.predFrom - 1;
  // A counted noun followed by "of" + something else is another sense ("rounds of talks").
  if (np.head?.ofOk && toks[headEnd + 1]?.norm === 'of') {
    const nx = toks[headEnd + 2];
    if (!nx || !np.head.ofOk.includes(nx.norm)) {
      np.head = null;
      np.headClass = 'thing';
    }
  }
  return np;
}

/** A casualty predicate after the counted phrase, past auxiliaries: "have been killed", "to flee their homes". */
function predicateAfter(toks: Tok[], q: number, L: QuantityLexicon): { kind: string; last: number } | null {
  let pp = false;
  let passive = false;
  for (let steps = 0; steps < 6 && q < toks.length; steps++) {
    const a = L.after.forward(toks, q);
    if (a) {
      const last = q + a.len - 1;
      // Active voice with an object: "three soldiers killed a civilian" does not count the dead.
      const nx = toks[last + 1];
      const transitive = a.len === 1 && L.before.has(toks[q]!.norm);
      const object =
        !!nx && !nx.punct && (L.objectStart.has(nx.norm) || isNumberTok(nx, L) || /^\p{Lu}/u.test(nx.text));
      if (transitive && !passive && object) return null;
      return { kind: a.value, last };
    }
    const sk = L.predSkip.forward(toks, q);
    if (sk) {
      for (let t = q; t < q + sk.len; t++) if (L.passiveAux.has(toks[t]!.norm)) passive = true;
      q += sk.len;
      continue;
    }
    // A comma-enclosed aside: "18 people, including three children, were killed".
    if (toks[q]!.text === ',' && L.aside.forward(toks, q + 1)) {
      let r = q + 1;
      while (r < toks.length && r - q <= 8 && toks[r]!.text !== ',' && !L.clauseBoundary.has(toks[r]!.norm))
        r++;
      if (toks[r]?.text !== ',') return null;
      q = r + 1;
      continue;
    }
    // One short prepositional phrase may sit before the predicate: "residents of the north have fled".
    if (pp || !L.prepositions.has(toks[q]!.norm)) return null;
    pp = true;
    let r = q + 1;
    while (r < toks.length && r - q <= 5) {
      const t = toks[r]!;
      if (t.punct || L.clauseBoundary.has(t.norm) || isNumberTok(t, L)) return null;
      if (L.after.forward(toks, r) || L.predSkip.forward(toks, r)) break;
      r++;
    }
    if (r - q > 5 || r >= toks.length) return null;
    q = r;
  }
  return null;
}

/** A verb before the number, past determiners and the like: "killed at least 12", "the death toll rose to 50". */
function predicateBefore(toks: Tok[], j: number, L: QuantityLexicon): string | null {
  for (let steps = 0; steps < 4 && j >= 0; steps++) {
    const c = L.before.backward(toks, j);
    if (c) return c.value;
    for (let g = 0; g <= 6 && j - g >= 0 && !toks[j - g]!.punct; g++) {
      const c2 = L.beforeGap.backward(toks, j - g);
      if (c2 && g <= c2.value.gap) return c2.value.kind;
    }
    const sk = L.beforeSkip.backward(toks, j);
    if (!sk) return null;
    j -= sk.len;
  }
  return null;
}

interface Claim {
  tok: number;
  text: string;
}

/** Phrases naming who claims figures in the sentence: "according to X", "X said", ", said X". */
function claims(s: string, toks: Tok[], L: QuantityLexicon): Claim[] {
  const out: Claim[] = [];
  const valid = (a: number, b: number): boolean => {
    if (a > b || a < 0) return false;
    let content = false;
    for (let k = a; k <= b; k++) {
      const t = toks[k]!;
      if (t.punct || isNumberTok(t, L)) return false;
      if (!L.npStop.has(t.norm)) content = true;
    }
    return content;
  };
  const forwardPhrase = (from: number): Claim | null => {
    if (L.prepositions.has(toks[from]?.norm ?? '')) return null;
    let b = from;
    while (b < toks.length && b - from < 10 && !toks[b]!.punct && !L.clauseBoundary.has(toks[b]!.norm)) b++;
    // A phrase cut by the length limit must not end on "of" or "the".
    while (b > from && L.npStop.has(toks[b - 1]!.norm)) b--;
    return valid(from, b - 1) ? { tok: from, text: s.slice(toks[from]!.start, toks[b - 1]!.end) } : null;
  };
  for (let i = 0; i < toks.length; i++) {
    const o = L.claimObject.forward(toks, i);
    if (o) {
      const c = forwardPhrase(i + o.len);
      if (c) out.push({ tok: i, text: c.text });
      i += o.len - 1;
      continue;
    }
    const v = L.claimSubject.forward(toks, i);
    if (!v) continue;
    let j = i - 1;
    while (j >= 0 && !L.clauseBoundary.has(toks[j]!.norm) && L.predSkip.has(toks[j]!.norm)) j--;
    // Past an apposition's comma or a parenthesis: "…, Serhiy Lysak, said", "Central Command (CENTCOM) said".
    if (toks[j]?.text === ')') {
      while (j >= 0 && toks[j]!.text !== '(') j--;
      j--;
    } else if (toks[j]?.text === ',' && j > 0 && !toks[j - 1]!.punct) j--;
    let end = j;
    while (j >= 0 && end - j < 7 && !toks[j]!.punct && !L.clauseBoundary.has(toks[j]!.norm)) j--;
    // "The ministry on Tuesday said": the time or place adjunct is not part of the claimant.
    for (let t = j + 2; t <= end; t++) {
      if (L.claimAdjunct.has(toks[t]!.norm)) {
        end = t - 1;
        break;
      }
    }
    if (valid(j + 1, end)) {
      out.push({ tok: i, text: s.slice(toks[j + 1]!.start, toks[end]!.end) });
    } else if (i === 0 || toks[i - 1]!.punct || end < 0 || toks[end]!.punct) {
      // Inverted attribution: "…, said the ministry."
      const c = forwardPhrase(i + v.len);
      if (c) out.push({ tok: i, text: c.text });
    }
    i += v.len - 1;
  }
  return out;
}

interface Prev {
  kind: string;
  /** The counted noun, when a later bare figure may share it ("civilians" in "… and 7,698 were wounded"). */
  headText: string | null;
  plain: boolean;
  lastTok: number;
}

const round = (v: number, places: number): number => {
  const f = 10 ** places;
  return Math.round(v * f) / f;
};

/** Number expressions of one sentence, ranges joined. */
function numberExprs(s: string, L: QuantityLexicon): NumberExpr[] {
  const out: NumberExpr[] = [];
  const re = L.master;
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    let e = parseNumberAt(s, m.index, L);
    if (!e) continue;
    const pre = /(\p{L}+)\s+$/u.exec(s.slice(Math.max(0, e.start - 12), e.start));
    const opener = pre ? L.rangeOpeners.get(pre[1]!.toLowerCase()) : undefined;
    const joins = opener ? [...opener, ...L.rangeJoins.filter((j) => /^[-–—]$/.test(j))] : L.rangeJoins;
    e = parseRangeTail(s, e.end, e, joins, L) ?? e;
    out.push(e);
    re.lastIndex = Math.max(e.end, m.index + 1);
  }
  return out;
}

function sentenceQuantities(s: string, base: number, L: QuantityLexicon): Quantity[] {
  const exprs = numberExprs(s, L);
  if (!exprs.some((e) => !e.skip)) return [];
  const toks = tokenize(s);
  let claimList: Claim[] | null = null;
  const out: Quantity[] = [];
  let prev = null as Prev | null;
  for (const e of exprs) {
    if (e.skip) continue;
    let ai = toks.findIndex((t) => t.start >= e.end);
    if (ai < 0) ai = toks.length;
    let bi = -1;
    for (let k = 0; k < toks.length && toks[k]!.end <= e.start; k++) bi = k;
    const prevTok = toks[bi];
    const nextTok = toks[ai];
    const isMonth = (t: Tok | undefined): boolean => !!t && /^\p{Lu}/u.test(t.text) && L.months.has(t.norm);
    // Dates ("February 24", "24 February", "Jan. 24"), labels ("Article 5"), "no one".
    if (isMonth(prevTok) || (prevTok?.text === '.' && isMonth(toks[bi - 1]))) continue;
    if (isMonth(nextTok) || (nextTok?.norm === 'of' && isMonth(toks[ai + 1]))) continue;
    if (!e.currency && L.labels.backward(toks, bi)) continue;
    if (e.value === 0) continue;

    let bound: Bound = e.range || e.vague ? 'range' : 'exact';
    let spanStart = e.start;
    let spanEnd = e.end;
    let j = bi;
    if (e.range && prevTok && L.rangeOpeners.has(prevTok.norm)) {
      spanStart = prevTok.start;
      j--;
    } else if (!e.range) {
      const b = L.boundsBefore.backward(toks, j);
      if (b) {
        if (!e.vague) bound = b.value;
        spanStart = toks[j - b.len + 1]!.start;
        j -= b.len;
      }
    }
    if (e.boundAfter && bound === 'exact') bound = e.boundAfter;
    let k = ai;
    const ba = L.boundsAfter.forward(toks, k);
    if (ba && !e.range && !e.vague) {
      bound = ba.value;
      spanEnd = toks[k + ba.len - 1]!.end;
      k += ba.len;
    }
    if (L.notQuantity.forward(toks, k)) continue;
    if (e.vague && toks[k]?.norm === 'of') k++;

    let kind: string | null = null;
    let unit: string | null = null;
    let factor = 1;
    let currency = e.currency;
    let subject: string | null = null;
    if (e.unit) {
      kind = e.unit.kind;
      unit = e.unit.unit;
      factor = e.unit.factor;
    } else {
      const cw = L.currencyWords.forward(toks, k);
      const u = !currency && !cw ? L.units.forward(toks, k) : null;
      if (cw) currency = cw.value.code;
      const hit = cw ?? u;
      if (hit) {
        spanEnd = toks[k + hit.len - 1]!.end;
        k += hit.len;
      }
      if (u) {
        kind = u.value.kind;
        unit = u.value.unit;
        factor = u.value.factor;
      }
    }
    // "2.5 billion euros ($2.7 billion)": the bracketed conversion repeats the figure before it.
    if (currency && prevTok?.text === '(' && prev?.kind === 'money' && prev.lastTok >= bi - 1) continue;
    if (currency) {
      kind = 'money';
      unit = currency;
      factor = 1;
      // "$275 million in military aid", "€1.5 billion for reconstruction".
      if (toks[k] && ['in', 'of', 'for'].includes(toks[k]!.norm)) {
        let b = k + 1;
        while (
          b < toks.length &&
          b - k <= 6 &&
          !toks[b]!.punct &&
          (toks[b]!.norm === 'and' || !L.npStop.has(toks[b]!.norm))
        )
          b++;
        while (b > k + 1 && toks[b - 1]!.norm === 'and') b--;
        if (b > k + 1) subject = s.slice(toks[k + 1]!.start, toks[b - 1]!.end);
      }
    }

    let lastTok = Math.max(k - 1, ai - 1);
    let headText: string | null = null;
    let headIsPlain = false;
    if (!kind || kind === 'troops') {
      const np = nounPhrase(toks, k, L);
      const empty = np.last < np.first;
      if (!empty) {
        subject = s.slice(toks[np.first]!.start, toks[np.last]!.end);
        spanEnd = Math.max(spanEnd, toks[np.last]!.end);
        lastTok = np.last;
      }
      // Only a plain noun carries over to a bare figure of another kind ("people", not "refugees").
      if (np.headTok >= 0 && (np.headClass === 'person' || np.headClass === 'kind'))
        headText = s.slice(toks[np.headTok]!.start, toks[Math.max(np.headTok, np.last)]!.end);
      headIsPlain = np.headClass === 'person' || np.head?.kind === 'troops';
      if (!kind) {
        if (np.headClass === 'thing') continue;
        const pred = predicateAfter(toks, np.predFrom, L);
        const person = np.headClass === 'person' || !!np.head?.person;
        const predBefore = predicateBefore(toks, j, L);
        // Counts of things take the thing's kind; "fired"/"launched" never turn people into munitions.
        const usable = (x: string | null): string | null =>
          x && person && (x === 'munitions' || x === 'equipment') ? null : x;
        if (np.head && !np.head.person) kind = np.head.kind;
        if (!kind && np.headClass === null && !empty) {
          for (let t = np.first; t <= np.last && !kind; t++) kind = L.weapons.forward(toks, t)?.value ?? null;
        }
        if (!kind && pred && usable(pred.kind)) {
          kind = pred.kind;
          spanEnd = Math.max(spanEnd, toks[pred.last]!.end);
          lastTok = Math.max(lastTok, pred.last);
        }
        kind ??= usable(predBefore) ?? np.modKind ?? np.head?.kind ?? null;
        // "150,000 troops in Crimea and 30,000 in Belarus": a bare figure joined to the one before.
        let joined = false;
        if (empty && prev) {
          const startTok = toks.findIndex((t) => t.start >= spanStart);
          const gap = toks.slice(prev.lastTok + 1, startTok);
          joined = gap.length <= 5 && gap.some((t) => L.coordinators.has(t.norm));
        }
        // "two of three missiles" is a part of the next figure, not more of the last; "two of them"
        // re-counts a group already counted.
        if (toks[k]?.norm === 'of') {
          if (L.partitive.has(toks[k + 1]?.norm ?? '')) continue;
          joined = false;
        }
        if (!kind && joined && prev) kind = prev.kind;
        if (!kind) continue;
        if (joined && prev && (prev.plain || prev.kind === kind)) subject = prev.headText;
        if (e.yearLike && !np.head) continue;
      }
    }
    if (!kind) continue;

    claimList ??= claims(s, toks, L);
    let claimant: string | null = null;
    let best = Number.POSITIVE_INFINITY;
    for (const c of claimList) {
      const d = Math.abs(c.tok - ai);
      if (d < best) {
        best = d;
        claimant = c.text;
      }
    }
    const places = kind === 'speed' ? 2 : 3;
    const conv = (v: number | null): number | null => (v === null ? null : round(v * factor, places));
    const q: Quantity = {
      kind,
      value: conv(e.value),
      low: conv(e.low),
      high: conv(e.high),
      subject,
      text: s.slice(spanStart, spanEnd),
      span: [base + spanStart, base + spanEnd],
      unit,
      bound,
      claimant,
    };
    if (currency && currency !== 'USD') q.currency = currency;
    out.push(q);
    prev = headText
      ? { kind, headText, plain: headIsPlain, lastTok }
      : { ...(prev ?? { headText: null, plain: false }), kind, lastTok };
  }
  return out;
}

/** Numeric claims that matter in conflict reporting: casualties, displacement, troops, money … */
export function extractQuantities(doc: Doc): Quantity[] {
  const L = quantityLexicon();
  const out: Quantity[] = [];
  for (const sent of doc.layers.sentences) {
    out.push(...sentenceQuantities(doc.text.slice(sent.start, sent.end), sent.start, L));
  }
  return out;
}
