// The escalation panel in a real browser over the real server and a short multi-outlet set stored by
// the real pipeline (test/server/caucasus.ts): the chart has one point per index row with gaps as
// gaps, a shift or a period lists its driving events, a driver shows its cluster's reports, a
// report opens the reader on its evidence, and the pair and period survive a reload.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/server.js';
import { openSqlite } from '../../src/store/sqlite.js';
import { tempDir } from '../helpers.js';
import { buildCaucasusDb, GAP_WEEK, STRIKE_OUTLETS, STRIKE_WEEK } from '../server/caucasus.js';
import {
  closeChromium,
  type EscalationProbe,
  ensureWebBuilt,
  haveChromium,
  launchChromium,
  type PageGlobals,
  serveDashboard,
} from './harness.js';

type Family = 'verbal' | 'material' | 'cooperation';
interface Driver {
  cluster: number;
}
interface Row {
  label: string;
  articles: number;
  perArticle: Record<Family, number> | null;
  shifts: { series: Family; drivers: Driver[] }[];
  drivers: Driver[];
}
interface Index {
  dyad: { a: string; b: string };
  rows: Row[];
}
interface Report {
  eventId: number;
  articleId: string;
  outlet: string;
  text: string;
}

const FAMILIES: Family[] = ['verbal', 'material', 'cooperation'];

let dir: string | undefined;
let server: RunningServer;
let browser: BrowserContext;
let page: Page;

