// npm run bench:api: fill a SQLite store with generated events (1,000,000 by default) and event
// clusters (one per three events), start the real server on it and report p50/p95 latency of the
// calls the dashboard makes. Cleans up after
// itself. BENCH_EVENTS=200000 for a quicker run; BENCH_KEEP=1 keeps the database for inspection.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { startServer } from '../src/server/server.js';
import { openSqlite } from '../src/store/sqlite.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const TARGET_P95_MS = 150;

const TYPES = [
  'ASSAULT',
  'THREATEN',
  'ACCUSE',
  'COERCE',
  'CONSULT',
  'MOBILIZE',
  'SUPPORT',
  'REJECT',
  'AID',
  'REQUEST',
  'AGREE',
  'PROTEST',
  'SANCTION',
  'COOPERATE',
  'RETREAT',
  'CONCEDE',
];
// Goldstein-style sign: the first half conflictual, the second cooperative (roughly).
const INTENSITY: Record<string, number> = {
  ASSAULT: -10,
  THREATEN: -4.4,
  ACCUSE: -2,
  COERCE: -7,
  CONSULT: 1,
  MOBILIZE: -7.2,
  SUPPORT: 3.5,
  REJECT: -4,
  AID: 7,
  REQUEST: 3,
  AGREE: 4,
  PROTEST: -6.5,
  SANCTION: -5,
  COOPERATE: 6,
  RETREAT: 5,
  CONCEDE: 5,
};
const MODALITIES: [string, number][] = [
  ['asserted', 0.6],
  ['reported', 0.25],
  ['future', 0.07],
  ['hypothetical', 0.05],
  ['negated', 0.03],
];
const DAYS = 730;
const START = Date.UTC(2023, 0, 1);

/** Deterministic PRNG (mulberry32), so every run measures the same data. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cumulative weights for a Zipf-like popularity over n items. */
function zipf(n: number, s = 1.1): number[] {
  const w = Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);
  const total = w.reduce((a, b) => a + b, 0);
  let acc = 0;
  return w.map((x) => {
    acc += x / total;
    return acc;
  });
}

function pick(cum: number[], r: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! < r) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const dayString = (d: number) => new Date(START + d * 86_400_000).toISOString().slice(0, 10);

interface Fixture {
  actors: { key: string; name: string; type: string; country: string | null }[];
  outlets: string[];
  places: { key: string; name: string; country: string; lat: number; lon: number }[];
}

function fixture(): Fixture {
  const r = rng(7);
  const actors: Fixture['actors'] = [];
  for (let i = 0; i < 200; i++) {
    const kind = i % 4 === 0 ? 'COUNTRY' : i % 4 === 1 ? 'ORG' : 'PERSON';
    const code = `C${String(i).padStart(3, '0')}`;
    actors.push({
      key: `${kind.toLowerCase()}:${kind === 'COUNTRY' ? code : `a${i}`}`,
      name: `${kind === 'PERSON' ? 'Person' : kind === 'ORG' ? 'Organisation' : 'Country'} ${i}`,
      type: kind,
      country: code,
    });
  }
  const outlets = Array.from({ length: 40 }, (_, i) => `Outlet ${i}`);
  const places = Array.from({ length: 1000 }, (_, i) => ({
    key: `place:bench-${i}`,
    name: `Town ${i}`,
    country: `C${i % 60}`,
    lat: 35 + r() * 25,
    lon: 20 + r() * 25,
  }));
  return { actors, outlets, places };
}

