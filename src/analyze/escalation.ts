// The escalation index: per actor pair and per day or week, clustered events (one real-world
// event counts once, however many outlets carried it) counted by PLOVER type and weighted by
// intensity into verbal conflict, material conflict and cooperation; normalised by the media
// volume of the period (articles stored for it) with that coverage shown beside it; periods with
// no articles are gaps, never zeros. Shifts are flagged when a normalised score leaves its recent
// range by a robust z-score (median and MAD over a trailing window), with the events that drove it.
import type { KnowledgeBase } from '../kb/load.js';
import { dayNum, isoDay } from './features.js';
import { analysisLexicon, type Family } from './lexicon.js';

export type Period = 'day' | 'week';

export interface Dyad {
  a: string;
  b: string;
  /** a → b only; otherwise both directions. */
  directed: boolean;
}

/** "RUS:NATO" (both directions) or "RUS>NATO" (RUS acting on NATO). */
export function parseDyad(s: string): Dyad | null {
  const m = /^\s*([^:>]+?)\s*([:>])\s*([^:>]+?)\s*$/.exec(s);
  if (!m) return null;
  return { a: m[1]!, b: m[3]!, directed: m[2] === '>' };
}

/** A cluster as the index reads it. */
export interface IndexCluster {
  id: number;
  type: string;
  group: string;
  day: string | null;
  sources: string[];
  targets: string[];
  intensity: number | null;
  reports: number;
  articles: number;
  text: string | null;
}

export const FAMILIES: Family[] = ['verbal', 'material', 'cooperation'];

/** Does the cluster involve the dyad (in the dyad's direction)? */
export function inDyad(c: Pick<IndexCluster, 'sources' | 'targets'>, d: Dyad): boolean {
  const dir = (x: string, y: string) => c.sources.includes(x) && c.targets.includes(y);
  if (dir(d.a, d.b)) return true;
  if (d.directed) return false;
  // Meetings and clashes list every participant as a source.
  return dir(d.b, d.a) || (c.sources.includes(d.a) && c.sources.includes(d.b));
}

/** Only what happened counts: hypothetical, negated and future events never do. */
export const counts = (c: Pick<IndexCluster, 'group'>) => c.group === 'happened';

export function weightOf(kb: KnowledgeBase, c: Pick<IndexCluster, 'type' | 'intensity'>): number {
  if (c.intensity != null && Number.isFinite(c.intensity)) return Math.abs(c.intensity);
  return analysisLexicon(kb).family.get(c.type)?.weight ?? 1;
}

/** The period a day belongs to: the day itself, or the Monday of its ISO week. */
export function periodOf(day: string, by: Period): string {
  if (by === 'day') return day.slice(0, 10);
  const n = dayNum(day)!;
  // 1970-01-01 was a Thursday: day 0 is weekday 3 counting from Monday = 0.
  const weekday = (n + 3) % 7;
  return isoDay(n - weekday);
}

export function nextPeriod(p: string, by: Period): string {
  return isoDay(dayNum(p)! + (by === 'day' ? 1 : 7));
}

/** ISO week label of the week starting on a Monday: 2023-W42. */
export function weekLabel(monday: string): string {
  const n = dayNum(monday)!;
  const thursday = n + 3;
  const year = new Date(thursday * 86_400_000).getUTCFullYear();
  const jan1 = dayNum(`${year}-01-01`)!;
  return `${year}-W${String(Math.floor((thursday - jan1) / 7) + 1).padStart(2, '0')}`;
}

export interface Driver {
  cluster: number;
  type: string;
  family: Family;
  weight: number;
  sources: string[];
  targets: string[];
  reports: number;
  text: string | null;
}

export interface Shift {
  series: Family;
  z: number;
  direction: 'up' | 'down';
  median: number;
  value: number;
  drivers: Driver[];
}

export interface IndexRow {
  period: string;
  label: string;
  /** Articles stored for the period (the coverage); 0: a gap, nothing normalised. */
  articles: number;
  events: number;
  reports: number;
  byType: Record<string, number>;
  score: Record<Family, number>;
  /** score / articles; null when the period has no articles. */
  perArticle: Record<Family, number> | null;
  /** events / articles: events per article of the period; null when it has no articles. */
  eventsPerArticle: number | null;
  /** Events of the dyad that did not happen (hypothetical, negated, future): shown, never scored. */
  notCounted: number;
  shifts: Shift[];
  /** The period's heaviest events (at most ROW_DRIVERS), heaviest first. */
  drivers: Driver[];
}

export interface IndexOptions {
  by: Period;
  since?: string;
  until?: string;
  /** Trailing periods (with coverage) the shift test compares against. */
  window?: number;
  /** Fewest earlier periods before a shift can be flagged. */
  minHistory?: number;
  /** |robust z| at or above which a period is a shift. */
  threshold?: number;
}

