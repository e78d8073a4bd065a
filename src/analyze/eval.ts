// Pairwise precision, recall and F1 of same-event linking on the labelled reports in
// examples/clusters/ (written for the project over examples/corpus). Two measurements:
//  - constructed: the labelled reports themselves are stored as the extraction (what an ideal
//    extractor would give), so only the clustering is measured;
//  - pipeline: the real extractor runs on the corpus and each labelled report is matched to the
//    extracted event of its article with the same type whose evidence (main sentence or any
//    restatement) holds the anchor; a report the extractor missed links to nothing.
// `npm run eval:clusters` prints both (`--verbose` lists the wrong pairs, `--json` the figures).
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractArticle } from '../extract/article.js';
import { actorName } from '../extract/entities.js';
import type { ActorItem, EventItem, ExtractionRecord, PlaceItem } from '../extract/record.js';
import { type Article, prepare } from '../ingest/article.js';
import { readInputs } from '../ingest/readers.js';
import { defaultKb, type KnowledgeBase } from '../kb/load.js';
import { packageRoot } from '../kb/paths.js';
import { analysisDb } from '../store/clusters.js';
import { openSqlite, type SqliteStore } from '../store/sqlite.js';
import { dyadActors } from './actors.js';
import { clusterPending } from './cluster.js';

export interface LabelledReport {
  event: string;
  article: string;
  type: string;
  modality: string;
  source: string[];
  target: string[];
  date: string | null;
  place: string | null;
  anchor: string;
}

export interface PlaceEntry {
  key: string;
  lat: number;
  lon: number;
  precision: string;
}

export interface PairScore {
  pairs: number;
  positives: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Pairwise scores: gold[i] is the labelled event of report i, pred[i] its cluster (null: none). */
export function pairwise(
  gold: string[],
  pred: (number | null)[],
): PairScore & { wrong: [number, number, 'fp' | 'fn'][] } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let positives = 0;
  const wrong: [number, number, 'fp' | 'fn'][] = [];
  for (let i = 0; i < gold.length; i++)
    for (let j = i + 1; j < gold.length; j++) {
      const same = gold[i] === gold[j];
      const linked = pred[i] != null && pred[i] === pred[j];
      if (same) positives++;
      if (same && linked) tp++;
      else if (linked) {
        fp++;
        wrong.push([i, j, 'fp']);
      } else if (same) {
        fn++;
        wrong.push([i, j, 'fn']);
      }
    }
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const n = gold.length;
  return { pairs: (n * (n - 1)) / 2, positives, tp, fp, fn, precision, recall, f1, wrong };
}

/** How a labelled report names its article: file name (#N for a glued file's N-th story), or the document id. */
export function articleRef(a: Pick<Article, 'id' | 'origin' | 'storyIndex'>): string {
  const base = basename(a.origin);
  if (/:\d+$/.test(base)) return a.id;
  return a.storyIndex ? `${base}#${a.storyIndex}` : base;
}