/** Fill the database with articles and their items, EVENTS events in all, in transactions. */
async function fill(
  path: string,
  fx: Fixture,
): Promise<{ articles: number; events: number; quotes: number; clusters: number }> {
  await (await openSqlite(path)).close(); // create the schema, migrations included
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const r = rng(42);
  // A conflict that waxes and wanes, with a few bursts.
  const dayWeight = Array.from({ length: DAYS }, (_, d) => {
    let w = 1 + 0.6 * Math.sin(d / 45) + d / DAYS;
    for (const b of [120, 300, 410, 600]) if (d >= b && d < b + 10) w *= 3;
    return Math.max(0.2, w);
  });
  const dayCum = (() => {
    const t = dayWeight.reduce((a, b) => a + b, 0);
    let acc = 0;
    return dayWeight.map((w) => {
      acc += w / t;
      return acc;
    });
  })();
  const actorCum = zipf(fx.actors.length);
  const outletCum = zipf(fx.outlets.length, 0.9);
  const placeCum = zipf(fx.places.length, 0.8);
  const typeCum = zipf(TYPES.length, 0.9);
  const modCum = (() => {
    let acc = 0;
    return MODALITIES.map(([, p]) => {
      acc += p;
      return acc;
    });
  })();

  const insArticle = db.prepare(`INSERT INTO articles (id, url, title, published, published_precision, source,
    language, language_reliable, text, text_hash, raw_hash, simhash, band0, band1, band2, band3, origin,
    story_index, story_count, cleaning_log, ingested_at)
    VALUES (?, NULL, ?, ?, 'day', ?, 'en', 1, ?, ?, ?, '0', 0, 0, 0, 0, 'bench', 0, 1, '{}', ?)`);
  const insActor = db.prepare(
    `INSERT INTO actors (article_id, key, name, type, country, roles, mentions) VALUES (?, ?, ?, ?, ?, '[]', '[[0,5]]')`,
  );
  const insPlace = db.prepare(
    `INSERT INTO places (article_id, key, name, country, lat, lon, kind, precision, mentions)
     VALUES (?, ?, ?, ?, ?, ?, 'city', 'town', '[[10,15]]')`,
  );
  const insEvent = db.prepare(`INSERT INTO events (article_id, type, mode, cameo, intensity, source, target,
    source_keys, target_keys, modality, date, place, text, start, end, evidence)
    VALUES (?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 80, '[[0,80]]')`);
  const insQuote = db.prepare(`INSERT INTO quotes (article_id, speaker, speaker_key, text, kind, cue, medium,
    date, start, end) VALUES (?, ?, ?, ?, ?, 'said', NULL, NULL, 100, 160)`);
  const now = new Date().toISOString();
  let events = 0;
  let articles = 0;
  let quotes = 0;
  const batch = db.transaction((n: number) => {
    for (let k = 0; k < n && events < EVENTS; k++) {
      const id = `bench-${articles++}`;
      const day = pick(dayCum, r());
      const published = dayString(day);
      const outlet = fx.outlets[pick(outletCum, r())]!;
      insArticle.run(
        id,
        `Bench article ${articles}`,
        published,
        outlet,
        `Generated article ${articles}.`,
        id,
        id,
        now,
      );
      const places = [fx.places[pick(placeCum, r())]!, fx.places[pick(placeCum, r())]!];
      for (const p of new Set(places)) insPlace.run(id, p.key, p.name, p.country, p.lat, p.lon);
      const involved = new Set<number>();
      const count = 1 + Math.floor(r() * 19);
      for (let e = 0; e < count && events < EVENTS; e++, events++) {
        const type = TYPES[pick(typeCum, r())]!;
        const s = pick(actorCum, r());
        let t = pick(actorCum, r());
        if (t === s) t = (t + 1) % fx.actors.length;
        const hasTarget = r() < 0.85;
        involved.add(s);
        if (hasTarget) involved.add(t);
        const sa = fx.actors[s]!;
        const ta = fx.actors[t]!;
        const x = r();
        const date = x < 0.7 ? published : x < 0.9 ? dayString(Math.max(0, day - 1)) : null;
        insEvent.run(
          id,
          type,
          INTENSITY[type]!,
          JSON.stringify([sa.name]),
          JSON.stringify(hasTarget ? [ta.name] : []),
          JSON.stringify([sa.key]),
          JSON.stringify(hasTarget ? [ta.key] : []),
          MODALITIES[pick(modCum, r())]![0],
          date,
          r() < 0.5 ? places[0]!.key : null,
          `${sa.name} ${type.toLowerCase()} ${hasTarget ? ta.name : ''} near ${places[0]!.name}, officials said.`,
        );
      }
      for (const a of involved) {
        const x = fx.actors[a]!;
        insActor.run(id, x.key, x.name, x.type, x.country);
      }
      for (let q = 0; q < 2; q++) {
        const sp = fx.actors[pick(actorCum, r())]!;
        insQuote.run(
          id,
          sp.name,
          sp.key,
          `We will not accept this, number ${articles}.`,
          q ? 'indirect' : 'direct',
        );
        quotes++;
      }
    }
  });
  while (events < EVENTS) batch(2000);
  const clusters = fillClusters(db, dayCum, typeCum, outletCum, fx);
  db.pragma('optimize');
  db.close();
  return { articles, events, quotes, clusters };
}

