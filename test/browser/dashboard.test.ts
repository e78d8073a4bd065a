// The dashboard in a real browser over the real server and the sample corpus: the timeline agrees
// with the API, a row opens its evidence in the reader, an actor filters the map and the table,
// the filters survive a reload, empty results are said in words, the escalation panel draws the
// busiest pair's index; screenshots at two widths.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/kb/paths.js';
import type { RunningServer } from '../../src/server/server.js';
import {
  closeChromium,
  ensureWebBuilt,
  haveChromium,
  launchChromium,
  type PageGlobals,
  sampleDb,
  serveDashboard,
} from './harness.js';

// `npm run screenshots` writes them to docs/screenshots; a plain test run keeps them in a temp folder,
// so running the suite leaves the work tree as it was.
const SHOTS = process.env.REDLINE_SCREENSHOTS
  ? resolve(packageRoot(), process.env.REDLINE_SCREENSHOTS)
  : mkdtempSync(join(tmpdir(), 'redline-shots-'));
const NOT_PINNED = new Set(['region', 'macro-region', 'country', 'continent', 'water']);

interface Ev {
  id: number;
  articleId: string;
  text: string;
  sourceKeys: string[];
  targetKeys: string[];
}
interface Page_<T> {
  items: T[];
  nextCursor: string | null;
}

let db: string | undefined;
let server: RunningServer;
let browser: BrowserContext;
let page: Page;

