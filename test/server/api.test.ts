import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/server.js';
import { tempDir } from '../helpers.js';
import { buildFixtureDb, DOCS, FIXTURE_EVENTS, FIXTURE_QUOTES } from './fixture.js';

interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

type Json = Record<string, unknown>;
type Item = Record<string, unknown>;
type PageBody = { items: Item[]; nextCursor: string | null };

let dir: string;
let db: string;
let api: RunningServer;

async function call(server: RunningServer, path: string, init: RequestInit = {}): Promise<Reply> {
  const res = await fetch(new URL(path.replace(/^\//, ''), server.url), init);
  const text = await res.text();
  let body: unknown = null;
  if ((res.headers.get('content-type') ?? '').includes('json') && !path.includes('.jsonl') && text)
    body = JSON.parse(text);
  return { status: res.status, headers: res.headers, body, text };
}

const get = (path: string) => call(api, path);
const page = (r: Reply) => r.body as PageBody;

/** Every item of a list, following nextCursor. */
async function all(path: string): Promise<Item[]> {
  const out: Item[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 1000; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await get(cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path);
    expect(r.status, r.text).toBe(200);
    out.push(...page(r).items);
    cursor = page(r).nextCursor;
    if (!cursor) return out;
  }
  throw new Error('pagination did not end');
}

function expectError(r: Reply, status: number, message?: RegExp) {
  expect(r.status, r.text).toBe(status);
  expect(r.headers.get('content-type')).toContain('application/json');
  const body = r.body as { error: { message: string; status: number } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['message', 'status']);
  expect(body.error.status).toBe(status);
  expect(body.error.message).not.toMatch(/\n\s+at /); // never a stack trace
  if (message) expect(body.error.message).toMatch(message);
}

beforeAll(async () => {
  dir = tempDir('redline-api-');
  db = await buildFixtureDb(dir);
  api = await startServer({ db, port: 0, host: '127.0.0.1', token: null, webDir: null });
});

afterAll(async () => {
  await api?.close();
});

describe('serve', () => {
  it('binds to loopback on an ephemeral port and answers stats', async () => {
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const r = await get('/api/stats');
    expect(r.status).toBe(200);
    const s = r.body as Json;
    expect(s.articles).toBeGreaterThan(20);
    expect(s.events).toBeGreaterThanOrEqual(FIXTURE_EVENTS.length);
    expect(String(s.schemaVersion) >= '0003-api-indexes').toBe(true);
    expect(s.ingest).toBe(false);
  });

  it('says the dashboard is not built and links the OpenAPI document', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    expect(r.text).toContain('not built');
    expect(r.text).toContain('/api/openapi.json');
  });

  it('serves a built dashboard, falls back to index.html for app routes, and stays inside its folder', async () => {
    const web = join(dir, 'web');
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Dashboard</title>');
    writeFileSync(join(web, 'assets', 'app-1234.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'not for the web');
    const s = await startServer({ db, port: 0, host: '127.0.0.1', token: null, webDir: web });
    try {
      const index = await call(s, '/');
      expect(index.text).toContain('Dashboard');
      expect((await call(s, '/events/42?actor=x')).text).toContain('Dashboard');
      const js = await call(s, '/assets/app-1234.js');
      expect(js.headers.get('content-type')).toContain('javascript');
      expect(js.headers.get('cache-control')).toContain('immutable');
      expectError(await call(s, '/assets/missing.js'), 404);
      expectError(await call(s, '/..%2fsecret.txt'), 404);
      expectError(await call(s, '/%2e%2e/secret.txt'), 404);
      // The API still answers, and unknown API paths are not the dashboard.
      expect((await call(s, '/api/stats')).status).toBe(200);
      expectError(await call(s, '/api/nope'), 404);
    } finally {
      await s.close();
    }
  });

  it('answers only to local host names (no DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(new URL('api/stats', api.url), { headers: { host: 'attacker.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});

describe('errors', () => {
  it('404 for unknown routes and ids, JSON everywhere', async () => {
    expectError(await get('/api/nothing-here'), 404, /openapi/);
    expectError(await get('/no/such/page'), 404);
    expectError(await get('/api/articles/no-such-article'), 404, /no article/);
    expectError(await get('/api/actors/test:nobody'), 404, /no actor/);
  });

  it('400 for bad filters, parameters, sorts and cursors', async () => {
    expectError(await get('/api/events?type=EXPLODE'), 400, /type/);
    expectError(await get('/api/events?modality=maybe'), 400, /modality/);
    expectError(await get('/api/events?since=2024-13-01'), 400, /since/);
    expectError(await get('/api/events?since=2024-05-01&until=2024-04-01'), 400, /after/);
    expectError(await get('/api/events?limit=0'), 400, /limit/);
    expectError(await get('/api/events?limit=5000'), 400, /limit/);
    expectError(await get('/api/events?limit=ten'), 400, /limit/);
    expectError(await get('/api/events?sort=colour'), 400, /sort/);
    expectError(await get('/api/events?actr=Russia'), 400, /unknown parameter: actr/);
    expectError(await get('/api/events?type=AID&type=AGREE'), 400, /more than once/);
    expectError(await get('/api/events?cursor=not-a-cursor'), 400, /cursor/);
    const first = page(await get('/api/events?limit=1&sort=id'));
    expectError(await get(`/api/events?limit=1&sort=-date&cursor=${first.nextCursor}`), 400, /sort/);
    expectError(await get('/api/articles?language=English'), 400, /language/);
    expectError(await get('/api/articles?sort=relevance'), 400, /relevance/);
    expectError(await get('/api/actors?actorType=ROBOT'), 400, /actorType/);
    expectError(await get('/api/series?interval=year'), 400, /interval/);
    expectError(await get('/api/series?by=type&interval=total'), 400, /total/);
    expectError(await get('/api/events.csv?type=NOPE'), 400, /type/);
  });

  it('405 with Allow for a wrong method on a known route', async () => {
    const r = await call(api, '/api/events', { method: 'DELETE' });
    expectError(r, 405);
    expect(r.headers.get('allow')).toContain('GET');
    const g = await call(api, '/api/ingest');
    expectError(g, 405);
    expect(g.headers.get('allow')).toContain('POST');
  });

  it('403 for ingest when REDLINE_TOKEN is not set (read-only)', async () => {
    const r = await call(api, '/api/ingest', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer anything' },
      body: JSON.stringify({ text: 'Some text.' }),
    });
    expectError(r, 403, /REDLINE_TOKEN/);
  });

  it('HEAD works on lists', async () => {
    const r = await fetch(new URL('api/events', api.url), { method: 'HEAD' });
    expect(r.status).toBe(200);
  });
});

describe('articles', () => {
  it('lists, sorts and paginates without gaps or repeats', async () => {
    const items = await all('/api/articles?limit=7');
    const stats = (await get('/api/stats')).body as Json;
    expect(items.length).toBe(stats.articles);
    expect(new Set(items.map((a) => a.id)).size).toBe(items.length);
    const dates = items.map((a) => (a.published as string | null) ?? '');
    const dated = dates.filter(Boolean);
    expect(dated).toEqual([...dated].sort().reverse()); // -published by default, undated last
    const asc = await all('/api/articles?limit=5&sort=title');
    const titles = asc.map((a) => a.title as string | null).filter((t): t is string => t !== null);
    expect(titles).toEqual([...titles].sort());
  });

  it('searches the full text and filters by outlet, language and date', async () => {
    const hit = page(await get('/api/articles?q=provocations'));
    expect(hit.items.map((a) => a.id)).toContain('fx-1');
    expect(hit.items[0]!.snippet).toContain('[provocations]');
    const wire = page(await get('/api/articles?source=test%20wire'));
    expect(wire.items.map((a) => a.id).sort()).toEqual(['fx-1', 'fx-2']);
    expect(page(await get('/api/articles?outlet=Test%20Wire&since=2024-04')).items.map((a) => a.id)).toEqual([
      'fx-2',
    ]);
    expect(page(await get('/api/articles?outlet=Test%20Wire&until=2024-03')).items.map((a) => a.id)).toEqual([
      'fx-1',
    ]);
    const en = page(await get('/api/articles?language=en&limit=1000')).items;
    expect(en.every((a) => a.language === 'en')).toBe(true);
    const withDup = page(await get('/api/articles?duplicates=true&limit=1000')).items;
    expect(withDup.length).toBeGreaterThan(page(await get('/api/articles?limit=1000')).items.length);
    expect(page(await get('/api/articles?q=zzzzqqqq')).items).toEqual([]);
  });

  it('gives one article with its text and every layer, spans pointing into the text', async () => {
    const r = await get('/api/articles/fx-1');
    expect(r.status).toBe(200);
    const a = r.body as Json & { text: string; layers: Record<string, Item[]> };
    expect(a.source).toBe('Test Wire');
    const { layers, text } = a;
    expect(Object.keys(layers).sort()).toEqual(
      ['actors', 'dates', 'events', 'places', 'quantities', 'quotes', 'weapons'].sort(),
    );
    expect(layers.events).toHaveLength(3);
    expect(layers.quotes).toHaveLength(1);
    for (const e of [...layers.events!, ...layers.quotes!, ...layers.dates!]) {
      const [s, t] = e.span as [number, number];
      expect(text.slice(s, t)).toBe(e.text);
    }
    for (const x of [...layers.actors!, ...layers.places!, ...layers.weapons!])
      for (const [s, t] of x.mentions as [number, number][])
        expect(text.slice(s, t).toLowerCase()).toBe(String(x.name).toLowerCase());
    expect(layers.places![0]).toMatchObject({ name: 'Brenna', lat: 50.1, lon: 20.2, precision: 'town' });
    expect(layers.actors!.find((x) => x.key === 'test:aron-vale')?.roles).toEqual([
      'Northland defence minister',
    ]);
    // A real article from the corpus has real layers.
    const corpusArticle = page(await get('/api/articles?source=Reuters&limit=1')).items[0]!;
    const full = (await get(`/api/articles/${encodeURIComponent(String(corpusArticle.id))}`)).body as {
      text: string;
      layers: { actors: Item[]; events: { trigger: [number, number] | null; span: [number, number] }[] };
      extraction: Json;
    };
    expect(full.layers.actors.length).toBeGreaterThan(0);
    expect(full.extraction.extractorVersion).toBeTruthy();
    // Each event's trigger word lies inside the text, for the reader to highlight.
    const triggers = full.layers.events.map((e) => e.trigger).filter((t) => t !== null);
    expect(triggers.length).toBeGreaterThan(0);
    for (const [s, e] of triggers) expect(full.text.slice(s, e)).toMatch(/\p{L}/u);
  });
});

describe('events', () => {
  it('filters by actor (key or name, either role), source, target, type, modality, dates, place, outlet, text', async () => {
    const ids = async (q: string) =>
      page(await get(`/api/events?limit=1000&${q}`))
        .items.map((e) => e.type)
        .sort();
    expect(await ids('actor=test:eastland')).toEqual(['AID', 'COERCE']);
    expect(await ids('actor=Eastland')).toEqual(['AID', 'COERCE']);
    expect(await ids('actor=eastland')).toEqual(['AID', 'COERCE']);
    expect(await ids('target=test:eastland')).toEqual(['COERCE']);
    expect(await ids('source=test:northland')).toEqual(['ASSAULT', 'THREATEN']);
    expect(await ids('target=Northland')).toEqual(['AGREE', 'CONSULT', 'REJECT']);
    expect(await ids('actor=test:northland&type=assault,threaten')).toEqual(['ASSAULT', 'THREATEN']);
    expect(await ids('actor=test:northland&modality=reported')).toEqual(['ASSAULT']);
    expect(await ids('outlet=test%20wire')).toEqual(['AGREE', 'ASSAULT', 'CONSULT', 'REJECT', 'THREATEN']);
    expect(await ids('outlet=Test%20Wire&since=2024-04-01')).toEqual(['AGREE', 'CONSULT']);
    expect(await ids('outlet=Test%20Wire&until=2024-03-04')).toEqual(['ASSAULT', 'THREATEN']);
    expect(await ids('actor=Southland&since=2024-03&until=2024-03')).toEqual([
      'ASSAULT',
      'REJECT',
      'THREATEN',
    ]);
    expect(await ids('place=Brenna')).toEqual(['AGREE', 'ASSAULT']);
    expect(await ids('place=test:brenna')).toEqual(['AGREE', 'ASSAULT']);
    expect(await ids('text=CONVOYS')).toEqual(['AID']);
    expect(await ids('text=100%25')).toEqual([]); // % is literal, not a wildcard
    expect(await ids('article=fx-2')).toEqual(['AGREE', 'CONSULT']);
    expect(await ids('actor=test:nobody')).toEqual([]);
    // The month-precision event counts on its publication day.
    const consult = page(await get('/api/events?article=fx-2&type=CONSULT')).items[0]!;
    expect(consult).toMatchObject({
      date: '2024-05',
      day: '2024-04-12',
      outlet: 'Test Wire',
      articleId: 'fx-2',
    });
    const assault = page(await get('/api/events?place=Brenna&type=ASSAULT')).items[0]!;
    expect(assault.geo).toMatchObject({ key: 'test:brenna', lat: 50.1, lon: 20.2, precision: 'town' });
    expect(assault.sourceKeys).toEqual(['test:northland']);
  });

  it('sorts and pages through every event exactly once, in every sort', async () => {
    const total = ((await get('/api/stats')).body as Json).events as number;
    for (const sort of ['-date', 'date', 'id', '-id', 'intensity', '-intensity']) {
      const items = await all(`/api/events?limit=37&sort=${sort}`);
      expect(items.length, sort).toBe(total);
      expect(new Set(items.map((e) => e.id)).size, sort).toBe(total);
      const key = sort.replace('-', '');
      const vals = items.map((e) => (key === 'date' ? e.day : key === 'id' ? e.id : e.intensity));
      const nonNull = vals.filter((v) => v !== null) as (string | number)[];
      const sorted = [...nonNull].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(nonNull, sort).toEqual(sort.startsWith('-') ? sorted.reverse() : sorted);
    }
    // An actor's events page the same way (driven from its index).
    const mine = await all('/api/events?actor=test:southland&limit=2');
    expect(mine.map((e) => e.type).sort()).toEqual([
      'AGREE',
      'AID',
      'ASSAULT',
      'CONSULT',
      'REJECT',
      'THREATEN',
    ]);
    expect(mine.map((e) => e.day)).toEqual([...mine.map((e) => e.day)].sort().reverse());
  });
});

describe('quotes', () => {
  it('filters by speaker, text, outlet, kind and dates, and pages', async () => {
    const texts = async (q: string) =>
      page(await get(`/api/quotes?limit=1000&${q}`)).items.map((x) => x.text);
    expect(await texts('speaker=test:aron-vale')).toEqual([FIXTURE_QUOTES[0]!.text]);
    expect(await texts('speaker=aron%20vale')).toEqual([FIXTURE_QUOTES[0]!.text]);
    expect(await texts('outlet=Other%20Desk')).toEqual(['Help is on the way,']);
    expect(await texts('outlet=Test%20Wire&kind=indirect')).toEqual(['the talks could resume next month']);
    expect(await texts('text=PROVOCATIONS')).toEqual([FIXTURE_QUOTES[0]!.text]);
    expect(await texts('outlet=Test%20Wire&since=2024-04-01')).toEqual(['the talks could resume next month']);
    const total = ((await get('/api/stats')).body as Json).quotes as number;
    const items = await all('/api/quotes?limit=25');
    expect(items.length).toBe(total);
    expect(new Set(items.map((q) => q.id)).size).toBe(total);
    const q = page(await get('/api/quotes?speaker=test:eastland')).items[0]!;
    expect(q).toMatchObject({
      speaker: 'Eastland',
      speakerKey: 'test:eastland',
      kind: 'direct',
      articleId: 'fx-3',
      day: '2024-04-16',
    });
  });
});

describe('actors, places, outlets', () => {
  it('lists actors with counts, filtered and sorted, and pages', async () => {
    const list = page(await get('/api/actors?q=land&limit=100')).items;
    const south = list.find((a) => a.key === 'test:southland')!;
    expect(south).toMatchObject({
      name: 'Southland',
      type: 'COUNTRY',
      articles: 3,
      events: 6,
      asSource: 3,
      asTarget: 3,
      quotes: 1,
    });
    const counts = list.map((a) => a.events as number);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const byName = page(await get('/api/actors?q=land&sort=name')).items.map((a) =>
      String(a.name).toLowerCase(),
    );
    expect(byName).toEqual([...byName].sort());
    expect(page(await get('/api/actors?actorType=PERSON&q=vale')).items.map((a) => a.key)).toEqual([
      'test:aron-vale',
    ]);
    // Narrowed to a date range, a type, or an outlet, the counts follow.
    const april = page(await get('/api/actors?q=land&since=2024-04-01&until=2024-04-30')).items;
    expect(april.find((a) => a.key === 'test:southland')).toMatchObject({
      events: 3,
      articles: 2,
      quotes: 1,
    });
    const aid = page(await get('/api/actors?q=land&type=AID')).items;
    expect(aid.find((a) => a.key === 'test:southland')).toMatchObject({ events: 1, asTarget: 1 });
    const other = page(await get('/api/actors?q=land&outlet=Other%20Desk')).items;
    expect(other.map((a) => a.key).sort()).toEqual(['test:eastland', 'test:southland']);
    const everyone = await all('/api/actors?limit=9');
    expect(new Set(everyone.map((a) => a.key)).size).toBe(everyone.length);
  });

  it('profiles an actor: roles, counts, counterparts, recent events and quotes', async () => {
    const r = await get(`/api/actors/${encodeURIComponent('test:aron-vale')}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      name: 'Aron Vale',
      type: 'PERSON',
      roles: ['Northland defence minister'],
      quotes: 1,
    });
    const n = (await get('/api/actors/test:northland')).body as Json & {
      recentEvents: Item[];
      topTargets: Item[];
      eventTypes: Item[];
    };
    expect(n).toMatchObject({
      events: 5,
      asSource: 2,
      asTarget: 3,
      firstDay: '2024-03-04',
      lastDay: '2024-04-12',
    });
    expect(n.topTargets).toEqual([{ key: 'test:southland', name: 'Southland', events: 2 }]);
    expect(n.recentEvents).toHaveLength(5);
    expect(n.eventTypes.find((t) => t.type === 'THREATEN')).toEqual({
      type: 'THREATEN',
      asSource: 1,
      asTarget: 0,
    });
    // A name stands for its actor.
    expect(((await get('/api/actors/Northland')).body as Json).key).toBe('test:northland');
  });

  it('lists places with coordinates, precision and counts', async () => {
    const list = page(await get('/api/places?limit=1000')).items;
    expect(list.find((p) => p.key === 'test:brenna')).toMatchObject({
      name: 'Brenna',
      lat: 50.1,
      lon: 20.2,
      precision: 'town',
      articles: 2,
      events: 2,
    });
    const geo = page(await get('/api/places?geocoded=true&limit=1000')).items;
    expect(geo.every((p) => typeof p.lat === 'number' && typeof p.lon === 'number')).toBe(true);
    expect(page(await get('/api/places?q=brenna&since=2024-04-01')).items[0]).toMatchObject({
      articles: 1,
      events: 1,
    });
    expect(page(await get('/api/places?q=brenna&type=ASSAULT')).items[0]).toMatchObject({ events: 1 });
    const pages = await all('/api/places?limit=10');
    expect(pages.length).toBe(list.length);
  });

  it('counts articles, events and quotes per outlet', async () => {
    const list = page(await get('/api/outlets?limit=1000')).items;
    expect(list.find((o) => o.outlet === 'Test Wire')).toMatchObject({
      articles: 2,
      events: 5,
      quotes: 2,
      firstPublished: '2024-03-05',
      lastPublished: '2024-04-12',
    });
    const articles = list.reduce((n, o) => n + (o.articles as number), 0);
    expect(articles).toBe(((await get('/api/stats')).body as Json).articles);
    expect(page(await get('/api/outlets?q=wire&since=2024-04')).items).toMatchObject([
      { outlet: 'Test Wire', articles: 1, events: 2 },
    ]);
    expect(page(await get('/api/outlets?q=wire&type=AGREE')).items).toMatchObject([
      { outlet: 'Test Wire', events: 1 },
    ]);
    const names = page(await get('/api/outlets?sort=name&limit=1000')).items.map((o) =>
      String(o.outlet ?? '').toLowerCase(),
    );
    expect(names).toEqual([...names].sort());
  });
});

describe('series', () => {
  it('counts per day and week by type, totals matching the event list', async () => {
    const s = (await get('/api/series?outlet=Test%20Wire')).body as Json & { items: Item[] };
    expect(s).toMatchObject({ by: 'type', interval: 'day', total: 5, undated: 0 });
    expect(s.items).toContainEqual({ period: '2024-03-04', type: 'ASSAULT', count: 1 });
    expect(s.items).toContainEqual({ period: '2024-04-12', type: 'CONSULT', count: 1 });
    const w = (await get('/api/series?interval=week&actor=test:southland')).body as Json & { items: Item[] };
    expect(w.total).toBe(6);
    expect(w.items).toContainEqual({ period: '2024-03-04', type: 'REJECT', count: 1 }); // Tue 5 March → week of Mon 4
    // An actor on both sides of an event counts once, in the series as in the list.
    expect(((await get('/api/series?actor=test:eastland')).body as Json).total).toBe(2);
    expect(((await get('/api/actors/test:eastland')).body as Json).events).toBe(2);
    const m = (await get('/api/series?interval=month&type=AID,AGREE&actor=test:southland')).body as Json & {
      items: Item[];
    };
    expect(m.items).toEqual([
      { period: '2024-04', type: 'AGREE', count: 1 },
      { period: '2024-04', type: 'AID', count: 1 },
    ]);
    // Unfiltered, from the rollups: the timeline's total is the API's event count.
    const everything = (await get('/api/series')).body as Json & { items: Item[] };
    const total = ((await get('/api/stats')).body as Json).events;
    expect(everything.total).toBe(total);
    expect(everything.items.reduce((n, x) => n + (x.count as number), 0)).toBe(
      (total as number) - (everything.undated as number),
    );
    const ranged = (await get('/api/series?since=2024-03-01&until=2024-04-30&type=THREATEN,AGREE'))
      .body as Json;
    const listed = await all('/api/events?since=2024-03-01&until=2024-04-30&type=THREATEN,AGREE');
    expect(ranged.total).toBe(listed.length);
  });

  it('counts per actor pair, with conflict and cooperation', async () => {
    const s = (await get('/api/series?by=pair&interval=total&actor=test:northland')).body as Json & {
      items: Item[];
    };
    expect(s.items).toContainEqual({
      period: null,
      source: 'test:northland',
      sourceName: 'Northland',
      target: 'test:southland',
      targetName: 'Southland',
      count: 2,
      conflict: 2,
      cooperation: 0,
    });
    expect(s.items).toContainEqual(
      expect.objectContaining({
        source: 'test:southland',
        target: 'test:northland',
        count: 3,
        conflict: 1,
        cooperation: 2,
      }),
    );
    const daily = (await get('/api/series?by=pair&interval=day&outlet=Test%20Wire&top=1')).body as Json & {
      items: Item[];
    };
    expect(new Set(daily.items.map((x) => `${x.source}>${x.target}`)).size).toBe(1);
    const all3 = (await get('/api/series?by=pair&interval=total&top=1000')).body as Json & { items: Item[] };
    expect(all3.items.length).toBeGreaterThan(2);
  });
});

describe('exports', () => {
  it('CSV, JSON Lines and GeoJSON of events with the same filters as the list', async () => {
    const listed = await all('/api/events?outlet=Test%20Wire&sort=id');
    const csv = await get('/api/events.csv?outlet=Test%20Wire');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('events.csv');
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^id,day,date,type,/);
    expect(lines).toHaveLength(listed.length + 1);
    expect(csv.text).toContain(
      '"Artillery from Northland shelled Brenna overnight, officials in Southland said."',
    );
    const jsonl = await get('/api/events.jsonl?outlet=Test%20Wire');
    expect(jsonl.headers.get('content-type')).toContain('application/x-ndjson');
    const rows = jsonl.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Item);
    expect(rows.map((r) => r.id)).toEqual(listed.map((e) => e.id));
    const geo = await get('/api/events.geojson?outlet=Test%20Wire');
    expect(geo.headers.get('content-type')).toContain('application/geo+json');
    const fc = JSON.parse(geo.text) as {
      type: string;
      features: { geometry: { type: string; coordinates: number[] }; properties: Item }[];
    };
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f) => f.properties.type).sort()).toEqual(['AGREE', 'ASSAULT']);
    expect(fc.features[0]!.geometry).toEqual({ type: 'Point', coordinates: [20.2, 50.1] });
    // limit caps an export; an empty result is still a valid document.
    expect((await get('/api/events.jsonl?limit=2')).text.trimEnd().split('\n')).toHaveLength(2);
    expect(JSON.parse((await get('/api/events.geojson?actor=test:nobody')).text)).toEqual({
      type: 'FeatureCollection',
      features: [],
    });
    expect((await get('/api/events.csv?actor=test:nobody')).text.trimEnd().split('\r\n')).toHaveLength(1);
  });

  it('exports every event, across many pages', async () => {
    const total = ((await get('/api/stats')).body as Json).events as number;
    const jsonl = await get('/api/events.jsonl');
    expect(jsonl.text.trimEnd().split('\n')).toHaveLength(total);
  });

  it('CSV, JSON Lines and GeoJSON of quotes', async () => {
    const csv = await get('/api/quotes.csv?outlet=Test%20Wire');
    expect(csv.text.trimEnd().split('\r\n')).toHaveLength(3);
    expect(csv.text).toContain('test:aron-vale');
    const jsonl = await get('/api/quotes.jsonl?speaker=test:eastland');
    expect(JSON.parse(jsonl.text.trim())).toMatchObject({ text: 'Help is on the way,' });
    const geo = JSON.parse((await get('/api/quotes.geojson?outlet=Test%20Wire')).text) as {
      features: { properties: Item; geometry: { coordinates: number[] } }[];
    };
    // Quotes are placed where their article is: both Test Wire articles mention Brenna.
    expect(geo.features).toHaveLength(2);
    expect(geo.features[0]!.properties).toMatchObject({ placeKey: 'test:brenna', placeBasis: 'mentions' });
  });

  it('neutralises spreadsheet formulas in CSV cells', async () => {
    const { csvCell } = await import('../../src/server/export.js');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-4.4)).toBe('-4.4');
    expect(csvCell(['a', 'b'])).toBe('a; b');
    expect(csvCell(null)).toBe('');
  });
});

describe('OpenAPI', () => {
  it('is a valid OpenAPI 3 document listing every endpoint', async () => {
    const r = await get('/api/openapi.json');
    expect(r.status).toBe(200);
    const doc = r.body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    const res = await new Validator().validate(doc as unknown as Parameters<Validator['validate']>[0]);
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
    const paths = Object.keys(doc.paths).sort();
    expect(paths).toEqual(
      [
        '/api/actors',
        '/api/actors/{key}',
        '/api/articles',
        '/api/articles/{id}',
        '/api/clusters',
        '/api/clusters/{id}',
        '/api/events',
        '/api/events.csv',
        '/api/events.geojson',
        '/api/events.jsonl',
        '/api/index',
        '/api/index/dyads',
        '/api/ingest',
        '/api/outlets',
        '/api/places',
        '/api/quote-clusters',
        '/api/quote-clusters/{id}',
        '/api/quotes',
        '/api/quotes.csv',
        '/api/quotes.geojson',
        '/api/quotes.jsonl',
        '/api/series',
        '/api/sources',
        '/api/stats',
      ].sort(),
    );
    expect(Object.keys(doc.paths['/api/ingest']!)).toEqual(['post']);
    const events = doc.paths['/api/events']!.get as { parameters: { name: string }[] };
    expect(events.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        'actor',
        'target',
        'type',
        'modality',
        'since',
        'until',
        'place',
        'outlet',
        'text',
        'cursor',
        'limit',
        'sort',
      ]),
    );
  });
});

describe('ingest with REDLINE_TOKEN', () => {
  let w: RunningServer;
  const TOKEN = 'test-token-123';
  const post = (body: string, headers: Record<string, string> = {}) =>
    call(w, '/api/ingest', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers },
      body,
    });

  beforeAll(async () => {
    w = await startServer({
      db: join(dir, 'ingest.db'),
      port: 0,
      host: '127.0.0.1',
      token: TOKEN,
      webDir: null,
      maxBodyBytes: 64 * 1024,
    });
  });
  afterAll(async () => {
    await w?.close();
  });

  it('401 without or with a wrong token', async () => {
    const none = await call(w, '/api/ingest', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"x"}',
    });
    expectError(none, 401, /bearer/i);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expectError(await post('{"text":"x"}', { authorization: 'Bearer wrong' }), 401, /wrong/);
    expectError(await post('{"text":"x"}', { authorization: `Basic ${TOKEN}` }), 401);
  });

  it('413 for a body over the limit, 415 for another content type, 400 for a bad body', async () => {
    expectError(await post(JSON.stringify({ text: 'word '.repeat(20_000) })), 413, /too large/);
    expectError(await post('text=hello', { 'content-type': 'application/x-www-form-urlencoded' }), 415);
    expectError(await post('{"text": '), 400);
    expectError(await post('{"title": "no text"}'), 400, /text/);
    expectError(await post('[]'), 400);
    expectError(await post('{"text": 42}'), 400);
  });

  it('runs cleaning, extraction and storage, idempotently, and the API sees the result', async () => {
    const text =
      'KYIV, March 3 (Reuters) - Russia launched drones at Kyiv overnight, Ukrainian officials said on Sunday. Ukraine accused Russia of targeting power stations.';
    const html = `<html><head><title>Talks in Helsinki</title><meta property="og:site_name" content="Nordic Daily"></head>
      <body><nav>Home | World</nav><article><h1>NATO to hold talks with Finland</h1>
      <p>NATO said on Monday it would hold talks with Finland in Helsinki next week about air defence along the border.</p>
      <p>The Finnish defence ministry said the meeting would cover radar coverage and the training of reservists in the north.</p>
      <p>Officials from both sides said no decision on new deployments was expected before the summer.</p></article></body></html>`;
    const one = await post(JSON.stringify({ id: 'api-1', text, published: '2024-03-03', source: 'Reuters' }));
    expect(one.status, one.text).toBe(200);
    expect(one.body).toMatchObject({
      read: 1,
      stored: 1,
      failed: [],
      outcomes: [{ id: 'api-1', kind: 'stored' }],
    });
    // An item without text or html makes the whole body invalid: nothing is stored.
    expectError(
      await post(
        JSON.stringify([
          { id: 'api-2', html },
          { id: 'api-3', text: '   ' },
        ]),
      ),
      400,
      /text/,
    );
    const two = await post(
      JSON.stringify([
        { id: 'api-1', text },
        { id: 'api-2', html, published: '2024-03-04' },
      ]),
    );
    expect(two.status, two.text).toBe(200);
    expect(two.body).toMatchObject({
      read: 2,
      stored: 1,
      unchanged: 1,
      outcomes: [
        { id: 'api-1', kind: 'unchanged' },
        { id: 'api-2', kind: 'stored' },
      ],
    });
    const article = (await call(w, '/api/articles/api-1')).body as {
      text: string;
      layers: { actors: Item[] };
      source: string;
    };
    expect(article.source).toBe('Reuters');
    expect(article.layers.actors.map((a) => a.name)).toEqual(expect.arrayContaining(['Russia']));
    const fromHtml = (await call(w, '/api/articles/api-2')).body as { text: string; title: string };
    expect(fromHtml.text).toContain('NATO said on Monday');
    expect(fromHtml.text).not.toContain('Home | World');
    expect(((await call(w, '/api/stats')).body as Json).articles).toBe(2);
    // The extraction went through the same path as `redline ingest`: events and actors are stored.
    const actors = page(await call(w, '/api/actors?limit=100')).items.map((a) => a.name);
    expect(actors).toEqual(expect.arrayContaining(['Russia', 'Ukraine']));
  });
});

describe('fixture', () => {
  it('is what the tests assume', () => {
    expect(DOCS).toHaveLength(3);
    expect(FIXTURE_EVENTS).toHaveLength(7);
  });
});
