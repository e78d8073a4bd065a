// What a cluster says about its event: who did it to whom, when and where by consensus, which
// outlets (and kinds of outlet) carried it, the earliest report, and where the reports disagree
// (figures, dates, places, framing words).
import type { KnowledgeBase } from '../kb/load.js';
import type { EventReport, QuoteReport } from './features.js';
import { analysisLexicon } from './lexicon.js';
import { outletOf } from './outlets.js';

export interface Figure {
  eventId: number;
  kind: string;
  value: number | null;
  low: number | null;
  high: number | null;
  text: string;
}

export interface ArticleContext {
  /** Outlets of the article's duplicates (syndicated copies carried the same report). */
  duplicateOutlets: Map<string, { source: string | null; url: string | null }[]>;
  /** Framing words by article: concept → variant → count. */
  framing: Map<string, Map<string, Map<string, number>>>;
  figures: Map<number, Figure[]>;
  urls: Map<string, string | null>;
}

export interface Disagreements {
  figures?: { kind: string; values: { value: string; outlets: string[]; text: string }[] }[];
  dates?: { date: string; outlets: string[] }[];
  places?: { place: string; outlets: string[] }[];
  framing?: { concept: string; variants: { variant: string; label: string; outlets: string[] }[] }[];
}

export interface EventClusterSummary {
  type: string;
  grp: string;
  lo: number | null;
  hi: number | null;
  day: string | null;
  date: string | null;
  place: string | null;
  sources: string[];
  targets: string[];
  intensity: number | null;
  reports: number;
  articles: number;
  outlets: string[];
  outletKinds: string[];
  firstEvent: number | null;
  firstArticle: string | null;
  firstPublished: string | null;
  text: string | null;
  disagreements: Disagreements;
}

/** Most frequent value, ties to the first seen. */
function mode<T>(xs: T[]): T | null {
  const n = new Map<T, number>();
  let best: T | null = null;
  let bestN = 0;
  for (const x of xs) {
    const c = (n.get(x) ?? 0) + 1;
    n.set(x, c);
    if (c > bestN) {
      best = x;
      bestN = c;
    }
  }
  return best;
}

function byFrequency(lists: string[][]): string[] {
  const n = new Map<string, number>();
  for (const l of lists) for (const x of l) n.set(x, (n.get(x) ?? 0) + 1);
  return [...n.entries()].sort((a, b) => b[1] - a[1]).map(([x]) => x);
}

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const pubKey = (r: { article: { published: string | null; seq: number }; id: number }) =>
  [
    r.article.published ?? '9999',
    String(r.article.seq).padStart(12, '0'),
    String(r.id).padStart(12, '0'),
  ].join('|');

/** Outlet names and kinds of a set of articles, their duplicates included. */
function outletsOf(
  kb: KnowledgeBase,
  articles: { id: string; outlet: string | null }[],
  ctx: ArticleContext,
): { names: string[]; kinds: string[]; byArticle: Map<string, string> } {
  const names: string[] = [];
  const kinds: string[] = [];
  const byArticle = new Map<string, string>();
  const add = (source: string | null, url: string | null, articleId?: string) => {
    const o = outletOf(kb, source, url);
    const name = o?.name ?? source?.trim() ?? null;
    if (articleId) byArticle.set(articleId, name ?? '(unknown outlet)');
    if (name && !names.includes(name)) names.push(name);
    if (o && !kinds.includes(o.kind)) kinds.push(o.kind);
  };
  for (const a of articles) {
    add(a.outlet, ctx.urls.get(a.id) ?? null, a.id);
    for (const d of ctx.duplicateOutlets.get(a.id) ?? []) add(d.source, d.url);
  }
  return { names, kinds, byArticle };
}

const fmtFigure = (f: Figure) =>
  f.value != null
    ? String(f.value)
    : f.low != null || f.high != null
      ? `${f.low ?? '?'}–${f.high ?? '?'}`
      : f.text;

function framingDisagreements(
  kb: KnowledgeBase,
  articleIds: string[],
  byArticle: Map<string, string>,
  ctx: ArticleContext,
): Disagreements['framing'] {
  const lex = analysisLexicon(kb);
  const out: NonNullable<Disagreements['framing']> = [];
  for (const concept of lex.framing) {
    const variants = concept.variants
      .map((v) => {
        const outlets = [
          ...new Set(
            articleIds
              .filter((a) => ctx.framing.get(a)?.get(concept.id)?.get(v.id))
              .map((a) => byArticle.get(a)!),
          ),
        ];
        return { variant: v.id, label: v.label, outlets };
      })
      .filter((v) => v.outlets.length);
    if (variants.length >= 2) out.push({ concept: concept.id, variants });
  }
  return out.length ? out : undefined;
}

