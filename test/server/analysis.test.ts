// The analysis endpoints over a store filled by the real pipeline with a short multi-outlet set
// (test/server/caucasus.ts): the escalation index and its actor pairs, event and quote clusters
// with their reports and links, and the outlet comparison.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/server.js';
import { runCli, tempDir } from '../helpers.js';
import { buildCaucasusDb, CAUCASUS_DOCS, GAP_WEEK, STRIKE_OUTLETS, STRIKE_WEEK } from './caucasus.js';

type Json = Record<string, unknown>;
interface Reply {
  status: number;
  body: Json;
  text: string;
}

interface Driver {
  cluster: number;
  type: string;
  family: string;
  sources: string[];
  targets: string[];
  reports: number;
}
interface Row {
  period: string;
  label: string;
  articles: number;
  events: number;
  perArticle: Record<string, number> | null;
  eventsPerArticle: number | null;
  shifts: { series: string; direction: string; z: number; drivers: Driver[] }[];
  drivers: Driver[];
}
interface Index {
  dyad: { a: string; b: string; directed: boolean; aLabel: string; bLabel: string };
  by: string;
  rows: Row[];
  undated: number;
  outside: number;
  clusters: Record<string, { outlets: string[]; outletKinds: string[]; articles: number }>;
  labels: Record<string, string>;
}
interface Cluster {
  id: number;
  type: string;
  group: string;
  day: string | null;
  sources: string[];
  targets: string[];
  sourceNames: string[];
  targetNames: string[];
  reports: number;
  articles: number;
  outlets: string[];
  outletKinds: string[];
  firstArticle: string | null;
  firstPublished: string | null;
  text: string | null;
}
interface Report {
  eventId: number;
  articleId: string;
  title: string | null;
  outlet: string | null;
  outletKind: string | null;
  articleSource: string | null;
  published: string | null;
  text: string;
  span: [number, number];
  evidence: [number, number][];
}
interface Link {
  claimId: number;
  counterId: number;
  kind: string;
  role: 'claim' | 'counter';
  other: { id: number; type: string; sources: string[]; targets: string[] };
}

let dir: string;
let db: string;
let api: RunningServer;