async function api<T>(path: string): Promise<T> {
  const res = await fetch(new URL(path.replace(/^\//, ''), server.url));
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

/** Every event the API lists for a query, following the cursors. */
async function allEvents(query = ''): Promise<Ev[]> {
  const out: Ev[] = [];
  let cursor: string | null = null;
  do {
    const q = new URLSearchParams(query);
    q.set('limit', '1000');
    if (cursor) q.set('cursor', cursor);
    const p: Page_<Ev> = await api(`/api/events?${q}`);
    out.push(...p.items);
    cursor = p.nextCursor;
  } while (cursor);
  return out;
}

/** Geocoded events the map should pin for a query (town or point precision). */
async function pinnedEvents(query = ''): Promise<number> {
  const g = await api<{ features: { properties: { placePrecision: string | null } }[] }>(
    `/api/events.geojson?${query}`,
  );
  return g.features.filter((f) => !NOT_PINNED.has(f.properties.placePrecision ?? 'region')).length;
}

const timelineTotal = async () =>
  Number(await page.getAttribute('#timeline-total[data-total]', 'data-total'));
const rowIds = () =>
  page.$$eval('#events tr.event-row', (rows) => rows.map((r) => Number(r.getAttribute('data-id'))));

/** Wait until every panel has its answer for the current URL. */
async function settled(): Promise<void> {
  try {
    await page.waitForFunction(
      () => {
        const { document } = globalThis as unknown as PageGlobals;
        return (
          document.querySelector('#timeline-total[data-total]') &&
          !document.querySelector('.panel[aria-busy="true"]') &&
          document.querySelector('#map-canvas[data-events]')
        );
      },
      undefined,
      { timeout: 30_000 },
    );
  } catch (e) {
    const state = await page.evaluate(() => {
      const { document } = globalThis as unknown as PageGlobals;
      return {
        busy: [...document.querySelectorAll('.panel[aria-busy="true"]')].map((p) => p.getAttribute('id')),
        total: document.querySelector('#timeline-total')?.getAttribute('data-total'),
        map: document.querySelector('#map-canvas')?.getAttribute('data-events'),
      };
    });
    throw new Error(`the dashboard did not settle at ${page.url()}: ${JSON.stringify(state)}; ${e}`);
  }
}

describe.skipIf(!haveChromium)('dashboard in Chromium', () => {
  const log: string[] = [];
  beforeAll(async () => {
    ensureWebBuilt();
    db = await sampleDb();
    server = await serveDashboard(db);
    browser = await launchChromium();
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(30_000);
    // What the page said, shown when a test fails.
    page.on('console', (m) => log.push(`console.${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => log.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => log.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    mkdirSync(SHOTS, { recursive: true });
  }, 180_000);

  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail' && log.length) process.stderr.write(`${log.join('\n')}\n`);
    log.length = 0;
  });

  afterAll(async () => {
    await closeChromium(browser);
    await server?.close();
    if (db) rmSync(dirname(db), { recursive: true, force: true });
    if (!process.env.REDLINE_SCREENSHOTS) rmSync(SHOTS, { recursive: true, force: true });
  });

  it('shows a timeline whose total equals the API’s event count', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await settled();
    const events = await allEvents();
    const stats = await api<{ events: number }>('/api/stats');
    expect(events.length).toBeGreaterThan(50);
    expect(await timelineTotal()).toBe(events.length);
    expect(await timelineTotal()).toBe(stats.events);
    await page.waitForFunction(() =>
      (globalThis as unknown as PageGlobals).document
        .querySelector('#timeline')
        ?.getAttribute('data-rendered'),
    );
    expect(await rowIds()).toHaveLength(50);
    expect(Number(await page.getAttribute('#map-canvas', 'data-events'))).toBe(await pinnedEvents());
    expect(await page.locator('#map .event-marker').count()).toBeGreaterThan(3);
    expect(await page.locator('#quotes li.quote').count()).toBeGreaterThan(10);
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'dashboard-1280x800.png') });
  });

  it('opens the article reader on a clicked event with its evidence sentence highlighted', async () => {
    const row = page.locator('#events tr.event-row').nth(3);
    const id = Number(await row.getAttribute('data-id'));
    const event = (await allEvents()).find((e) => e.id === id)!;
    await row.locator('td.col-text').click();
    await page.waitForSelector('#reader:not([hidden]) .reader-text .sel');
    expect(new URL(page.url()).searchParams.get('hl')).toBe(`e${id}`);
    expect(new URL(page.url()).searchParams.get('read')).toBe(event.articleId);
    const marked = (await page.locator('#reader .reader-text .sel').allTextContents()).join('');
    expect(marked).toContain(event.text);
    // The evidence is scrolled into the reader's view.
    const inView = await page.$eval('#reader .sel-first', (el) => {
      const box = el.getBoundingClientRect();
      const frame = el.closest('.reader-body')!.getBoundingClientRect();
      return box.top >= frame.top && box.bottom <= frame.bottom;
    });
    expect(inView).toBe(true);
    // Other layers are drawn too.
    expect(await page.locator('#reader .reader-text .l-actor').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'reader-1280x800.png') });
    await page.click('#reader button.close');
    await page.waitForSelector('#reader', { state: 'hidden' });
    expect(new URL(page.url()).searchParams.has('read')).toBe(false);
  });

  it('filters the map and the table to an actor clicked in the network', async () => {
    const top = (await api<Page_<{ key: string; name: string }>>('/api/actors?limit=1')).items[0]!;
    const beforeRows = await rowIds();
    const beforeMap = Number(await page.getAttribute('#map-canvas', 'data-events'));
    await page.locator('#network .network-chart').scrollIntoViewIfNeeded();
    // The force layout may still be settling: click where the node is now until the filter is set.
    await expect
      .poll(
        async () => {
          const at = await page.evaluate(
            (key) => (globalThis as unknown as PageGlobals).redline.nodePosition(key),
            top.key,
          );
          if (at) await page.mouse.click(at[0]!, at[1]!);
          return new URL(page.url()).searchParams.get('actor');
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(top.key);
    await settled();
    await page.waitForFunction(
      (n) =>
        Number(
          (globalThis as unknown as PageGlobals).document
            .querySelector('#map-canvas')
            ?.getAttribute('data-events'),
        ) !== n,
      beforeMap,
    );

    const expected = await allEvents(`actor=${encodeURIComponent(top.key)}`);
    expect(await timelineTotal()).toBe(expected.length);
    const rows = await rowIds();
    expect(rows).not.toEqual(beforeRows);
    expect(rows).toEqual(expected.slice(0, 50).map((e) => e.id));
    expect(Number(await page.getAttribute('#map-canvas', 'data-events'))).toBe(
      await pinnedEvents(`actor=${encodeURIComponent(top.key)}`),
    );
    expect(await page.inputValue('#f-actor')).toBe(top.name);
  });

  it('keeps the filters on reload', async () => {
    // Add a modality through the form, then reload.
    await page.click('#f-modality > summary');
    await page.check('#f-modality input[value="reported"]');
    await page.waitForURL((u) => u.searchParams.get('modality') === 'reported');
    await settled();
    const url = page.url();
    const rows = await rowIds();
    const total = await timelineTotal();
    await page.reload();
    await settled();
    expect(page.url()).toBe(url);
    expect(await rowIds()).toEqual(rows);
    expect(await timelineTotal()).toBe(total);
    expect(await page.isChecked('#f-modality input[value="reported"]')).toBe(true);
    const q = new URL(url).searchParams;
    expect(total).toBe(
      (await allEvents(`actor=${encodeURIComponent(q.get('actor')!)}&modality=reported`)).length,
    );
    expect(await page.locator('.chips .chip').count()).toBe(2);
  });

  it('sets the date filter by brushing the timeline', async () => {
    await page.click('#f-clear');
    await page.waitForURL((u) => u.search === '');
    await settled();
    // A reload restores the scroll position: bring the timeline back into view before dragging.
    await page.evaluate(() =>
      (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
    );
    const box = (await page.locator('#timeline .timeline-chart').boundingBox())!;
    const y = box.y + box.height * 0.55;
    await page.mouse.move(box.x + box.width * 0.45, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, y, { steps: 8 });
    await page.mouse.up();
    await page.waitForURL((u) => u.searchParams.has('since') && u.searchParams.has('until'));
    await settled();
    const q = new URL(page.url()).searchParams;
    const expected = await allEvents(`since=${q.get('since')}&until=${q.get('until')}`);
    expect(await timelineTotal()).toBe(expected.length);
    expect(await rowIds()).toEqual(expected.slice(0, 50).map((e) => e.id));
  });

  it('says so in words when nothing matches', async () => {
    await page.goto(`${server.url}?q=${encodeURIComponent('zzqx no such words')}`);
    await settled();
    await expect(page.locator('#events .msg').textContent()).resolves.toBe('No events match these filters.');
    await expect(page.locator('#timeline .msg').textContent()).resolves.toBe(
      'No events match these filters.',
    );
    await expect(page.locator('#quotes .msg').textContent()).resolves.toBe('No quotes match these filters.');
    await expect(page.locator('#map .msg').textContent()).resolves.toBe(
      'No geocoded events match these filters.',
    );
    expect(await timelineTotal()).toBe(0);
    // A filter the API rejects is explained, not swallowed.
    await page.goto(`${server.url}?since=2024-13`);
    await page.waitForSelector('#events .msg-error');
    expect(await page.locator('#events .msg-error').textContent()).toMatch(/cannot be applied/);
  });

  it('shows the escalation index of the busiest actor pair, its shifts and their events', async () => {
    await page.goto(server.url);
    await settled();
    await page.waitForSelector('#escalation[data-rows]:not([aria-busy])');
    const [top] = (await api<Page_<{ dyad: string }>>('/api/index/dyads?limit=1')).items;
    expect(await page.getAttribute('#escalation', 'data-dyad')).toBe(top!.dyad);
    const index = await api<{
      rows: { label: string; articles: number; shifts: { series: string }[] }[];
    }>(`/api/index?dyad=${encodeURIComponent(top!.dyad)}`);
    const probe = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).redline.escalation.probe(),
    );
    expect(probe!.categories.filter((c) => c !== '…')).toEqual(index.rows.map((r) => r.label));
    expect(probe!.shifts).toHaveLength(index.rows.reduce((n, r) => n + r.shifts.length, 0));
    // The sample corpus has a flagged week: show its events and the first one's reports.
    const flagged = index.rows.find((r) => r.shifts.length);
    await page.locator('#escalation .escalation-chart').scrollIntoViewIfNeeded();
    if (flagged) {
      const at = await page.evaluate(
        ([l, s]) => (globalThis as unknown as PageGlobals).redline.escalation.point(l!, s),
        [flagged.label, flagged.shifts[0]!.series] as const,
      );
      await page.mouse.click(at![0]!, at![1]!);
      await page.waitForSelector('#esc-drivers[data-kind="shift"] button.driver');
      await page.locator('#esc-drivers button.driver').first().click();
      await page.waitForSelector('#esc-cluster button.report');
    }
    // The panel under the sticky filter bar, without a tooltip over it (ECharts fades it out).
    await page.mouse.move(2, 2);
    await page.waitForFunction(() => {
      const { document } = globalThis as unknown as {
        document: { querySelectorAll(s: string): Iterable<{ style: { opacity: string; display: string } }> };
      };
      return [...document.querySelectorAll('#escalation .esc-tooltip')].every(
        (d) => d.style.display === 'none' || d.style.opacity === '0',
      );
    });
    await page.evaluate(() => {
      const g = globalThis as unknown as {
        document: {
          querySelector(s: string): { getBoundingClientRect(): { top: number; bottom: number } } | null;
        };
        scrollBy(x: number, y: number): void;
      };
      const bar = g.document.querySelector('.filters')!.getBoundingClientRect().bottom;
      g.scrollBy(0, g.document.querySelector('#escalation')!.getBoundingClientRect().top - bar - 8);
    });
    await page.screenshot({ path: join(SHOTS, 'escalation-1280x800.png') });
  });

  it('works at phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(server.url);
    await settled();
    await page.waitForFunction(() =>
      (globalThis as unknown as PageGlobals).document
        .querySelector('#timeline')
        ?.getAttribute('data-rendered'),
    );
    // Nothing wider than the screen.
    const overflow = await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      return g.document.documentElement.scrollWidth - g.innerWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SHOTS, 'dashboard-phone.png') });
    await page.locator('#events tr.event-row').first().locator('td.col-text').click();
    await page.waitForSelector('#reader:not([hidden]) .reader-text .sel');
    const width = await page.$eval('#reader', (el) => el.getBoundingClientRect().width);
    expect(width).toBe(390);
    await page.screenshot({ path: join(SHOTS, 'reader-phone.png') });
    await page.click('#reader button.close');
    await page.waitForSelector('#reader', { state: 'hidden' });
    await page.waitForSelector('#escalation[data-rows]:not([aria-busy])');
    await page.locator('#escalation').screenshot({ path: join(SHOTS, 'escalation-phone.png') });
  });
});