export function summariseEventCluster(
  kb: KnowledgeBase,
  members: EventReport[],
  ctx: ArticleContext,
): EventClusterSummary {
  const first = [...members].sort((a, b) => pubKey(a).localeCompare(pubKey(b)))[0]!;
  const articleIds = [...new Set(members.map((m) => m.articleId))];
  const articles = articleIds.map((id) => ({
    id,
    outlet: members.find((m) => m.articleId === id)!.article.outlet,
  }));
  const { names, kinds, byArticle } = outletsOf(kb, articles, ctx);
  const days = members.filter((m) => m.when.kind === 'day').map((m) => m.when.day!);
  const published = members
    .filter((m) => m.when.kind === 'published')
    .map((m) => m.when.day!)
    .sort();
  const coarse = members.filter((m) => m.when.kind === 'coarse').map((m) => m.date!);
  const day = mode(days) ?? (coarse.length ? null : (published[0] ?? null));
  let lo: number | null = null;
  let hi: number | null = null;
  for (const m of members) {
    if (m.when.lo == null || m.when.hi == null) continue;
    lo = lo == null ? m.when.lo : Math.min(lo, m.when.lo);
    hi = hi == null ? m.when.hi : Math.max(hi, m.when.hi);
  }
  // The most specific place the reports give: a town over a region over a sea or macro-region.
  const rank = (p: string | null) => (p === 'town' || p === 'point' ? 0 : p === 'macro-region' ? 2 : 1);
  const placed = members.filter((m) => m.place);
  const bestRank = Math.min(...placed.map((m) => rank(m.place!.precision)));
  const place = mode(placed.filter((m) => rank(m.place!.precision) === bestRank).map((m) => m.place!.name));
  const d: Disagreements = {};
  if (articleIds.length > 1) {
    // Figures: each outlet's largest figure of a kind (a subtotal is not a disagreement).
    const byKind = new Map<string, Map<string, { value: string; outlets: string[]; text: string }>>();
    for (const a of articleIds) {
      const figs = members.filter((m) => m.articleId === a).flatMap((m) => ctx.figures.get(m.id) ?? []);
      const best = new Map<string, Figure>();
      for (const f of figs) {
        const b = best.get(f.kind);
        const v = f.value ?? f.high ?? f.low ?? -1;
        if (!b || v > (b.value ?? b.high ?? b.low ?? -1)) best.set(f.kind, f);
      }
      for (const [kind, f] of best) {
        const vals = byKind.get(kind) ?? new Map();
        const key = fmtFigure(f);
        const e = vals.get(key) ?? { value: key, outlets: [], text: f.text };
        const o = byArticle.get(a)!;
        if (!e.outlets.includes(o)) e.outlets.push(o);
        vals.set(key, e);
        byKind.set(kind, vals);
      }
    }
    const figures = [...byKind.entries()]
      .filter(([, v]) => v.size > 1)
      .map(([kind, v]) => ({ kind, values: [...v.values()] }));
    if (figures.length) d.figures = figures;
    const group = (pick: (m: EventReport) => string | null) => {
      const g = new Map<string, string[]>();
      for (const m of members) {
        const k = pick(m);
        if (!k) continue;
        const l = g.get(k) ?? [];
        const o = byArticle.get(m.articleId)!;
        if (!l.includes(o)) l.push(o);
        g.set(k, l);
      }
      return g;
    };
    const dates = group((m) => (m.when.kind === 'day' || m.when.kind === 'coarse' ? m.date : null));
    if (dates.size > 1)
      d.dates = [...dates.entries()]
        .map(([date, outlets]) => ({ date, outlets }))
        .sort((a, b) => a.date.localeCompare(b.date));
    const places = group((m) => m.place?.name ?? null);
    if (places.size > 1) d.places = [...places.entries()].map(([p, outlets]) => ({ place: p, outlets }));
    const framing = framingDisagreements(kb, articleIds, byArticle, ctx);
    if (framing) d.framing = framing;
  }
  return {
    type: first.type,
    grp: first.group,
    lo,
    hi,
    day,
    date: day ?? mode(coarse),
    place,
    sources: byFrequency(members.map((m) => m.sources)),
    targets: byFrequency(members.map((m) => m.targets)),
    intensity: median(members.map((m) => m.intensity).filter((x): x is number => x != null)),
    reports: members.length,
    articles: articleIds.length,
    outlets: names,
    outletKinds: kinds,
    firstEvent: first.id,
    firstArticle: first.articleId,
    firstPublished: first.article.published,
    text: first.text,
    disagreements: d,
  };
}