// Clusters name actors at index level (ISO3 codes), so the escalation index can be asked for a
// real pair; a conflict dyad and its neighbours get most of them.
const INDEX_ACTORS = ['RUS', 'UKR', 'ISR', 'IRN', 'USA', 'LBN', 'CHN', 'TWN', 'SDN', 'SYR', 'BLR', 'POL'];

/** One cluster per three events on average, as the sample corpus has; the index reads these. */
function fillClusters(
  db: BetterSqlite3.Database,
  dayCum: number[],
  typeCum: number[],
  outletCum: number[],
  fx: Fixture,
): number {
  const r = rng(11);
  const n = Math.round(EVENTS / 3);
  const actorCum = zipf(INDEX_ACTORS.length, 1.3);
  const reportsCum = zipf(12, 1.5);
  const ins =
    db.prepare(`INSERT INTO clusters (type, grp, lo, hi, day, date, place, sources, targets, intensity,
    reports, articles, outlets, outlet_kinds, first_event, first_article, first_published, text, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, '["wire"]', NULL, NULL, ?, ?, ?)`);
  const now = new Date().toISOString();
  const batch = db.transaction((from: number, to: number) => {
    for (let k = from; k < to; k++) {
      const type = TYPES[pick(typeCum, r())]!;
      const d = pick(dayCum, r());
      const day = dayString(d);
      const s = pick(actorCum, r());
      let t = pick(actorCum, r());
      if (t === s) t = (t + 1) % INDEX_ACTORS.length;
      const reports = 1 + pick(reportsCum, r());
      const outlets = [...new Set(Array.from({ length: reports }, () => fx.outlets[pick(outletCum, r())]!))];
      const x = r();
      ins.run(
        type,
        x < 0.85 ? 'happened' : x < 0.93 ? 'future' : x < 0.97 ? 'hypothetical' : 'negated',
        d,
        d,
        day,
        day,
        JSON.stringify([INDEX_ACTORS[s]]),
        JSON.stringify([INDEX_ACTORS[t]]),
        INTENSITY[type]!,
        reports,
        Math.min(reports, outlets.length + 1),
        JSON.stringify(outlets),
        day,
        `${INDEX_ACTORS[s]} ${type.toLowerCase()} ${INDEX_ACTORS[t]}, cluster ${k}.`,
        now,
      );
    }
  });
  for (let k = 0; k < n; k += 5000) batch(k, Math.min(n, k + 5000));
  return n;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'redline-bench-api-'));
  const path = join(dir, 'api.db');
  const fx = fixture();
  try {
    const t0 = performance.now();
    const n = await fill(path, fx);
    const fillS = (performance.now() - t0) / 1000;
    process.stdout.write(
      `store       ${n.events.toLocaleString('en')} events, ${n.articles.toLocaleString('en')} articles, ${n.quotes.toLocaleString('en')} quotes, ${n.clusters.toLocaleString('en')} event clusters in ${fillS.toFixed(1)} s (triggers and indexes included)\n`,
    );
    const server = await startServer({ db: path, port: 0, host: '127.0.0.1', token: null, webDir: null });
    try {
      const r = rng(99);
      const actor = () => encodeURIComponent(fx.actors[Math.floor(r() ** 2 * fx.actors.length)]!.key);
      const window = () => {
        const a = Math.floor(r() * (DAYS - 90));
        return `since=${dayString(a)}&until=${dayString(a + 30 + Math.floor(r() * 60))}`;
      };
      const type = () => TYPES[Math.floor(r() * TYPES.length)]!;
      const pair = (sep: string) => {
        const a = Math.floor(r() ** 2 * INDEX_ACTORS.length);
        const b = (a + 1 + Math.floor(r() * (INDEX_ACTORS.length - 1))) % INDEX_ACTORS.length;
        return `${INDEX_ACTORS[a]}${sep}${INDEX_ACTORS[b]}`;
      };
      // The calls a dashboard load and a filter change make.
      const next = async (path: string) => {
        const r = (await (await fetch(server.url + path.slice(1))).json()) as { nextCursor: string | null };
        return `${path}&cursor=${encodeURIComponent(r.nextCursor ?? '')}`;
      };
      const calls: [string, () => string | Promise<string>][] = [
        ['series by day and type (all)', () => '/api/series?interval=day&by=type'],
        ['series by week and type, one actor', () => `/api/series?interval=week&by=type&actor=${actor()}`],
        ['series by day, date window', () => `/api/series?interval=day&by=type&${window()}`],
        ['events page (latest)', () => '/api/events?limit=50'],
        ['events page, type + window', () => `/api/events?limit=50&type=${type()}&${window()}`],
        ['events page, actor + window', () => `/api/events?limit=50&actor=${actor()}&${window()}`],
        ['events page, actor + type', () => `/api/events?limit=50&actor=${actor()}&type=${type()}`],
        ['events page, next page (cursor)', () => next(`/api/events?limit=50&${window()}`)],
        ['quotes page (latest)', () => '/api/quotes?limit=50'],
        ['actor profile', () => `/api/actors/${actor()}`],
        ['actors (all)', () => '/api/actors?limit=100'],
        ['actors, date window', () => `/api/actors?limit=100&${window()}`],
        ['places (all)', () => '/api/places?limit=500&geocoded=true'],
        ['places, date window', () => `/api/places?limit=500&geocoded=true&${window()}`],
        [
          'actor pairs (network), date window',
          () => `/api/series?by=pair&interval=total&top=100&${window()}`,
        ],
        ['outlets', () => '/api/outlets'],
        ['escalation index, busiest pair, by week', () => '/api/index?dyad=RUS:UKR&by=week'],
        ['escalation index, one direction, by day', () => `/api/index?dyad=${pair('>')}&by=day&${window()}`],
        ['actor pairs with events (index picker)', () => '/api/index/dyads?limit=100'],
        ['clusters page (latest)', () => '/api/clusters?limit=50'],
        [
          'clusters page, actor + window',
          () => `/api/clusters?limit=50&actor=${pair(':').slice(0, 3)}&${window()}`,
        ],
      ];
      // "first": the first request of a call, before any cache (the index and the pair list keep
      // answers until the database changes); the percentiles are over the requests after it.
      process.stdout.write(`\n${'call'.padEnd(40)}  first ms  p50 ms  p95 ms  max ms\n`);
      let worst = 0;
      for (const [name, url] of calls) {
        const t0 = performance.now();
        await (await fetch(server.url + (await url()).slice(1))).arrayBuffer(); // warms the statement and page caches
        const first = performance.now() - t0;
        const times: number[] = [];
        for (let i = 0; i < ROUNDS; i++) {
          const path = await url();
          const t = performance.now();
          const res = await fetch(server.url + path.slice(1));
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`${path} answered ${res.status}`);
          times.push(performance.now() - t);
        }
        times.sort((a, b) => a - b);
        const p95 = percentile(times, 95);
        worst = Math.max(worst, p95);
        process.stdout.write(
          `${name.padEnd(40)}  ${first.toFixed(1).padStart(8)}  ${percentile(times, 50).toFixed(1).padStart(6)}  ${p95.toFixed(1).padStart(6)}  ${times[times.length - 1]!.toFixed(1).padStart(6)}${p95 > TARGET_P95_MS ? '  over target' : ''}\n`,
        );
      }
      process.stdout.write(
        `\nworst p95 ${worst.toFixed(1)} ms (target <= ${TARGET_P95_MS} ms), ${ROUNDS} requests per call\n`,
      );
    } finally {
      await server.close();
    }
  } finally {
    if (process.env.BENCH_KEEP) process.stdout.write(`kept ${path}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