/** Driving events listed per row: the heaviest of the period. */
export const ROW_DRIVERS = 10;
/** Driving events listed per shift: the heaviest of its family in the period. */
export const SHIFT_DRIVERS = 5;
export const DEFAULT_WINDOW = 8;
export const DEFAULT_MIN_HISTORY = 4;
export const DEFAULT_THRESHOLD = 3.5;
/** Consistency constant: MAD × 1.4826 estimates σ for normal data; mean AD × 1.2533 likewise. */
const MAD_SCALE = 1.4826;
const MEAN_AD_SCALE = 1.2533;
const Z_CAP = 99;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Robust z-score of x against a history: (x − median) / (1.4826 · MAD), falling back to the mean
 * absolute deviation when more than half the history is one value, and to ±cap when the history
 * is constant and x differs from it.
 */
export function robustZ(x: number, history: number[]): { z: number; median: number } {
  const med = median(history);
  const dev = history.map((h) => Math.abs(h - med));
  const mad = median(dev);
  let scale = mad * MAD_SCALE;
  if (scale === 0) scale = (dev.reduce((a, b) => a + b, 0) / dev.length) * MEAN_AD_SCALE;
  const diff = x - med;
  if (scale === 0) return { z: diff === 0 ? 0 : Math.sign(diff) * Z_CAP, median: med };
  return { z: Math.max(-Z_CAP, Math.min(Z_CAP, diff / scale)), median: med };
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** A pair's clusters of one day, type and status, summed (a day of null: dated to a month or year). */
export interface DayGroup {
  day: string | null;
  type: string;
  group: string;
  n: number;
  reports: number;
  /** Sum of |intensity| over the clusters that have one. */
  weight: number;
  /** Clusters without an intensity: each weighs its type's weight. */
  unweighted: number;
}

/** A driving event with the period it counts in. */
export type PeriodDriver = Driver & { period: string };

/** A day within `since`/`until` (until=2024-03 covers all of March). */
export const inRange = (o: Pick<IndexOptions, 'since' | 'until'>, day: string) =>
  (!o.since || day >= o.since) && (!o.until || day.slice(0, o.until.length) <= o.until);

const emptyRow = (p: string, by: Period): IndexRow => ({
  period: p,
  label: by === 'week' ? weekLabel(p) : p,
  articles: 0,
  events: 0,
  reports: 0,
  byType: {},
  score: { verbal: 0, material: 0, cooperation: 0 },
  perArticle: null,
  eventsPerArticle: null,
  notCounted: 0,
  shifts: [],
  drivers: [],
});

/**
 * The index table from a pair's clusters summed by day (and the articles stored per day), and
 * candidate drivers: at least the ten heaviest counted clusters of each period and the five
 * heaviest of each family in it. Shifts are flagged here; rows keep their ROW_DRIVERS heaviest.
 */
export function indexFromGroups(
  kb: KnowledgeBase,
  groups: DayGroup[],
  drivers: PeriodDriver[],
  articlesPerDay: Map<string, number>,
  opts: IndexOptions,
): { rows: IndexRow[]; undated: number; outside: number } {
  const lex = analysisLexicon(kb);
  const by = opts.by;
  const rows = new Map<string, IndexRow>();
  const row = (p: string): IndexRow => {
    let r = rows.get(p);
    if (!r) {
      r = emptyRow(p, by);
      rows.set(p, r);
    }
    return r;
  };
  for (const [day, n] of articlesPerDay) if (inRange(opts, day)) row(periodOf(day, by)).articles += n;
  let undated = 0;
  let outside = 0;
  for (const g of groups) {
    // Dated to a month or year only: it has no place in a day or week series.
    if (!g.day) undated += g.n;
    else if (!inRange(opts, g.day)) outside += g.n;
    else {
      const r = row(periodOf(g.day, by));
      if (!counts(g)) r.notCounted += g.n;
      else {
        r.events += g.n;
        r.reports += g.reports;
        r.byType[g.type] = (r.byType[g.type] ?? 0) + g.n;
        const fam = lex.family.get(g.type);
        if (fam) r.score[fam.family] += g.weight + g.unweighted * fam.weight;
      }
    }
  }
  for (const d of drivers) {
    const { period, ...driver } = d;
    rows.get(period)?.drivers.push(driver);
  }
  const ordered = [...rows.values()].sort((a, b) => a.period.localeCompare(b.period));
  for (const r of ordered) {
    for (const f of FAMILIES) r.score[f] = round(r.score[f]);
    r.perArticle = r.articles
      ? {
          verbal: round(r.score.verbal / r.articles),
          material: round(r.score.material / r.articles),
          cooperation: round(r.score.cooperation / r.articles),
        }
      : null;
    r.eventsPerArticle = r.articles ? round(r.events / r.articles) : null;
    r.drivers.sort((a, b) => b.weight - a.weight || a.cluster - b.cluster);
  }
  flagShifts(ordered, opts);
  // A busy week has hundreds of events: a row names its heaviest (a shift names its own).
  for (const r of ordered) r.drivers = r.drivers.slice(0, ROW_DRIVERS);
  return { rows: ordered, undated, outside };
}

/** The index table of one dyad from its clusters (all in memory) and the articles stored per day. */
export function escalationIndex(
  kb: KnowledgeBase,
  clusters: IndexCluster[],
  articlesPerDay: Map<string, number>,
  dyad: Dyad,
  opts: IndexOptions,
): { rows: IndexRow[]; undated: number; outside: number } {
  const lex = analysisLexicon(kb);
  const groups = new Map<string, DayGroup>();
  const drivers: PeriodDriver[] = [];
  for (const c of clusters) {
    if (!inDyad(c, dyad)) continue;
    const key = `${c.day}|${c.type}|${c.group}`;
    let g = groups.get(key);
    if (!g) {
      g = { day: c.day, type: c.type, group: c.group, n: 0, reports: 0, weight: 0, unweighted: 0 };
      groups.set(key, g);
    }
    g.n++;
    g.reports += c.reports;
    const weighted = c.intensity != null && Number.isFinite(c.intensity);
    if (weighted) g.weight += Math.abs(c.intensity!);
    else g.unweighted++;
    const family = lex.family.get(c.type)?.family;
    if (c.day && inRange(opts, c.day) && counts(c) && family)
      drivers.push({
        period: periodOf(c.day, opts.by),
        cluster: c.id,
        type: c.type,
        family,
        weight: round(weightOf(kb, c)),
        sources: c.sources,
        targets: c.targets,
        reports: c.reports,
        text: c.text,
      });
  }
  return indexFromGroups(kb, [...groups.values()], drivers, articlesPerDay, opts);
}

/** Robust z of each normalised series against its trailing window of covered periods. */
export function flagShifts(
  rows: IndexRow[],
  opts: Pick<IndexOptions, 'window' | 'minHistory' | 'threshold'>,
): void {
  const window = opts.window ?? DEFAULT_WINDOW;
  const minHistory = opts.minHistory ?? DEFAULT_MIN_HISTORY;
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const covered = rows.filter((r) => r.perArticle);
  covered.forEach((r, i) => {
    const history = covered.slice(Math.max(0, i - window), i);
    if (history.length < minHistory) return;
    for (const f of FAMILIES) {
      const x = r.perArticle![f];
      const { z, median: med } = robustZ(
        x,
        history.map((h) => h.perArticle![f]),
      );
      if (Math.abs(z) >= threshold && x !== med)
        r.shifts.push({
          series: f,
          z: round(z, 2),
          direction: z > 0 ? 'up' : 'down',
          median: med,
          value: x,
          drivers: r.drivers.filter((d) => d.family === f).slice(0, SHIFT_DRIVERS),
        });
    }
  });
}

/** Clusters of one type, status and set of actors, summed: what the list of pairs needs. */
export interface ClusterGroup {
  type: string;
  group: string;
  sources: string[];
  targets: string[];
  n: number;
  reports: number;
  /** Sum of |intensity| over the clusters that have one. */
  weight: number;
  /** Clusters without an intensity: each weighs its type's weight. */
  unweighted: number;
}

export interface DyadTotal {
  a: string;
  b: string;
  events: number;
  reports: number;
  score: Record<Family, number>;
}

/** Every undirected pair that has events, with its totals: what `redline index` lists without --dyad. */
export function dyadTotals(kb: KnowledgeBase, clusters: IndexCluster[]): DyadTotal[] {
  return dyadTotalsOf(
    kb,
    clusters.map((c) => ({
      type: c.type,
      group: c.group,
      sources: c.sources,
      targets: c.targets,
      n: 1,
      reports: c.reports,
      weight: c.intensity != null && Number.isFinite(c.intensity) ? Math.abs(c.intensity) : 0,
      unweighted: c.intensity != null && Number.isFinite(c.intensity) ? 0 : 1,
    })),
  );
}

/** `dyadTotals` over clusters already summed by type and actors (index-data.ts reads them so). */
export function dyadTotalsOf(kb: KnowledgeBase, groups: ClusterGroup[]): DyadTotal[] {
  const lex = analysisLexicon(kb);
  const out = new Map<string, DyadTotal>();
  for (const g of groups) {
    if (!counts(g)) continue;
    const family = lex.family.get(g.type)?.family;
    const w = g.weight + g.unweighted * (lex.family.get(g.type)?.weight ?? 1);
    const pairs = new Set<string>();
    for (const s of g.sources)
      for (const t of g.targets) if (s !== t) pairs.add([s, t].sort().join('\u0000'));
    for (const p of pairs) {
      const [a, b] = p.split('\u0000') as [string, string];
      const e = out.get(p) ?? {
        a,
        b,
        events: 0,
        reports: 0,
        score: { verbal: 0, material: 0, cooperation: 0 },
      };
      out.set(p, e);
      e.events += g.n;
      e.reports += g.reports;
      if (family) e.score[family] += w;
    }
  }
  for (const e of out.values()) for (const f of FAMILIES) e.score[f] = round(e.score[f]);
  return [...out.values()].sort(
    (x, y) =>
      y.events - x.events || y.reports - x.reports || x.a.localeCompare(y.a) || x.b.localeCompare(y.b),
  );
}
