// Source comparison: per outlet, the framing words it uses in the stories it shares with other
// outlets (invasion or special military operation, Kyiv or Kiev, terrorists or partisans …), and
// the events it reported that no other outlet did.

import type { KnowledgeBase } from '../kb/load.js';
import { type AnyDb, analysisDb, chunks } from '../store/clusters.js';
import { analysisLexicon } from './lexicon.js';
import { outletOf } from './outlets.js';

export interface OutletFraming {
  concept: string;
  variants: { variant: string; label: string; count: number }[];
}

export interface OutletProfile {
  outlet: string;
  kind: string | null;
  articles: number;
  /** Event clusters this outlet carried (events that happened or were denied, all modalities). */
  events: number;
  /** Of those, clusters other outlets also carried. */
  shared: number;
  /** Clusters only this outlet carried, in stories other outlets covered too. */
  exclusive: { cluster: number; type: string; day: string | null; text: string | null }[];
  /** Clusters only this outlet carried, all of them. */
  exclusiveTotal: number;
  /** Framing words in its articles that share a story (a cluster) with another outlet. */
  framing: OutletFraming[];
}

export interface CompareOptions {
  since?: string;
  until?: string;
  outlet?: string;
}

interface Membership {
  article_id: string;
  cluster_id: number;
  type: string;
  day: string | null;
  text: string | null;
}

export async function compareSources(
  db: AnyDb,
  kb: KnowledgeBase,
  opts: CompareOptions = {},
): Promise<OutletProfile[]> {
  const a = analysisDb(db);
  let q = a
    .selectFrom('articles')
    .select(['id', 'source', 'url'])
    .where('duplicate_of', 'is', null)
    .where('skip_reason', 'is', null);
  if (opts.since) q = q.where('published', '>=', opts.since);
  if (opts.until) q = q.where('published', '<=', `${opts.until}\uffff`);
  const articles = await q.orderBy('seq').execute();
  const outletOfArticle = new Map<string, { name: string; kind: string | null }>();
  for (const r of articles) {
    const o = outletOf(kb, r.source, r.url);
    outletOfArticle.set(r.id, {
      name: o?.name ?? r.source?.trim() ?? '(unknown outlet)',
      kind: o?.kind ?? null,
    });
  }
  const members: Membership[] = [];
  const framing = new Map<string, { concept: string; variant: string; count: number }[]>();
  for (const c of chunks(articles.map((r) => r.id))) {
    if (!c.length) continue;
    members.push(
      ...(await a
        .selectFrom('cluster_members as m')
        .innerJoin('clusters as k', 'k.id', 'm.cluster_id')
        .select(['m.article_id', 'm.cluster_id', 'k.type', 'k.day', 'k.text'])
        .where('m.article_id', 'in', c)
        .execute()),
    );
    for (const f of await a
      .selectFrom('article_framing')
      .selectAll()
      .where('article_id', 'in', c)
      .execute()) {
      const l = framing.get(f.article_id) ?? [];
      l.push(f);
      framing.set(f.article_id, l);
    }
  }
  // Which outlets carried each cluster (over all articles in range, the outlets' own included).
  const clusterOutlets = new Map<number, Set<string>>();
  for (const m of members) {
    const s = clusterOutlets.get(m.cluster_id) ?? new Set<string>();
    s.add(outletOfArticle.get(m.article_id)!.name);
    clusterOutlets.set(m.cluster_id, s);
  }
  const lex = analysisLexicon(kb);
  const byOutlet = new Map<string, { kind: string | null; articles: string[] }>();
  for (const r of articles) {
    const o = outletOfArticle.get(r.id)!;
    const e = byOutlet.get(o.name) ?? { kind: o.kind, articles: [] };
    e.articles.push(r.id);
    byOutlet.set(o.name, e);
  }
  const out: OutletProfile[] = [];
  for (const [name, { kind, articles: ids }] of byOutlet) {
    if (opts.outlet && name.toLowerCase() !== opts.outlet.toLowerCase()) continue;
    const idSet = new Set(ids);
    const mine = members.filter((m) => idSet.has(m.article_id));
    const clusters = new Map(mine.map((m) => [m.cluster_id, m]));
    const shared = [...clusters.keys()].filter((c) => clusterOutlets.get(c)!.size > 1);
    // Articles in a shared story, and the clusters only this outlet carried.
    const sharedArticles = new Set(
      mine.filter((m) => clusterOutlets.get(m.cluster_id)!.size > 1).map((m) => m.article_id),
    );
    const only = [...clusters.values()].filter((m) => clusterOutlets.get(m.cluster_id)!.size === 1);
    const exclusive = only
      .filter((m) => sharedArticles.has(m.article_id))
      .map((m) => ({ cluster: m.cluster_id, type: m.type, day: m.day, text: m.text }))
      .sort((x, y) => x.cluster - y.cluster);
    const counts = new Map<string, Map<string, number>>();
    for (const id of sharedArticles)
      for (const f of framing.get(id) ?? []) {
        const v = counts.get(f.concept) ?? new Map<string, number>();
        v.set(f.variant, (v.get(f.variant) ?? 0) + f.count);
        counts.set(f.concept, v);
      }
    const fr: OutletFraming[] = [];
    for (const concept of lex.framing) {
      const v = counts.get(concept.id);
      if (!v) continue;
      fr.push({
        concept: concept.id,
        variants: concept.variants
          .filter((x) => v.has(x.id))
          .map((x) => ({ variant: x.id, label: x.label, count: v.get(x.id)! })),
      });
    }
    out.push({
      outlet: name,
      kind,
      articles: ids.length,
      events: clusters.size,
      shared: shared.length,
      exclusive,
      exclusiveTotal: only.length,
      framing: fr,
    });
  }
  return out.sort(
    (x, y) => y.shared - x.shared || y.articles - x.articles || x.outlet.localeCompare(y.outlet),
  );
}

/** Per framing concept, which outlets use which variant (in shared stories). */
export function framingByConcept(
  kb: KnowledgeBase,
  profiles: OutletProfile[],
): { concept: string; name: string; variants: { variant: string; label: string; outlets: string[] }[] }[] {
  const lex = analysisLexicon(kb);
  const out = [];
  for (const c of lex.framing) {
    const variants = c.variants
      .map((v) => ({
        variant: v.id,
        label: v.label,
        outlets: profiles
          .filter((p) =>
            p.framing.some((f) => f.concept === c.id && f.variants.some((x) => x.variant === v.id)),
          )
          .map((p) => p.outlet),
      }))
      .filter((v) => v.outlets.length);
    if (variants.length) out.push({ concept: c.id, name: c.concept, variants });
  }
  return out;
}