async function api<T>(path: string): Promise<T> {
  const res = await fetch(new URL(path.replace(/^\//, ''), server.url));
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

const probe = () =>
  page.evaluate(() =>
    (globalThis as unknown as PageGlobals).redline.escalation.probe(),
  ) as Promise<EscalationProbe>;

/** Wait for the panel to show the index of the address's pair and period. */
async function loaded(): Promise<void> {
  await page.waitForFunction(() => {
    const { document } = globalThis as unknown as PageGlobals;
    return document.querySelector('#escalation[data-rows]:not([aria-busy])');
  });
  await page.locator('#escalation .escalation-chart').scrollIntoViewIfNeeded();
}

async function clickAt(label: string, series?: Family): Promise<void> {
  const at = await page.evaluate(
    ([l, s]) => (globalThis as unknown as PageGlobals).redline.escalation.point(l!, s),
    [label, series] as const,
  );
  expect(at, `no point for ${label} ${series ?? ''}`).not.toBeNull();
  await page.mouse.click(at![0]!, at![1]!);
}

const driverIds = () =>
  page.$$eval('#esc-drivers button.driver', (bs) => bs.map((b) => Number(b.getAttribute('data-cluster'))));

describe.skipIf(!haveChromium)('escalation panel in Chromium', () => {
  const log: string[] = [];
  beforeAll(async () => {
    ensureWebBuilt();
    dir = tempDir('redline-web-escalation-');
    server = await serveDashboard(await buildCaucasusDb(dir));
    browser = await launchChromium();
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(30_000);
    page.on('console', (m) => log.push(`console.${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => log.push(`page error: ${e.message}`));
  }, 180_000);

  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail' && log.length) process.stderr.write(`${log.join('\n')}\n`);
    log.length = 0;
  });

  afterAll(async () => {
    await closeChromium(browser);
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('draws one point per index row of the busiest pair, with a week without articles as a gap', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await loaded();
    expect(await page.getAttribute('#escalation', 'data-dyad')).toBe('ARM:AZE');
    expect(await page.inputValue('#esc-dyad')).toBe('ARM:AZE');
    const index = await api<Index>('/api/index?dyad=ARM:AZE&by=week');
    const p = await probe();
    // The weeks follow each other, so no stretch is cut out: a category per row.
    expect(p.categories).toEqual(index.rows.map((r) => r.label));
    for (const f of FAMILIES) {
      expect(p.lines[f]).toEqual(index.rows.map((r) => (r.perArticle ? r.perArticle[f] : null)));
      expect(p.lines[f].filter((v) => v !== null)).toHaveLength(index.rows.filter((r) => r.articles).length);
    }
    expect(p.coverage).toEqual(index.rows.map((r) => r.articles));
    const gap = p.categories.indexOf(GAP_WEEK);
    expect(gap).toBeGreaterThan(0);
    expect(FAMILIES.map((f) => p.lines[f][gap])).toEqual([null, null, null]);
    // One marker per flagged shift, at its week.
    const shifts = index.rows.flatMap((r) => r.shifts.map(() => r.label));
    expect(p.shifts.map((s) => p.categories[s.index])).toEqual(shifts);
    expect(shifts).toContain(STRIKE_WEEK);
    expect(errors).toEqual([]);
  });

  it('lists the events that drove a shift and a period', async () => {
    const index = await api<Index>('/api/index?dyad=ARM:AZE&by=week');
    const week = index.rows.find((r) => r.label === STRIKE_WEEK)!;
    const material = week.shifts.find((s) => s.series === 'material')!;
    await clickAt(STRIKE_WEEK, 'material');
    await page.waitForSelector('#esc-drivers[data-kind="shift"] button.driver');
    expect(await page.getAttribute('#esc-drivers', 'data-period')).toBe(STRIKE_WEEK);
    expect(await driverIds()).toEqual(material.drivers.map((d) => d.cluster));
    expect(await page.textContent('#esc-drivers h3')).toContain('Material conflict shift');
    // The week without articles: its events are listed and said not to be normalised.
    const gap = index.rows.find((r) => r.label === GAP_WEEK)!;
    await clickAt(GAP_WEEK);
    await page.waitForSelector(`#esc-drivers[data-kind="period"][data-period="${GAP_WEEK}"]`);
    expect(await driverIds()).toEqual(gap.drivers.map((d) => d.cluster));
    expect(await page.textContent('#esc-drivers')).toContain('a gap, not a zero');
    // The week of the shelling as a period: every counted event of the week.
    await clickAt(STRIKE_WEEK);
    await page.waitForSelector(`#esc-drivers[data-kind="period"][data-period="${STRIKE_WEEK}"]`);
    expect(await driverIds()).toEqual(week.drivers.map((d) => d.cluster));
  });

  it('shows a driver’s reports and opens the reader on a report’s evidence', async () => {
    const index = await api<Index>('/api/index?dyad=ARM:AZE&by=week');
    const strike = index.rows
      .find((r) => r.label === STRIKE_WEEK)!
      .shifts.find((s) => s.series === 'material')!.drivers[0]!.cluster;
    await page.click(`#esc-drivers button.driver[data-cluster="${strike}"]`);
    await page.waitForSelector(`#esc-cluster[data-cluster="${strike}"] button.report`);
    const detail = await api<{ reports: Report[] }>(`/api/clusters/${strike}`);
    const shown = await page.$$eval('#esc-cluster button.report', (bs) =>
      bs.map((b) => [b.getAttribute('data-article'), Number(b.getAttribute('data-event'))]),
    );
    expect(shown).toEqual(detail.reports.map((r) => [r.articleId, r.eventId]));
    expect(detail.reports.map((r) => r.outlet).sort()).toEqual(STRIKE_OUTLETS);
    const bbc = detail.reports.find((r) => r.outlet === 'BBC')!;
    await page.click(`#esc-cluster button.report[data-event="${bbc.eventId}"]`);
    await page.waitForSelector('#reader:not([hidden]) .reader-text .sel');
    const url = new URL(page.url());
    expect(url.searchParams.get('read')).toBe(bbc.articleId);
    expect(url.searchParams.get('hl')).toBe(`e${bbc.eventId}`);
    const marked = (await page.locator('#reader .reader-text .sel').allTextContents()).join('');
    expect(marked).toContain(bbc.text);
    await page.click('#reader button.close');
    await page.waitForSelector('#reader', { state: 'hidden' });
  });

  it('keeps the pair and the period in the address across a reload', async () => {
    await page.goto(server.url);
    await loaded();
    await page.selectOption('#esc-dyad', 'ARM:FRA');
    await page.waitForURL((u) => u.searchParams.get('dyad') === 'ARM:FRA');
    await page.click('#escalation button.seg[data-by="day"]');
    await page.waitForURL((u) => u.searchParams.get('by') === 'day');
    await page.waitForSelector('#escalation[data-by="day"][data-dyad="ARM:FRA"]:not([aria-busy])');
    const days = await api<Index>('/api/index?dyad=ARM:FRA&by=day');
    const before = await probe();
    expect(before.categories.filter((c) => c !== '…')).toEqual(days.rows.map((r) => r.label));
    // Days without rows between two rows are cut out and marked, never drawn as zeros.
    expect(before.categories).toContain('…');
    const cuts = before.categories.flatMap((c, i) => (c === '…' ? [i] : []));
    for (const f of FAMILIES) expect(cuts.map((i) => before.lines[f][i])).toEqual(cuts.map(() => null));
    const url = page.url();
    await page.reload();
    await loaded();
    expect(page.url()).toBe(url);
    expect(await page.inputValue('#esc-dyad')).toBe('ARM:FRA');
    expect(await page.getAttribute('#escalation button.seg[data-by="day"]', 'aria-pressed')).toBe('true');
    expect(await probe()).toEqual(before);
    // Back to weeks and the other pair with the back button.
    await page.goBack();
    await page.waitForSelector('#escalation[data-by="week"][data-dyad="ARM:FRA"]:not([aria-busy])');
  });

  it('follows the actor filter when no pair is picked, and says so when a pair has nothing', async () => {
    await page.goto(`${server.url}?actor=${encodeURIComponent('France')}`);
    await loaded();
    expect(await page.getAttribute('#escalation', 'data-dyad')).toBe('ARM:FRA');
    await page.goto(`${server.url}?dyad=ARM%3AAZE&since=2027`);
    await page.waitForSelector('#escalation .msg');
    expect(await page.textContent('#escalation .msg')).toBe(
      'No articles or events for Armenia – Azerbaijan in these dates.',
    );
    await page.goto(`${server.url}?dyad=ARM%3AAtlantis`);
    await page.waitForSelector('#escalation .msg-error');
    expect(await page.textContent('#escalation .msg-error')).toMatch(/unknown actor "Atlantis"/);
  });

  it('says in words that there is nothing to draw in an empty database', async () => {
    const empty = join(dir!, 'empty.db');
    await (await openSqlite(empty)).close();
    const other = await serveDashboard(empty);
    try {
      await page.goto(other.url);
      await page.waitForSelector('#escalation .msg');
      expect(await page.textContent('#escalation .msg')).toMatch(/^No two actors have events yet/);
      expect(await page.isHidden('#escalation .escalation-chart')).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('works at phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(server.url);
    await loaded();
    const overflow = await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      return g.document.documentElement.scrollWidth - g.innerWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    const box = (await page.locator('#escalation').boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await clickAt(STRIKE_WEEK, 'material');
    await page.waitForSelector('#esc-drivers[data-kind="shift"] button.driver');
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