async function get(path: string): Promise<Reply> {
  const res = await fetch(new URL(path.replace(/^\//, ''), api.url));
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Json, text };
}

async function ok<T>(path: string): Promise<T> {
  const r = await get(path);
  expect(r.status, `${path}: ${r.text}`).toBe(200);
  return r.body as T;
}

async function expectError(path: string, status: number, message: RegExp): Promise<void> {
  const r = await get(path);
  expect(r.status, r.text).toBe(status);
  const e = (r.body as { error: { message: string; status: number } }).error;
  expect(e.status).toBe(status);
  expect(e.message).toMatch(message);
}

/** Every item of a list, following nextCursor. */
async function all<T>(path: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 200; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const p: { items: T[]; nextCursor: string | null } = await ok(
      cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path,
    );
    out.push(...p.items);
    cursor = p.nextCursor;
    if (!cursor) return out;
  }
  throw new Error('pagination did not end');
}

/** The shelling: Azerbaijan on Armenia, reported by three outlets. */
async function strikeCluster(): Promise<Cluster> {
  const found = await all<Cluster>('/api/clusters?actor=AZE&type=ASSAULT&minArticles=2');
  expect(found).toHaveLength(1);
  return found[0]!;
}

beforeAll(async () => {
  dir = tempDir('redline-analysis-');
  db = await buildCaucasusDb(dir);
  api = await startServer({ db, port: 0, host: '127.0.0.1', token: null, webDir: null });
});

afterAll(async () => {
  await api?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/clusters', () => {
  it('groups the three outlets’ reports of one shelling into one cluster', async () => {
    const c = await strikeCluster();
    expect(c).toMatchObject({
      type: 'ASSAULT',
      group: 'happened',
      day: '2026-03-09',
      sources: ['AZE'],
      targets: ['ARM'],
      sourceNames: ['Azerbaijan'],
      targetNames: ['Armenia'],
      reports: 3,
      articles: 3,
      firstPublished: '2026-03-10',
    });
    expect([...c.outlets].sort()).toEqual(STRIKE_OUTLETS);
    expect([...c.outletKinds].sort()).toEqual(['public-broadcaster', 'wire']);
  });

  it('filters by actor (name, code or key), type, status, outlet, text and article', async () => {
    const strike = await strikeCluster();
    const ids = async (q: string) => (await all<Cluster>(`/api/clusters?${q}`)).map((c) => c.id);
    for (const actor of ['Azerbaijan', 'AZE', 'country:AZE', 'azerbaijan'])
      expect(await ids(`actor=${encodeURIComponent(actor)}&type=ASSAULT`)).toContain(strike.id);
    expect(await ids('actor=Chile')).toEqual([]);
    // The outlet as the knowledge base names it and as the article's source line gives it.
    expect(await ids('outlet=BBC&type=ASSAULT')).toEqual([strike.id]);
    expect(await ids(`outlet=${encodeURIComponent('bbc news')}&type=ASSAULT`)).toEqual([strike.id]);
    expect(await ids('outlet=TASS&type=ASSAULT')).toEqual([]);
    // Any report's text, not only the representative one.
    expect(await ids('q=spa%20town&type=ASSAULT')).toEqual([strike.id]);
    expect(await ids('article=caucasus-bbc-1&type=ASSAULT')).toEqual([strike.id]);
    const rejects = await all<Cluster>('/api/clusters?type=REJECT');
    expect(rejects.map((c) => c.firstArticle)).toContain('caucasus-tass-1');
    for (const c of await all<Cluster>('/api/clusters?group=happened')) expect(c.group).toBe('happened');
    const dated = await all<Cluster>('/api/clusters?since=2026-03-10&until=2026-03');
    expect(dated.length).toBeGreaterThan(0);
    for (const c of dated) expect(c.day! >= '2026-03-10' && c.day! <= '2026-03-31').toBe(true);
  });

  it('pages with cursors in every sort without repeating or skipping', async () => {
    const everything = (await all<Cluster>('/api/clusters?limit=1000&sort=id')).map((c) => c.id);
    expect(everything.length).toBeGreaterThan(4);
    for (const sort of ['-day', 'day', '-reports', 'articles', 'id']) {
      const paged = await all<Cluster>(`/api/clusters?limit=2&sort=${sort}`);
      expect([...paged.map((c) => c.id)].sort((a, b) => a - b)).toEqual(everything);
      const key = sort.replace('-', '') as 'day' | 'reports' | 'articles' | 'id';
      const values = paged.map((c) => c[key]);
      const sorted = [...values].sort((a, b) =>
        a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1,
      );
      expect(values).toEqual(sort.startsWith('-') ? sorted.reverse() : sorted);
    }
    await expectError('/api/clusters?sort=outlets', 400, /sort/);
    await expectError('/api/clusters?cursor=bogus', 400, /cursor/);
    const first = await ok<{ nextCursor: string }>('/api/clusters?limit=1&sort=-day');
    await expectError(`/api/clusters?limit=1&sort=id&cursor=${first.nextCursor}`, 400, /sort/);
    await expectError('/api/clusters?type=EXPLODE', 400, /type/);
    await expectError('/api/clusters?colour=red', 400, /unknown parameter/);
  });
});

describe('GET /api/clusters/{id}', () => {
  it('gives every report with its article, outlet and kind, and the evidence spans into the article text', async () => {
    const strike = await strikeCluster();
    const c = await ok<Cluster & { reports: Report[]; links: Link[] }>(`/api/clusters/${strike.id}`);
    expect(c.id).toBe(strike.id);
    expect(c.reports).toHaveLength(3);
    expect(c.reports.map((r) => r.outlet).sort()).toEqual(STRIKE_OUTLETS);
    expect(c.reports.map((r) => r.articleId).sort()).toEqual([
      'caucasus-ap-1',
      'caucasus-bbc-1',
      'caucasus-reuters-1',
    ]);
    const bbc = c.reports.find((r) => r.articleId === 'caucasus-bbc-1')!;
    expect(bbc).toMatchObject({
      outlet: 'BBC',
      outletKind: 'public-broadcaster',
      articleSource: 'BBC News',
      published: '2026-03-10',
      title: 'Armenia reports shelling of spa town',
    });
    for (const r of c.reports) {
      const article = await ok<{ text: string }>(`/api/articles/${r.articleId}`);
      expect(article.text.slice(r.span[0], r.span[1])).toBe(r.text);
      expect(r.text).toMatch(/shell/);
      expect(r.evidence.length).toBeGreaterThan(0);
      for (const [s, e] of r.evidence) expect(article.text.slice(s, e).length).toBe(e - s);
    }
  });

  it('links the accusation and its denial both ways', async () => {
    const [reject] = (await all<Cluster>('/api/clusters?type=REJECT&actor=AZE')).filter(
      (c) => c.firstArticle === 'caucasus-tass-1',
    );
    expect(reject).toBeDefined();
    const denial = await ok<{ links: Link[] }>(`/api/clusters/${reject!.id}`);
    expect(denial.links).toHaveLength(1);
    const link = denial.links[0]!;
    expect(link).toMatchObject({ counterId: reject!.id, kind: 'denial', role: 'counter' });
    expect(link.other).toMatchObject({
      id: link.claimId,
      type: 'ACCUSE',
      sources: ['ARM'],
      targets: ['AZE'],
    });
    const claim = await ok<{ links: Link[] }>(`/api/clusters/${link.claimId}`);
    expect(claim.links).toContainEqual(
      expect.objectContaining({ claimId: link.claimId, counterId: reject!.id, role: 'claim' }),
    );
  });

  it('404 for an unknown cluster, 400 for an id that is not a number', async () => {
    await expectError('/api/clusters/999999', 404, /no event cluster 999999/);
    await expectError('/api/clusters/abc', 400, /id/);
  });
});

describe('GET /api/quote-clusters', () => {
  it('finds the statement two outlets quoted, and its quotes', async () => {
    const found = await all<{ id: number; speaker: string; outlets: string[]; articles: number }>(
      `/api/quote-clusters?speaker=${encodeURIComponent('person:nikol-pashinyan')}&minArticles=2`,
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ speaker: 'Nikol Pashinyan', articles: 2 });
    expect([...found[0]!.outlets].sort()).toEqual(['Associated Press', 'BBC']);
    const byName = await all<{ id: number }>('/api/quote-clusters?speaker=nikol%20pashinyan');
    expect(byName.map((q) => q.id)).toContain(found[0]!.id);
    const detail = await ok<{ reports: { articleId: string; text: string; span: [number, number] }[] }>(
      `/api/quote-clusters/${found[0]!.id}`,
    );
    expect(detail.reports.map((r) => r.articleId).sort()).toEqual(['caucasus-ap-1', 'caucasus-bbc-1']);
    for (const r of detail.reports) {
      const article = await ok<{ text: string }>(`/api/articles/${r.articleId}`);
      expect(article.text.slice(r.span[0], r.span[1])).toBe(r.text);
      expect(r.text).toContain('answer every provocation');
    }
    await expectError('/api/quote-clusters/999999', 404, /no quote cluster/);
  });
});

