// Claim and counter-claim: an accusation and the accused side's denial (a demand and its refusal,
// a threat and its rejection) are separate events, linked; so are a report that an act happened
// and the actor's own statement that it did not.
import type { KnowledgeBase } from '../kb/load.js';
import type { EventReport, PlaceInfo } from './features.js';
import { cosine, placeFit } from './features.js';
import { analysisLexicon } from './lexicon.js';

/** Days between a claim and its answer. */
export const LINK_DAYS = 2;
export const LINK_THRESHOLD = 0.25;
/** An answer is linked to at most this many claims, the best first. */
export const LINKS_PER_COUNTER = 3;

export interface LinkCluster {
  id: number;
  type: string;
  grp: string;
  lo: number | null;
  hi: number | null;
  sources: string[];
  targets: string[];
  articles: Set<string>;
  words: Set<string>;
  signature: Set<string>;
  places: PlaceInfo[];
}

export function linkCluster(id: number, members: EventReport[]): LinkCluster {
  const c: LinkCluster = {
    id,
    type: members[0]!.type,
    grp: members[0]!.group,
    lo: null,
    hi: null,
    sources: [],
    targets: [],
    articles: new Set(),
    words: new Set(),
    signature: new Set(),
    places: [],
  };
  for (const m of members) {
    if (m.when.lo != null && m.when.hi != null) {
      c.lo = c.lo == null ? m.when.lo : Math.min(c.lo, m.when.lo);
      c.hi = c.hi == null ? m.when.hi : Math.max(c.hi, m.when.hi);
    }
    for (const s of m.sources) if (!c.sources.includes(s)) c.sources.push(s);
    for (const t of m.targets) if (!c.targets.includes(t)) c.targets.push(t);
    c.articles.add(m.articleId);
    for (const w of m.words) c.words.add(w);
    for (const w of m.article.signature) c.signature.add(w);
    if (m.place) c.places.push(m.place);
  }
  return c;
}

export interface LinkSpec {
  claimType: string;
  claimGroup: string;
  counterType: string;
  counterGroup: string;
  kind: string;
  answerer: 'target' | 'source';
}

/** The link rules: the lexicon's counter rules, and negation of any act by its own source. */
export function linkSpecs(kb: KnowledgeBase): LinkSpec[] {
  const lex = analysisLexicon(kb);
  const specs: LinkSpec[] = lex.counters.map((r) => ({
    claimType: r.claim,
    claimGroup: 'happened',
    counterType: r.counter,
    counterGroup: 'happened',
    kind: r.link,
    answerer: r.answerer,
  }));
  for (const type of lex.family.keys())
    specs.push({
      claimType: type,
      claimGroup: 'happened',
      counterType: type,
      counterGroup: 'negated',
      kind: 'negation',
      answerer: 'source',
    });
  return specs;
}

const meets = (a: LinkCluster, b: LinkCluster) =>
  a.lo == null ||
  a.hi == null ||
  b.lo == null ||
  b.hi == null ||
  (a.lo <= b.hi + LINK_DAYS && b.lo <= a.hi + LINK_DAYS);

const intersects = (a: string[], b: string[]) => a.some((x) => b.includes(x));

/** How surely `counter` answers `claim` under `spec`, or null when it cannot. */
export function linkScore(spec: LinkSpec, claim: LinkCluster, counter: LinkCluster): number | null {
  if (claim.type !== spec.claimType || claim.grp !== spec.claimGroup) return null;
  if (counter.type !== spec.counterType || counter.grp !== spec.counterGroup) return null;
  if (claim.id === counter.id || !meets(claim, counter)) return null;
  if (spec.answerer === 'target') {
    // The accused answers; an answer addressed to someone else is not this one's.
    if (!intersects(counter.sources, claim.targets)) return null;
    if (counter.targets.length && claim.sources.length && !intersects(counter.targets, claim.sources))
      return null;
  } else if (!intersects(counter.sources, claim.sources)) return null;
  for (const a of claim.articles) if (counter.articles.has(a)) return 1;
  // Different articles: the answer must be about the same thing (words, story, place).
  let place = 0;
  for (const p of claim.places)
    for (const q of counter.places) {
      const f = placeFit(p, q);
      if (f != null && f >= 0.6) place = 0.2;
    }
  return Math.min(
    1,
    0.5 * cosine(claim.words, counter.words) + 0.5 * cosine(claim.signature, counter.signature) + place,
  );
}

export interface Link {
  claimId: number;
  counterId: number;
  kind: string;
  score: number;
}

/** Links among clusters that involve at least one of `touched`. */
export function findLinks(specs: LinkSpec[], touched: LinkCluster[], all: LinkCluster[]): Link[] {
  const touchedIds = new Set(touched.map((c) => c.id));
  const byCounter = new Map<number, Link[]>();
  for (const spec of specs) {
    const claims = all.filter((c) => c.type === spec.claimType && c.grp === spec.claimGroup);
    const counters = all.filter((c) => c.type === spec.counterType && c.grp === spec.counterGroup);
    for (const k of counters)
      for (const c of claims) {
        if (!touchedIds.has(k.id) && !touchedIds.has(c.id)) continue;
        const s = linkScore(spec, c, k);
        if (s == null || s < LINK_THRESHOLD) continue;
        const l = byCounter.get(k.id) ?? [];
        l.push({ claimId: c.id, counterId: k.id, kind: spec.kind, score: Math.round(s * 1000) / 1000 });
        byCounter.set(k.id, l);
      }
  }
  return [...byCounter.values()].flatMap((l) =>
    l.sort((a, b) => b.score - a.score || a.claimId - b.claimId).slice(0, LINKS_PER_COUNTER),
  );
}
