// The date extractor's knowledge (kb/lexicon/dates.jsonl): conflicts and their start days, tense cues,
// modifiers and the words a bare month name may follow. Loaded once, lazily.

import { kbPath } from '../../kb/paths.js';
import { KbError, readKbFile } from '../../kb/read.js';
import { parseDay } from './calendar.js';

export interface Conflict {
  id: string;
  name: string;
  /** Day number of day 1. */
  start: number;
  cues: Set<string>;
}

export interface DateLexicon {
  conflicts: Conflict[];
  conflictNouns: Set<string>;
  /** Token patterns; each word matches a token's lower-case text or its lemma. */
  futureCues: string[][];
  /** Lemmas of speech verbs that close a sentence as its attribution (', officials said.'). */
  attributionVerbs: Set<string>;
  pastCues: Set<string>;
  pastPrepositions: Set<string>;
  /** Longest first, so 'the end of' wins over 'end of'. */
  modifiers: string[];
  monthPreceders: Set<string>;
  ignore: Set<string>;
  ordinals: Map<string, number>;
  /** Spelled counts for 'two days earlier'. */
  cardinals: Map<string, number>;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);

/** Build the lexicon from the rows of a date-lexicon file (exported for tests). */
export function buildDateLexicon(
  rows: { line: number; file: string; value: Record<string, unknown> }[],
): DateLexicon {
  const lex: DateLexicon = {
    conflicts: [],
    conflictNouns: new Set(),
    futureCues: [],
    attributionVerbs: new Set(),
    pastCues: new Set(),
    pastPrepositions: new Set(),
    modifiers: [],
    monthPreceders: new Set(),
    ignore: new Set(),
    ordinals: new Map(),
    cardinals: new Map(),
  };
  for (const { value: v, line, file } of rows) {
    const words = strings(v.words).map((w) => w.toLowerCase());
    switch (v.type) {
      case 'conflict': {
        const start = parseDay(typeof v.start === 'string' ? v.start : null);
        if (start === null || typeof v.id !== 'string')
          throw new KbError(file, line, 'conflict needs id and start');
        lex.conflicts.push({ id: v.id, name: String(v.name ?? v.id), start, cues: new Set(strings(v.cues)) });
        break;
      }
      case 'conflict-noun':
        for (const w of words) lex.conflictNouns.add(w);
        break;
      case 'future-cue':
        for (const w of words) lex.futureCues.push(w.split(/\s+/));
        break;
      case 'attribution-verb':
        for (const w of words) lex.attributionVerbs.add(w);
        break;
      case 'past-cue':
        for (const w of words) lex.pastCues.add(w);
        break;
      case 'past-preposition':
        for (const w of words) lex.pastPrepositions.add(w);
        break;
      case 'modifier':
        lex.modifiers.push(...words);
        break;
      case 'month-preceder':
        for (const w of words) lex.monthPreceders.add(w);
        break;
      case 'ignore':
        for (const w of words) lex.ignore.add(w);
        break;
      case 'ordinal':
      case 'cardinal':
        if (v.values && typeof v.values === 'object') {
          const map = v.type === 'ordinal' ? lex.ordinals : lex.cardinals;
          for (const [k, n] of Object.entries(v.values))
            if (typeof n === 'number') map.set(k.toLowerCase(), n);
        }
        break;
      default:
        throw new KbError(file, line, `unknown date-lexicon type ${JSON.stringify(v.type)}`);
    }
  }
  lex.modifiers.sort((a, b) => b.length - a.length);
  return lex;
}

let cached: DateLexicon | null = null;

export function dateLexicon(): DateLexicon {
  if (!cached) {
    const f = readKbFile(kbPath('lexicon', 'dates.jsonl'), kbPath());
    cached = buildDateLexicon(f.rows);
  }
  return cached;
}