export function loadLabels(dir = join(packageRoot(), 'examples', 'clusters')): {
  reports: LabelledReport[];
  places: Record<string, PlaceEntry>;
} {
  const reports = readFileSync(join(dir, 'reports.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LabelledReport & { _meta?: unknown })
    .filter((r) => !r._meta);
  const raw = JSON.parse(readFileSync(join(dir, 'places.json'), 'utf8')) as Record<string, unknown>;
  const places: Record<string, PlaceEntry> = {};
  for (const [k, v] of Object.entries(raw)) if (!k.startsWith('_')) places[k] = v as PlaceEntry;
  return { reports, places };
}

export async function loadCorpus(dir = join(packageRoot(), 'examples', 'corpus')): Promise<Article[]> {
  const out: Article[] = [];
  for await (const raw of readInputs([dir], { maxDocBytes: 1e7 })) {
    if ('reason' in raw) continue;
    out.push(...prepare(raw));
  }
  return out;
}

/** The sentence of `text` around [start, end): from the previous sentence end to the next. */
export function sentenceAround(text: string, start: number, end: number): [number, number] {
  let s = start;
  while (s > 0) {
    const c = text[s - 1]!;
    if (c === '\n') break;
    if (/[.!?]/.test(c) && /\s/.test(text[s] ?? '') && s < start) break;
    s--;
  }
  while (s < start && /\s/.test(text[s]!)) s++;
  let e = end;
  while (e < text.length && text[e] !== '\n') {
    const c = text[e]!;
    e++;
    if (/[.!?]/.test(c) && (e >= text.length || /\s/.test(text[e]!))) {
      if (/["”’]/.test(text[e] ?? '')) e++;
      break;
    }
  }
  return [s, e];
}

/** The extraction record an ideal extractor would give for the labelled reports of one article. */
export function constructedRecord(
  kb: KnowledgeBase,
  a: Article,
  labels: LabelledReport[],
  places: Record<string, PlaceEntry>,
): ExtractionRecord {
  const actors = new Map<string, ActorItem>();
  const placeItems = new Map<string, PlaceItem>();
  const events: EventItem[] = [];
  for (const l of labels) {
    const at = a.text.indexOf(l.anchor);
    if (at < 0) throw new Error(`${l.article}: anchor not found: ${l.anchor}`);
    const span = sentenceAround(a.text, at, at + l.anchor.length);
    for (const k of [...l.source, ...l.target])
      if (!actors.has(k)) actors.set(k, { name: actorName(kb, k), type: actorType(k), mentions: [], key: k });
    if (l.place && !placeItems.has(l.place)) {
      const p = places[l.place];
      if (!p) throw new Error(`unknown place ${l.place}`);
      placeItems.set(l.place, {
        name: l.place,
        country: null,
        lat: p.lat,
        lon: p.lon,
        kind: p.precision === 'region' ? 'region' : 'city',
        mentions: [],
        key: p.key,
        precision: p.precision,
      });
    }
    events.push({
      type: l.type,
      source: l.source.map((k) => actorName(kb, k)),
      target: l.target.map((k) => actorName(kb, k)),
      modality: l.modality as EventItem['modality'],
      date: l.date,
      text: a.text.slice(span[0], span[1]),
      span,
      sourceKeys: l.source,
      targetKeys: l.target,
      place: l.place,
      intensity: null,
      evidence: [span],
    });
  }
  return {
    doc: { id: a.id, title: a.title, published: a.published, source: a.source, language: a.language },
    text: a.text,
    extractor: { name: 'redline', version: 'labelled' },
    skipped: null,
    sentences: 0,
    tokens: 0,
    actors: [...actors.values()],
    places: [...placeItems.values()],
    weapons: [],
    quotes: [],
    quantities: [],
    dates: [],
    events,
  };
}

function actorType(key: string): ActorItem['type'] {
  if (key.startsWith('country:')) return 'COUNTRY';
  if (key.startsWith('person:') || key.startsWith('new:person:')) return 'PERSON';
  return 'ORG';
}

interface StoredEvent {
  id: number;
  article_id: string;
  type: string;
  text: string;
  start: number;
  source_keys: string;
  date: string | null;
  evidence: string;
  cluster: number | null;
}

async function storedEvents(store: SqliteStore): Promise<StoredEvent[]> {
  return analysisDb(store.db)
    .selectFrom('events as e')
    .leftJoin('cluster_members as m', 'm.event_id', 'e.id')
    .select([
      'e.id',
      'e.article_id',
      'e.type',
      'e.text',
      'e.start',
      'e.source_keys',
      'e.date',
      'e.evidence',
      'm.cluster_id as cluster',
    ])
    .orderBy('e.id')
    .execute();
}

export interface EvalResult extends PairScore {
  mode: 'constructed' | 'pipeline';
  reports: number;
  found: number;
  /** Scores over pairs of reports the extractor found: the clustering on real extraction. */
  foundOnly: PairScore;
  events: number;
  wrong: { a: string; b: string; kind: 'fp' | 'fn' }[];
  missing: string[];
}

const describe = (l: LabelledReport) => `${l.event} @ ${l.article}: ${l.type} "${l.anchor}"`;

/** Cluster the corpus with the labelled reports as its extraction, and score the clusters. */
export async function evalConstructed(kb = defaultKb()): Promise<EvalResult> {
  const { reports, places } = loadLabels();
  const articles = await loadCorpus();
  const byRef = new Map<string, LabelledReport[]>();
  for (const r of reports) byRef.set(r.article, [...(byRef.get(r.article) ?? []), r]);
  const store = await openSqlite(':memory:');
  try {
    await store.ingestBatch(articles, (a) =>
      constructedRecord(kb, a, byRef.get(articleRef(a)) ?? [], places),
    );
    await clusterPending(store.db, { kb });
    const evs = await storedEvents(store);
    // Events are stored in label order, one per label: the n-th event of an article is its n-th label.
    const seen = new Map<string, number>();
    const pred = reports.map((r) => {
      const a = articles.find((x) => articleRef(x) === r.article)!;
      const n = seen.get(a.id) ?? 0;
      seen.set(a.id, n + 1);
      return evs.filter((x) => x.article_id === a.id)[n]?.cluster ?? null;
    });
    return result('constructed', reports, pred, new Set(reports.map((r) => r.event)).size, []);
  } finally {
    await store.close();
  }
}

/** Run the real extractor and clustering over the corpus; match labelled reports to extracted events. */
export async function evalPipeline(kb = defaultKb()): Promise<EvalResult> {
  const { reports } = loadLabels();
  const articles = await loadCorpus();
  const store = await openSqlite(':memory:');
  try {
    await store.ingestBatch(articles, (a) => extractArticle(a, kb));
    await clusterPending(store.db, { kb });
    const evs = await storedEvents(store);
    const missing: string[] = [];
    const used = new Set<number>();
    const pred = reports.map((r) => {
      const a = articles.find((x) => articleRef(x) === r.article);
      const anchor = r.anchor.toLowerCase();
      // The anchor may sit in the event's main sentence or in any other sentence that restates it.
      const holds = (e: StoredEvent) =>
        e.text.toLowerCase().includes(anchor) ||
        (JSON.parse(e.evidence) as [number, number][]).some(([s0, s1]) =>
          a!.text.slice(s0, s1).toLowerCase().includes(anchor),
        );
      const cands = evs.filter((e) => e.article_id === a?.id && e.type === r.type && holds(e));
      const want = dyadActors(kb, r.source, r.date);
      const fits = (e: StoredEvent) =>
        dyadActors(kb, JSON.parse(e.source_keys) as string[], e.date ?? r.date).some((s) => want.includes(s));
      const e = cands.find((c) => fits(c) && !used.has(c.id)) ?? cands.find((c) => !used.has(c.id));
      if (!e) {
        missing.push(describe(r));
        return null;
      }
      used.add(e.id);
      return e.cluster;
    });
    return result('pipeline', reports, pred, new Set(reports.map((r) => r.event)).size, missing);
  } finally {
    await store.close();
  }
}

function result(
  mode: EvalResult['mode'],
  reports: LabelledReport[],
  pred: (number | null)[],
  events: number,
  missing: string[],
): EvalResult {
  const s = pairwise(
    reports.map((r) => r.event),
    pred,
  );
  const kept = reports.map((_, i) => i).filter((i) => pred[i] != null);
  const { wrong: _w, ...foundOnly } = pairwise(
    kept.map((i) => reports[i]!.event),
    kept.map((i) => pred[i]!),
  );
  return {
    mode,
    reports: reports.length,
    found: kept.length,
    foundOnly,
    events,
    ...s,
    wrong: s.wrong.map(([i, j, kind]) => ({ a: describe(reports[i]!), b: describe(reports[j]!), kind })),
    missing,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function print(r: EvalResult, verbose: boolean): void {
  const label =
    r.mode === 'constructed'
      ? 'constructed records (labelled reports stored as the extraction: clustering only)'
      : 'pipeline (real extractor on the corpus, reports matched by article, type and anchor in the evidence)';
  process.stdout.write(`${label}\n`);
  process.stdout.write(
    `  reports ${r.reports} (${r.found} found), events ${r.events}, pairs ${r.pairs} (${r.positives} same-event)\n`,
  );
  process.stdout.write(
    `  precision ${pct(r.precision)}  recall ${pct(r.recall)}  F1 ${pct(r.f1)}   (tp ${r.tp}, fp ${r.fp}, fn ${r.fn})\n`,
  );
  if (r.found < r.reports) {
    const f = r.foundOnly;
    process.stdout.write(
      `  found reports only: pairs ${f.pairs} (${f.positives} same-event)  precision ${pct(f.precision)}  recall ${pct(f.recall)}  F1 ${pct(f.f1)}\n`,
    );
  }
  if (verbose) {
    for (const w of r.wrong)
      process.stdout.write(`  ${w.kind === 'fp' ? 'wrongly linked' : 'not linked'}: ${w.a}  ⟷  ${w.b}\n`);
    for (const m of r.missing) process.stdout.write(`  not extracted: ${m}\n`);
  }
}

async function main(argv: string[]): Promise<void> {
  const verbose = argv.includes('--verbose');
  const json = argv.includes('--json');
  const kb = defaultKb();
  const results = [await evalConstructed(kb)];
  if (!argv.includes('--constructed')) results.push(await evalPipeline(kb));
  if (json) {
    process.stdout.write(
      `${JSON.stringify(
        results.map(({ wrong, missing, ...r }) => (verbose ? { ...r, wrong, missing } : r)),
        null,
        2,
      )}\n`,
    );
    return;
  }
  process.stdout.write('Same-event linking on examples/clusters (pairwise)\n\n');
  for (const r of results) print(r, verbose);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`eval:clusters: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
