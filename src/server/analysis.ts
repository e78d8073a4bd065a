// The analysis layer over HTTP: the escalation index of an actor pair, the pairs that have events,
// event and quote clusters with their reports, and the outlet comparison. The numbers come from
// src/analyze unchanged (the index rows are what `redline index --json` prints); this file only
// resolves what the caller typed, adds readable names and outlet kinds, and pages the lists.
import { actorLabel, dyadActor, parseActor } from '../analyze/actors.js';
import { compareSources, framingByConcept } from '../analyze/compare.js';
import {
  DEFAULT_MIN_HISTORY,
  DEFAULT_THRESHOLD,
  DEFAULT_WINDOW,
  type Dyad,
  dyadTotalsOf,
  type Period,
  parseDyad,
} from '../analyze/escalation.js';
import { clusterGroups, dyadIndex, hasClusters } from '../analyze/index-data.js';
import { outletOf } from '../analyze/outlets.js';
import type { Disagreements } from '../analyze/summary.js';
import type { KnowledgeBase } from '../kb/load.js';
import {
  clusterReportRows,
  clustersByIds,
  getQuoteCluster,
  quoteClusterReportRows,
} from '../store/cluster-queries.js';
import { type AnyDb, type ClusterSummaryRow, clusterLinks, getCluster } from '../store/clusters.js';
import { type Page, type PageRequest, pageOfList } from '../store/queries.js';
import { ApiError } from './errors.js';
import type { DYAD_SORTS } from './schemas.js';

const looksLikeKey = (v: string) => /^(country|org|person|name|new):/i.test(v);

/**
 * The index-level actor a caller means: an actor key (`country:RUS`, `org:RUS-MOD`, a person's
 * key, which stands for the state or organisation they act for now) or what `parseActor` reads
 * (RUS, Russia, NATO, nato).
 */
export function resolveActor(kb: KnowledgeBase, input: string): string {
  const s = input.trim();
  return looksLikeKey(s) ? dyadActor(kb, s, null) : parseActor(kb, s);
}

/** Known to the knowledge base, or present in some cluster (actors new to the KB keep their ids). */
async function knownActor(db: AnyDb, kb: KnowledgeBase, id: string): Promise<boolean> {
  if (kb.countries.has(id) || kb.orgs.has(id)) return true;
  if (id.startsWith('person:') && kb.people.has(id.slice(7))) return true;
  return hasClusters(db, id);
}

const names = (kb: KnowledgeBase, ids: string[]) => ids.map((x) => actorLabel(kb, x));

// ---- escalation index

export interface IndexQuery {
  dyad: string;
  by?: Period | undefined;
  since?: string | undefined;
  until?: string | undefined;
  window?: number | undefined;
  threshold?: number | undefined;
}

const DYAD_HELP =
  'expected A:B (both directions) or A>B (A acting on B), each an ISO3 code, organisation or name, e.g. RUS:UKR';

export async function indexOf(db: AnyDb, kb: KnowledgeBase, q: IndexQuery) {
  const raw = parseDyad(q.dyad);
  if (!raw) throw new ApiError(400, `dyad "${q.dyad}": ${DYAD_HELP}`);
  const dyad: Dyad = { a: resolveActor(kb, raw.a), b: resolveActor(kb, raw.b), directed: raw.directed };
  for (const [typed, id] of [
    [raw.a, dyad.a],
    [raw.b, dyad.b],
  ] as const)
    if (!(await knownActor(db, kb, id)))
      throw new ApiError(
        400,
        `dyad "${q.dyad}": unknown actor "${typed}": give an ISO3 country code (RUS), an organisation (NATO) or a country name; /api/index/dyads lists the pairs that have events`,
      );
  if (dyad.a === dyad.b)
    throw new ApiError(400, `dyad "${q.dyad}": both sides are ${actorLabel(kb, dyad.a)}: name two actors`);
  const by = q.by ?? 'week';
  const settings = {
    window: q.window ?? DEFAULT_WINDOW,
    threshold: q.threshold ?? DEFAULT_THRESHOLD,
    minHistory: DEFAULT_MIN_HISTORY,
  };
  const result = await dyadIndex(db, kb, dyad, {
    by,
    ...(q.since ? { since: q.since } : {}),
    ...(q.until ? { until: q.until } : {}),
    ...settings,
  });
  // Outlets of every driving cluster and names of every actor named, so a client needs no more calls.
  const drivers = result.rows.flatMap((r) => [...r.drivers, ...r.shifts.flatMap((x) => x.drivers)]);
  const driverIds = new Set(drivers.map((d) => d.cluster));
  const summaries = await clustersByIds(db, [...driverIds]);
  const clusterInfo: Record<
    string,
    { day: string | null; place: string | null; articles: number; outlets: string[]; outletKinds: string[] }
  > = {};
  for (const [id, c] of summaries)
    clusterInfo[String(id)] = {
      day: c.day,
      place: c.place,
      articles: c.articles,
      outlets: c.outlets,
      outletKinds: c.outletKinds,
    };
  const labels: Record<string, string> = {};
  for (const id of [dyad.a, dyad.b, ...drivers.flatMap((d) => [...d.sources, ...d.targets])])
    labels[id] ??= actorLabel(kb, id);
  return {
    dyad: { ...dyad, aLabel: actorLabel(kb, dyad.a), bLabel: actorLabel(kb, dyad.b) },
    by,
    ...result,
    settings,
    clusters: clusterInfo,
    labels,
  };
}