describe('GET /api/index', () => {
  it('gives the rows `redline index --json` prints, with the dyad resolved and named', async () => {
    const r = await ok<Index>('/api/index?dyad=Armenia:AZE');
    expect(r.dyad).toEqual({ a: 'ARM', b: 'AZE', directed: false, aLabel: 'Armenia', bLabel: 'Azerbaijan' });
    expect(r.by).toBe('week');
    const cli = await runCli(['index', '--db', db, '--dyad', 'ARM:AZE', '--json']);
    expect(cli.code, cli.stderr).toBe(0);
    const printed = JSON.parse(cli.stdout) as { rows: Row[]; undated: number; outside: number };
    expect(r.rows).toEqual(printed.rows);
    expect(r.undated).toBe(printed.undated);
    expect(r.outside).toBe(printed.outside);
  });

  it('has a row per week with articles or events, and a week without articles is a gap, not a zero', async () => {
    const r = await ok<Index>('/api/index?dyad=ARM:AZE&by=week');
    // Eight background weeks, the gap week and the week of the shelling.
    expect(r.rows.map((x) => x.label)).toEqual([
      '2026-W02',
      '2026-W03',
      '2026-W04',
      '2026-W05',
      '2026-W06',
      '2026-W07',
      GAP_WEEK,
      '2026-W09',
      '2026-W10',
      STRIKE_WEEK,
    ]);
    const gap = r.rows.find((x) => x.label === GAP_WEEK)!;
    expect(gap.articles).toBe(0);
    expect(gap.events).toBeGreaterThan(0);
    expect(gap.perArticle).toBeNull();
    expect(gap.eventsPerArticle).toBeNull();
    expect(gap.drivers.some((d) => d.type === 'ASSAULT')).toBe(true);
    for (const x of r.rows) expect(x.perArticle === null).toBe(x.articles === 0);
    const quiet = r.rows.find((x) => x.label === '2026-W03')!;
    expect(quiet.perArticle).toEqual({ verbal: 0, material: 0, cooperation: 0 });
  });

  it('flags the week of the shelling as a material shift driven by its cluster, with its outlets', async () => {
    const strike = await strikeCluster();
    const r = await ok<Index>('/api/index?dyad=ARM:AZE');
    const week = r.rows.find((x) => x.label === STRIKE_WEEK)!;
    expect(week.articles).toBe(4);
    const shift = week.shifts.find((s) => s.series === 'material');
    expect(shift).toMatchObject({ direction: 'up' });
    expect(shift!.z).toBeGreaterThanOrEqual(3.5);
    expect(shift!.drivers.map((d) => d.cluster)).toEqual([strike.id]);
    expect(shift!.drivers[0]).toMatchObject({
      type: 'ASSAULT',
      sources: ['AZE'],
      targets: ['ARM'],
      reports: 3,
    });
    expect(week.drivers.map((d) => d.cluster)).toContain(strike.id);
    expect([...r.clusters[String(strike.id)]!.outlets].sort()).toEqual(STRIKE_OUTLETS);
    expect(r.labels).toMatchObject({ ARM: 'Armenia', AZE: 'Azerbaijan' });
    // No other week moved.
    expect(r.rows.filter((x) => x.shifts.length).map((x) => x.label)).toEqual([STRIKE_WEEK]);
    // A threshold above the capped z flags nothing.
    const strict = await ok<Index>('/api/index?dyad=ARM:AZE&threshold=99&window=4');
    expect(strict.rows.flatMap((x) => x.shifts).filter((s) => Math.abs(s.z) < 99)).toEqual([]);
  });

  it('takes days, a direction and a date range', async () => {
    const days = await ok<Index>('/api/index?dyad=ARM:AZE&by=day&since=2026-02&until=2026-03-09');
    expect(days.by).toBe('day');
    expect(days.rows.map((x) => x.period)).toEqual([
      '2026-02-03',
      '2026-02-10',
      '2026-02-18',
      '2026-02-24',
      '2026-03-03',
      '2026-03-09',
    ]);
    // The shelling's day has its events but its reports were published the next day.
    const monday = days.rows.find((x) => x.period === '2026-03-09')!;
    expect(monday).toMatchObject({ articles: 0, perArticle: null });
    expect(days.outside).toBeGreaterThan(0);
    const directed = await ok<Index>('/api/index?dyad=AZE%3EARM');
    expect(directed.dyad).toMatchObject({ a: 'AZE', b: 'ARM', directed: true });
    const all = directed.rows.flatMap((x) => x.drivers);
    expect(all.length).toBeGreaterThan(0);
    for (const d of all) expect(d.sources).toContain('AZE');
  });

  it('400 with a clear message for a bad dyad, an unknown actor and bad parameters', async () => {
    await expectError('/api/index', 400, /dyad/);
    await expectError('/api/index?dyad=ARMAZE', 400, /expected A:B/);
    await expectError('/api/index?dyad=ARM:Atlantis', 400, /unknown actor "Atlantis"/);
    await expectError('/api/index?dyad=ARM:Armenia', 400, /both sides are Armenia/);
    await expectError('/api/index?dyad=ARM:AZE&by=month', 400, /by/);
    await expectError('/api/index?dyad=ARM:AZE&window=0', 400, /window/);
    await expectError('/api/index?dyad=ARM:AZE&threshold=-1', 400, /threshold/);
    await expectError('/api/index?dyad=ARM:AZE&since=2026-03&until=2026-01', 400, /after until/);
  });
});