export interface QuoteClusterSummary {
  speaker: string | null;
  speakerRef: string;
  lo: number | null;
  hi: number | null;
  day: string | null;
  text: string;
  reports: number;
  articles: number;
  outlets: string[];
  outletKinds: string[];
  firstQuote: number | null;
  firstArticle: string | null;
  firstPublished: string | null;
}

export function summariseQuoteCluster(
  kb: KnowledgeBase,
  members: QuoteReport[],
  ctx: ArticleContext,
): QuoteClusterSummary {
  const first = [...members].sort((a, b) => pubKey(a).localeCompare(pubKey(b)))[0]!;
  const articleIds = [...new Set(members.map((m) => m.articleId))];
  const { names, kinds } = outletsOf(
    kb,
    articleIds.map((id) => ({ id, outlet: members.find((m) => m.articleId === id)!.article.outlet })),
    ctx,
  );
  let lo: number | null = null;
  let hi: number | null = null;
  for (const m of members) {
    if (m.when.lo == null || m.when.hi == null) continue;
    lo = lo == null ? m.when.lo : Math.min(lo, m.when.lo);
    hi = hi == null ? m.when.hi : Math.max(hi, m.when.hi);
  }
  const named = members.find((m) => m.speakerRef.startsWith('person:')) ?? first;
  // The longest rendering by the named speaker is the fullest text of the statement.
  const text = members
    .filter((m) => m.speakerRef === named.speakerRef)
    .sort((a, b) => b.text.length - a.text.length)[0]!.text;
  return {
    speaker: named.speaker,
    speakerRef: named.speakerRef,
    lo,
    hi,
    day: mode(members.filter((m) => m.when.day).map((m) => m.when.day!)),
    text,
    reports: members.length,
    articles: articleIds.length,
    outlets: names,
    outletKinds: kinds,
    firstQuote: first.id,
    firstArticle: first.articleId,
    firstPublished: first.article.published,
  };
}

// ---- figures ----

export interface FigureEvent {
  id: number;
  type: string;
  group: string;
  evidence: [number, number][];
  /** The event is on the article's news day (not background). */
  current: boolean;
}

export interface FigureQuantity {
  id: number;
  kind: string;
  start: number;
}

/** [start, end) of each line of a text: the paragraphs of a cleaned article. */
export function paragraphsOf(text: string): [number, number][] {
  const out: [number, number][] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    if (line.trim()) out.push([at, at + line.length]);
    at += line.length + 1;
  }
  return out;
}

/** How many opening paragraphs (headline, standfirst, lead) tell the article's main event. */
export const LEAD_PARAGRAPHS = 2;

/**
 * Which event of an article each figure (killed, wounded, troops, money …) belongs to: the event
 * whose evidence holds it; else the nearest fitting event in its paragraph; else, for a figure in
 * the headline or lead, the article's first fitting event. Fitting: a type the figure's kind goes
 * with (analysis lexicon), that happened, on the article's news day (not background).
 */
export function attachFigures(
  kb: KnowledgeBase,
  events: FigureEvent[],
  quantities: FigureQuantity[],
  paragraphs: [number, number][] = [],
): Map<number, number> {
  const lex = analysisLexicon(kb);
  const out = new Map<number, number>();
  const paraOf = (at: number) => paragraphs.findIndex(([s, e]) => at >= s && at <= e);
  for (const q of quantities) {
    const types = lex.figures.get(q.kind);
    if (!types) continue;
    const fits = events.filter((e) => e.group === 'happened' && e.current && types.has(e.type));
    if (!fits.length) continue;
    const inside = fits.find((e) => e.evidence.some(([s, t]) => q.start >= s && q.start < t));
    if (inside) {
      out.set(q.id, inside.id);
      continue;
    }
    // A figure in the sentence of a background, denied or hypothetical act belongs to that act.
    if (events.some((e) => types.has(e.type) && e.evidence.some(([s, t]) => q.start >= s && q.start < t)))
      continue;
    const p = paraOf(q.start);
    let best: FigureEvent | null = null;
    let bestD = Number.POSITIVE_INFINITY;
    for (const e of fits)
      for (const [s, t] of e.evidence) {
        if (paragraphs.length && paraOf(s) !== p) continue;
        const d = q.start < s ? s - q.start : q.start - t;
        if (d < bestD) {
          best = e;
          bestD = d;
        }
      }
    if (!best && p >= 0 && p < LEAD_PARAGRAPHS)
      best = [...fits].sort((a, b) => (a.evidence[0]?.[0] ?? 0) - (b.evidence[0]?.[0] ?? 0))[0] ?? null;
    if (best) out.set(q.id, best.id);
  }
  return out;
}
