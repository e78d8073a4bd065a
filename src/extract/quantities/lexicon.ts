import { readFileSync } from 'node:fs';
import { kbPath } from '../../kb/paths.js';

// The quantity lexicon (kb/lexicon/quantities.jsonl) compiled into lookup tables, plus the
// weapon names of kb/weapons.jsonl (a count of "Shaheds" is equipment, of "Kinzhals" munitions).

/** A sentence token: a word (hyphens, apostrophes, inner dots kept) or one punctuation mark. */
export interface Tok {
  text: string;
  /** Lower case, curly apostrophe straightened. */
  norm: string;
  start: number;
  end: number;
  punct: boolean;
}

/** Multiword phrases keyed by first and by last word, longest first, for matching on tokens. */
export class PhraseTable<V> {
  private byFirst = new Map<string, { words: string[]; value: V }[]>();
  private byLast = new Map<string, { words: string[]; value: V }[]>();

  add(phrase: string, value: V): void {
    const words = phrase.toLowerCase().split(' ').filter(Boolean);
    if (!words.length) return;
    const e = { words, value };
    for (const [map, key] of [
      [this.byFirst, words[0]!],
      [this.byLast, words[words.length - 1]!],
    ] as const) {
      const list = map.get(key) ?? [];
      // An entry already present keeps its first value: earlier lexicon lines win.
      if (list.some((x) => x.words.join(' ') === e.words.join(' '))) continue;
      list.push(e);
      list.sort((a, b) => b.words.length - a.words.length);
      map.set(key, list);
    }
  }

  /** Longest phrase starting at token i (punctuation never matches). */
  forward(toks: Tok[], i: number): { len: number; value: V } | null {
    const t = toks[i];
    if (!t || t.punct) return null;
    for (const e of this.byFirst.get(t.norm) ?? []) {
      let ok = true;
      for (let k = 1; k < e.words.length && ok; k++) {
        const u = toks[i + k];
        ok = !!u && !u.punct && u.norm === e.words[k];
      }
      if (ok) return { len: e.words.length, value: e.value };
    }
    return null;
  }

  /** Longest phrase ending at token j. */
  backward(toks: Tok[], j: number): { len: number; value: V } | null {
    const t = toks[j];
    if (!t || t.punct) return null;
    for (const e of this.byLast.get(t.norm) ?? []) {
      const n = e.words.length;
      let ok = j - n + 1 >= 0;
      for (let k = 0; k < n - 1 && ok; k++) {
        const u = toks[j - n + 1 + k];
        ok = !!u && !u.punct && u.norm === e.words[k];
      }
      if (ok) return { len: n, value: e.value };
    }
    return null;
  }

  has(word: string): boolean {
    return this.byFirst.get(word)?.some((e) => e.words.length === 1) ?? false;
  }
}

export type Bound = 'exact' | 'min' | 'max' | 'approx' | 'range';

export interface HeadCue {
  kind: string;
  /** People the kind may be overridden for by a casualty predicate. */
  person: boolean;
  ofOk: string[] | null;
}

export interface Unit {
  kind: string;
  unit: string | null;
  factor: number;
}

export interface Currency {
  code: string;
}

export interface Scale {
  value: number;
  pluralRange: [number, number] | null;
  standalone: boolean;
}

export interface QuantityLexicon {
  numbers: Map<string, { value: number; needsScale: boolean }>;
  scales: Map<string, Scale>;
  plurals: Map<string, Scale>;
  abbr: Map<string, number>;
  abbrMoney: Map<string, number>;
  vague: Map<string, { low: number; high: number; needsOf: boolean }>;
  vaguePrefix: Map<string, { low: number; high: number }>;
  boundsBefore: PhraseTable<Bound>;
  boundsAfter: PhraseTable<Bound>;
  rangeOpeners: Map<string, string[]>;
  rangeJoins: string[];
  head: PhraseTable<HeadCue>;
  modifier: PhraseTable<string>;
  after: PhraseTable<string>;
  before: PhraseTable<string>;
  beforeGap: PhraseTable<{ kind: string; gap: number }>;
  nouns: PhraseTable<'person' | 'thing'>;
  units: PhraseTable<Unit>;
  glued: Map<string, Unit>;
  prefixUnits: Map<string, Unit>;
  symbols: Map<string, Currency>;
  /** Symbols longest first, so "US$" is tried before "$". */
  symbolList: [string, Currency][];
  currencyWords: PhraseTable<Currency>;
  notQuantity: PhraseTable<true>;
  notHyphen: Set<string>;
  labels: PhraseTable<true>;
  months: Set<string>;
  claimObject: PhraseTable<true>;
  claimSubject: PhraseTable<true>;
  npStop: Set<string>;
  clauseBoundary: Set<string>;
  prepositions: Set<string>;
  partitive: Set<string>;
  aside: PhraseTable<true>;
  passiveAux: Set<string>;
  claimAdjunct: Set<string>;
  objectStart: Set<string>;
  /** Single tokens, punctuation included. */
  coordinators: Set<string>;
  predSkip: PhraseTable<true>;
  beforeSkip: PhraseTable<true>;
  weapons: PhraseTable<string>;
  /** Finds every place a number expression may start (one pass per sentence). */
  master: RegExp;
}