// ---- actor pairs

export interface DyadsQuery {
  actor?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  sort?: string | undefined;
}

export async function dyadsOf(db: AnyDb, kb: KnowledgeBase, q: DyadsQuery, p: PageRequest) {
  const actor = q.actor ? resolveActor(kb, q.actor) : null;
  // The same day test as the index: a month-dated cluster is in no day range.
  const groups = await clusterGroups(db, {
    actor,
    ...(q.since ? { since: q.since } : {}),
    ...(q.until ? { until: q.until } : {}),
  });
  let totals = dyadTotalsOf(kb, groups);
  if (actor) totals = totals.filter((t) => t.a === actor || t.b === actor);
  const sort = q.sort ?? '-events';
  const name = sort.replace(/^-/, '') as (typeof DYAD_SORTS)[number];
  const sign = sort.startsWith('-') ? -1 : 1;
  const other = name === 'events' ? 'reports' : 'events';
  const ordered = [...totals].sort(
    (x, y) =>
      sign * (x[name] - y[name]) ||
      sign * (x[other] - y[other]) ||
      `${x.a}:${x.b}`.localeCompare(`${y.a}:${y.b}`),
  );
  const items = ordered.map((t) => ({
    dyad: `${t.a}:${t.b}`,
    a: t.a,
    b: t.b,
    aLabel: actorLabel(kb, t.a),
    bLabel: actorLabel(kb, t.b),
    events: t.events,
    reports: t.reports,
    score: t.score,
  }));
  return pageOfList(items, sort, p);
}

// ---- clusters

export function clusterItem(kb: KnowledgeBase, c: ClusterSummaryRow) {
  return {
    ...c,
    // Stored as the summary wrote it (summary.ts); typed here for the response schema.
    disagreements: c.disagreements as Disagreements,
    sourceNames: names(kb, c.sources),
    targetNames: names(kb, c.targets),
  };
}

export function clusterPage(kb: KnowledgeBase, page: Page<ClusterSummaryRow>) {
  return { items: page.items.map((c) => clusterItem(kb, c)), nextCursor: page.nextCursor };
}

const outletFields = (kb: KnowledgeBase, source: string | null, url: string | null) => {
  const o = outletOf(kb, source, url);
  return { outlet: o?.name ?? source?.trim() ?? null, outletKind: o?.kind ?? null };
};

export async function clusterDetail(db: AnyDb, kb: KnowledgeBase, id: number) {
  const c = await getCluster(db, id);
  if (!c) throw new ApiError(404, `no event cluster ${id}`);
  const reports = (await clusterReportRows(db, id)).map(({ articleSource, ...r }) => ({
    ...r,
    articleSource,
    ...outletFields(kb, articleSource, r.url),
  }));
  const links = await clusterLinks(db, id);
  const others = await clustersByIds(
    db,
    links.map((l) => (l.claimId === id ? l.counterId : l.claimId)),
  );
  return {
    ...clusterItem(kb, c),
    reports,
    links: links.flatMap((l) => {
      const role = l.claimId === id ? ('claim' as const) : ('counter' as const);
      const other = others.get(role === 'claim' ? l.counterId : l.claimId);
      if (!other) return [];
      return [
        {
          claimId: l.claimId,
          counterId: l.counterId,
          kind: l.kind,
          score: l.score,
          role,
          other: {
            id: other.id,
            type: other.type,
            group: other.group,
            day: other.day,
            date: other.date,
            sources: other.sources,
            targets: other.targets,
            sourceNames: names(kb, other.sources),
            targetNames: names(kb, other.targets),
            reports: other.reports,
            outlets: other.outlets,
            text: other.text,
          },
        },
      ];
    }),
  };
}

export async function quoteClusterDetail(db: AnyDb, kb: KnowledgeBase, id: number) {
  const c = await getQuoteCluster(db, id);
  if (!c) throw new ApiError(404, `no quote cluster ${id}`);
  const reports = (await quoteClusterReportRows(db, id)).map(({ articleSource, ...r }) => ({
    ...r,
    articleSource,
    ...outletFields(kb, articleSource, r.url),
  }));
  return { ...c, reports };
}

// ---- outlets compared

export async function sourcesOf(
  db: AnyDb,
  kb: KnowledgeBase,
  q: { outlet?: string | undefined; since?: string | undefined; until?: string | undefined },
) {
  // compareSources names outlets as the knowledge base does ("BBC" for a "BBC News" source line).
  const outlet = q.outlet ? (outletOf(kb, q.outlet)?.name ?? q.outlet) : undefined;
  const outlets = await compareSources(db, kb, {
    ...(outlet ? { outlet } : {}),
    ...(q.since ? { since: q.since } : {}),
    ...(q.until ? { until: q.until } : {}),
  });
  return { outlets, concepts: framingByConcept(kb, outlets) };
}