describe('GET /api/index/dyads', () => {
  it('lists the pairs with events, named, and narrows them to an actor', async () => {
    const pairs = await all<{ dyad: string; aLabel: string; bLabel: string; events: number; score: Json }>(
      '/api/index/dyads',
    );
    expect(pairs[0]).toMatchObject({ dyad: 'ARM:AZE', aLabel: 'Armenia', bLabel: 'Azerbaijan' });
    expect(pairs.map((p) => p.dyad)).toEqual(['ARM:AZE', 'ARM:FRA']);
    expect(pairs[1]).toMatchObject({ events: 1, score: { verbal: 0, material: 0 } });
    const index = await ok<Index>('/api/index?dyad=ARM:AZE');
    const events = index.rows.reduce((n, x) => n + x.events, 0);
    expect(pairs[0]!.events).toBe(events);
    for (let i = 1; i < pairs.length; i++)
      expect(pairs[i - 1]!.events).toBeGreaterThanOrEqual(pairs[i]!.events);
    for (const actor of ['country:ARM', 'Armenia', 'ARM'])
      expect((await all<{ dyad: string }>(`/api/index/dyads?actor=${actor}`)).map((p) => p.dyad)).toContain(
        'ARM:AZE',
      );
    expect(await all('/api/index/dyads?actor=Chile')).toEqual([]);
    expect(await all('/api/index/dyads?since=2027')).toEqual([]);
    expect((await all<{ dyad: string }>('/api/index/dyads?until=2026-02-03')).map((p) => p.dyad)).toEqual([
      'ARM:FRA',
    ]);
    const paged = await all<{ dyad: string }>('/api/index/dyads?limit=1');
    expect(paged.map((p) => p.dyad)).toEqual(pairs.map((p) => p.dyad));
    await expectError('/api/index/dyads?sort=name', 400, /sort/);
  });
});