type Entry = Record<string, unknown>;

const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const num = (v: unknown, d = 0): number => (typeof v === 'number' ? v : d);
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Case-insensitive first letter only: "one" and "One", not "ONE" or "oNe". */
const capAlt = (w: string): string => {
  const e = escapeRe(w).replace(/ /g, '\\s+');
  const c = w[0]!;
  return /[a-z]/.test(c) ? `[${c}${c.toUpperCase()}]${e.slice(1)}` : e;
};

function readJsonl(path: string): Entry[] {
  const out: Entry[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const l = line.trim();
    if (!l || l.startsWith('//')) continue;
    try {
      const o = JSON.parse(l) as Entry;
      if (o && typeof o === 'object' && !('_meta' in o)) out.push(o);
    } catch {
      // A malformed line is skipped rather than failing extraction for every document.
    }
  }
  return out;
}

export function compileLexicon(entries: Entry[], weapons: Entry[]): QuantityLexicon {
  const L: QuantityLexicon = {
    numbers: new Map(),
    scales: new Map(),
    plurals: new Map(),
    abbr: new Map(),
    abbrMoney: new Map(),
    vague: new Map(),
    vaguePrefix: new Map(),
    boundsBefore: new PhraseTable(),
    boundsAfter: new PhraseTable(),
    rangeOpeners: new Map(),
    rangeJoins: [],
    head: new PhraseTable(),
    modifier: new PhraseTable(),
    after: new PhraseTable(),
    before: new PhraseTable(),
    beforeGap: new PhraseTable(),
    nouns: new PhraseTable(),
    units: new PhraseTable(),
    glued: new Map(),
    prefixUnits: new Map(),
    symbols: new Map(),
    symbolList: [],
    currencyWords: new PhraseTable(),
    notQuantity: new PhraseTable(),
    notHyphen: new Set(),
    labels: new PhraseTable(),
    months: new Set(),
    claimObject: new PhraseTable(),
    claimSubject: new PhraseTable(),
    npStop: new Set(),
    clauseBoundary: new Set(),
    prepositions: new Set(),
    partitive: new Set(),
    aside: new PhraseTable(),
    passiveAux: new Set(),
    claimAdjunct: new Set(),
    objectStart: new Set(),
    coordinators: new Set(),
    predSkip: new PhraseTable(),
    beforeSkip: new PhraseTable(),
    weapons: new PhraseTable(),
    master: /$^/g,
  };
  for (const e of entries) {
    const forms = strs(e.forms);
    switch (e.type) {
      case 'number':
        L.numbers.set(String(e.word), { value: num(e.value), needsScale: e.needs_scale === true });
        break;
      case 'scale': {
        const r = Array.isArray(e.plural_range) ? (e.plural_range as number[]) : null;
        const s: Scale = {
          value: num(e.value, 1),
          pluralRange: r && r.length === 2 ? [r[0]!, r[1]!] : null,
          standalone: e.standalone !== false,
        };
        if (typeof e.word === 'string') L.scales.set(e.word, s);
        if (typeof e.plural === 'string') L.plurals.set(e.plural, s);
        for (const a of strs(e.abbr)) L.abbr.set(a, s.value);
        for (const a of strs(e.abbr_money)) L.abbrMoney.set(a, s.value);
        break;
      }
      case 'vague':
        L.vague.set(String(e.phrase), { low: num(e.low), high: num(e.high), needsOf: e.needs_of === true });
        break;
      case 'vague-prefix':
        L.vaguePrefix.set(String(e.phrase), { low: num(e.low), high: num(e.high) });
        break;
      case 'bound':
        (e.position === 'after' ? L.boundsAfter : L.boundsBefore).add(String(e.phrase), e.bound as Bound);
        break;
      case 'range':
        if (typeof e.open === 'string') L.rangeOpeners.set(e.open, strs(e.join));
        else L.rangeJoins.push(...strs(e.join));
        break;
      case 'cue': {
        const kind = String(e.kind);
        const roles = strs(e.roles);
        const gap = num(e.gap);
        for (const f of forms) {
          if (roles.includes('head'))
            L.head.add(f, { kind, person: e.person === true, ofOk: e.of_ok ? strs(e.of_ok) : null });
          if (roles.includes('modifier')) L.modifier.add(f, kind);
          if (roles.includes('after')) L.after.add(f, kind);
          if (roles.includes('before')) {
            if (gap > 0) L.beforeGap.add(f, { kind, gap });
            else L.before.add(f, kind);
          }
        }
        break;
      }
      case 'noun':
        for (const f of forms) L.nouns.add(f, e.class === 'thing' ? 'thing' : 'person');
        break;
      case 'unit': {
        const u: Unit = {
          kind: String(e.kind),
          unit: typeof e.unit === 'string' ? e.unit : null,
          factor: num(e.factor, 1),
        };
        for (const f of forms) L.units.add(f, u);
        for (const f of strs(e.glued)) L.glued.set(f, u);
        for (const f of strs(e.prefix)) L.prefixUnits.set(f, u);
        break;
      }
      case 'currency': {
        const c: Currency = { code: String(e.code) };
        for (const s of strs(e.symbols)) L.symbols.set(s, c);
        for (const w of strs(e.words)) L.currencyWords.add(w, c);
        break;
      }
      case 'not-quantity':
        for (const f of forms) L.notQuantity.add(f, true);
        for (const f of strs(e.hyphen)) L.notHyphen.add(f);
        break;
      case 'label':
        for (const f of forms) L.labels.add(f, true);
        break;
      case 'month':
        for (const f of forms) L.months.add(f);
        break;
      case 'claim':
        for (const f of forms) (e.role === 'object' ? L.claimObject : L.claimSubject).add(f, true);
        break;
      case 'np-stop':
        for (const f of forms) L.npStop.add(f);
        break;
      case 'clause-boundary':
        for (const f of forms) L.clauseBoundary.add(f);
        break;
      case 'preposition':
        for (const f of forms) L.prepositions.add(f);
        break;
      case 'partitive':
        for (const f of forms) L.partitive.add(f);
        break;
      case 'aside':
        for (const f of forms) L.aside.add(f, true);
        break;
      case 'passive-aux':
        for (const f of forms) L.passiveAux.add(f);
        break;
      case 'object-start':
        for (const f of forms) L.objectStart.add(f);
        break;
      case 'claim-adjunct':
        for (const f of forms) L.claimAdjunct.add(f);
        break;
      case 'coordinator':
        for (const f of forms) L.coordinators.add(f);
        break;
      case 'predicate-skip':
        for (const f of forms) L.predSkip.add(f, true);
        break;
      case 'before-skip':
        for (const f of forms) L.beforeSkip.add(f, true);
        break;
    }
  }
  for (const w of weapons) {
    const cat = typeof w.category === 'string' ? w.category : '';
    // Counting a named weapon: missiles and munitions are munitions, platforms are equipment.
    const kind =
      cat === 'missile' || cat === 'munition' ? 'munitions' : cat === 'other' || !cat ? null : 'equipment';
    if (!kind) continue;
    const names = [w.name, ...strs(w.aliases)].filter((n): n is string => typeof n === 'string');
    // "Shahed-136" is counted as "40 Shaheds", "MiG-31" as "two MiGs": the name without its number.
    for (const n of [...names]) {
      const base = /^(\p{L}{3,})[- ]\d+\p{L}?$/u.exec(n)?.[1];
      if (base) names.push(base);
    }
    for (const n of names) {
      if (n.length < 3) continue;
      const lower = n.toLowerCase();
      L.weapons.add(lower, kind);
      // News counts weapons by their plural name ("40 Shaheds", "two Patriots").
      if (/[a-z]$/.test(lower)) L.weapons.add(`${lower}s`, kind);
    }
  }
  L.symbolList = [...L.symbols].sort((a, b) => b[0].length - a[0].length);
  L.master = buildMaster(L);
  return L;
}

