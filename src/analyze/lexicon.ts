// The analysis stage's knowledge (kb/lexicon/analysis.jsonl and kb/lexicon/framing.jsonl), read
// once per knowledge base and compiled into lookups.
import type { KnowledgeBase } from '../kb/load.js';
import { fold } from '../kb/match.js';

export type Family = 'verbal' | 'material' | 'cooperation';

export interface FramingVariant {
  id: string;
  label: string;
}

export interface FramingConcept {
  id: string;
  concept: string;
  spelling: boolean;
  variants: FramingVariant[];
}

export interface CounterRule {
  claim: string;
  counter: string;
  answerer: 'target' | 'source';
  link: string;
}

export interface AnalysisLexicon {
  family: Map<string, { family: Family; weight: number }>;
  foldOrgTypes: Set<string>;
  /** IGO bodies with a parent IGO count as the parent. */
  foldIgoParent: boolean;
  counters: CounterRule[];
  /** Quantity kind → event types a figure of that kind belongs to. */
  figures: Map<string, Set<string>>;
  stopwords: Set<string>;
  numbers: Set<string>;
  framing: FramingConcept[];
  /**
   * Per concept, its forms longest first, split by case rule (capitalised forms match only as
   * written). One pattern per concept, so that "Kiev regime" counts for both the government
   * concept and the spelling of the capital.
   */
  framingPatterns: RegExp[];
  /** Surface form (folded for any-case forms, exact otherwise) → concept and variant. */
  framingForms: Map<string, { concept: string; variant: string }>;
  /** Folded single-word spelling variants → one canonical token for text comparison. */
  spellingToken: Map<string, string>;
}

const cache = new WeakMap<KnowledgeBase, AnalysisLexicon>();

const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function formRegex(forms: string[], flags: string): RegExp | null {
  if (!forms.length) return null;
  const alts = [...new Set(forms)].sort((a, b) => b.length - a.length).map(escapeRe);
  // Whole words only: no letter or digit on either side.
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alts.join('|')})(?![\\p{L}\\p{N}])`, flags);
}

export function analysisLexicon(kb: KnowledgeBase): AnalysisLexicon {
  const hit = cache.get(kb);
  if (hit) return hit;
  const lex: AnalysisLexicon = {
    family: new Map(),
    foldOrgTypes: new Set(),
    foldIgoParent: false,
    counters: [],
    figures: new Map(),
    stopwords: new Set(),
    numbers: new Set(),
    framing: [],
    framingPatterns: [],
    framingForms: new Map(),
    spellingToken: new Map(),
  };
  for (const r of kb.lexicons.get('analysis-lexicon') ?? []) {
    switch (r.kind) {
      case 'family':
        if (
          typeof r.type === 'string' &&
          (r.family === 'verbal' || r.family === 'material' || r.family === 'cooperation')
        )
          lex.family.set(r.type, { family: r.family, weight: typeof r.weight === 'number' ? r.weight : 1 });
        break;
      case 'fold':
        for (const t of strs(r.org_types)) lex.foldOrgTypes.add(t);
        if (r.igo_parent === true) lex.foldIgoParent = true;
        break;
      case 'counter':
        if (typeof r.claim === 'string' && typeof r.counter === 'string')
          lex.counters.push({
            claim: r.claim,
            counter: r.counter,
            answerer: r.answerer === 'source' ? 'source' : 'target',
            link: typeof r.link === 'string' ? r.link : 'counter-claim',
          });
        break;
      case 'figures':
        for (const k of strs(r.quantity_kinds)) {
          const types = lex.figures.get(k) ?? new Set<string>();
          for (const t of strs(r.event_types)) types.add(t);
          lex.figures.set(k, types);
        }
        break;
      case 'stopwords':
        for (const w of strs(r.words)) lex.stopwords.add(fold(w));
        break;
      case 'numbers':
        for (const w of strs(r.words)) lex.numbers.add(fold(w));
        break;
    }
  }
  for (const r of kb.lexicons.get('framing') ?? []) {
    const cased: string[] = [];
    const anyCase: string[] = [];
    if (typeof r.id !== 'string' || !Array.isArray(r.variants)) continue;
    const concept: FramingConcept = {
      id: r.id,
      concept: typeof r.concept === 'string' ? r.concept : r.id,
      spelling: r.spelling === true,
      variants: [],
    };
    for (const v of r.variants as Record<string, unknown>[]) {
      if (typeof v?.id !== 'string') continue;
      concept.variants.push({ id: v.id, label: typeof v.label === 'string' ? v.label : v.id });
      for (const f of strs(v.forms)) {
        const isCased = /\p{Lu}/u.test(f);
        (isCased ? cased : anyCase).push(f);
        lex.framingForms.set(isCased ? f : fold(f), { concept: concept.id, variant: v.id });
        if (concept.spelling && !/\s/.test(f)) lex.spellingToken.set(fold(f), `~${concept.id}`);
      }
    }
    lex.framing.push(concept);
    for (const re of [formRegex(cased, 'gu'), formRegex(anyCase, 'giu')])
      if (re) lex.framingPatterns.push(re);
  }
  cache.set(kb, lex);
  return lex;
}