describe('GET /api/sources', () => {
  it('compares the outlets: shared stories, exclusive events and framing words', async () => {
    const r = await ok<{
      outlets: {
        outlet: string;
        kind: string | null;
        articles: number;
        shared: number;
        exclusive: { cluster: number; type: string }[];
        framing: { concept: string; variants: { variant: string; count: number }[] }[];
      }[];
      concepts: { concept: string; variants: { variant: string; outlets: string[] }[] }[];
    }>('/api/sources');
    expect(r.outlets.map((o) => o.outlet).sort()).toEqual(['Associated Press', 'BBC', 'Reuters', 'TASS']);
    expect(r.outlets.reduce((n, o) => n + o.articles, 0)).toBe(CAUCASUS_DOCS.length);
    const tass = r.outlets.find((o) => o.outlet === 'TASS')!;
    const [reject] = (await all<Cluster>('/api/clusters?type=REJECT')).filter(
      (c) => c.firstArticle === 'caucasus-tass-1',
    );
    expect(tass.exclusive.map((e) => e.cluster)).toContain(reject!.id);
    expect(tass.framing).toContainEqual({
      concept: 'irregular-fighters',
      variants: [{ variant: 'terrorist', label: 'terrorists', count: 1 }],
    });
    const fighters = r.concepts.find((c) => c.concept === 'irregular-fighters')!;
    expect(fighters.variants).toEqual([
      expect.objectContaining({ variant: 'terrorist', outlets: ['TASS'] }),
      expect.objectContaining({ variant: 'militant', outlets: ['Reuters'] }),
    ]);
    const one = await ok<{ outlets: { outlet: string }[] }>('/api/sources?outlet=BBC%20News');
    expect(one.outlets.map((o) => o.outlet)).toEqual(['BBC']);
    const before = await ok<{ outlets: { articles: number }[] }>('/api/sources?until=2026-01');
    expect(before.outlets.reduce((n, o) => n + o.articles, 0)).toBe(4);
    await expectError('/api/sources?since=yesterday', 400, /since/);
  });
});

describe('answers follow the database', () => {
  // Runs last: it adds an article to the shared database.
  it('the index and the pair list change when another process ingests', async () => {
    const pairs = async () =>
      (await all<{ dyad: string }>('/api/index/dyads')).map((d) => d.dyad).filter((d) => d.includes('TUR'));
    expect(await pairs()).toEqual([]);
    const input = join(dir, 'late.jsonl');
    writeFileSync(
      input,
      `${JSON.stringify({
        id: 'late-1',
        source: 'Reuters',
        published: '2026-03-20',
        title: 'Turkey shells Armenian positions',
        text: 'Turkish artillery shelled Armenian border positions on Friday, the Armenian defence ministry said.',
      })}\n`,
    );
    const r = await runCli(['ingest', input, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect((await pairs()).length).toBeGreaterThan(0);
  });
});