/** One alternation of every way a number expression can begin; the parser does the rest. */
function buildMaster(L: QuantityLexicon): RegExp {
  const words = new Set<string>();
  for (const [w, n] of L.numbers) if (!n.needsScale) words.add(w);
  for (const w of [...L.plurals.keys(), ...L.vague.keys(), ...L.vaguePrefix.keys()]) words.add(w);
  const scales = [...L.scales.keys()].map(escapeRe).join('|');
  const alts: string[] = [];
  const wordAlts = [...words].sort((a, b) => b.length - a.length).map(capAlt);
  alts.push(`\\b(?:${wordAlts.join('|')})\\b`);
  for (const [w, n] of L.numbers) if (n.needsScale) alts.push(`\\b${capAlt(w)}\\s+(?:${scales})\\b`);
  const syms = [...L.symbols.keys()].sort((a, b) => b.length - a.length);
  for (const s of syms) alts.push(/^[A-Z]+$/.test(s) ? `\\b${s}\\b` : escapeRe(s));
  for (const p of L.prefixUnits.keys()) alts.push(`\\b${capAlt(p)}\\b`);
  alts.push('\\d');
  // No 'u' flag: every alternative is ASCII or a single BMP symbol, and the plain engine is faster.
  return new RegExp(alts.join('|'), 'g');
}

let cached: QuantityLexicon | null = null;

/** The packaged lexicon, read once. */
export function quantityLexicon(): QuantityLexicon {
  if (cached) return cached;
  let weapons: Entry[] = [];
  try {
    weapons = readJsonl(kbPath('weapons.jsonl'));
  } catch {
    // Weapon names only refine kinds; without the file counts of named weapons are dropped.
  }
  cached = compileLexicon(readJsonl(kbPath('lexicon', 'quantities.jsonl')), weapons);
  return cached;
}
