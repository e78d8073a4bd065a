// npm run bench:dashboard: how fast the dashboard shows its timeline. Ingests the sample corpus
// into a temp store (or opens BENCH_DB, e.g. a store kept by `BENCH_KEEP=1 npm run bench:api`),
// starts the real server, and loads the page in Debian's Chromium: time from navigation start to
// the first rendered timeline, and until every panel has its data, cold (no HTTP cache) and warm.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { extractArticle } from '../src/extract/article.js';
import { defaultKb } from '../src/kb/load.js';
import { packageRoot } from '../src/kb/paths.js';
import { startServer } from '../src/server/server.js';
import { loadInputs } from '../src/store/load.js';
import { openSqlite } from '../src/store/sqlite.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CHROMIUM = process.env.REDLINE_CHROMIUM ?? '/usr/bin/chromium';
const WEB = join(packageRoot(), 'web', 'dist');

interface Sample {
  timeline: number;
  settled: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? Number.NaN;
};

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install chromium`);
  if (!existsSync(join(WEB, 'index.html'))) throw new Error(`${WEB} is not built: npm run build:web`);
  const tmp = mkdtempSync(join(tmpdir(), 'redline-bench-web-'));
  let db = process.env.BENCH_DB;
  if (!db) {
    db = join(tmp, 'sample.db');
    const store = await openSqlite(db);
    const kb = defaultKb();
    await loadInputs(store, [join(packageRoot(), 'examples', 'corpus')], {
      extract: (a) => extractArticle(a, kb),
    });
    await store.close();
  }
  const server = await startServer({ db, port: 0, host: '127.0.0.1', token: null, webDir: WEB });
  const browser = await chromium.launchPersistentContext(join(tmp, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 800 },
  });
  try {
    const stats = (await (await fetch(`${server.url}api/stats`)).json()) as {
      events: number;
      articles: number;
    };
    const run = async (cold: boolean): Promise<Sample> => {
      const page = await browser.newPage();
      const cdp = await browser.newCDPSession(page);
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: cold });
      await page.goto(server.url);
      await page.waitForFunction(
        () => {
          // The project type-checks without the DOM library; this runs in the page.
          const { document } = globalThis as unknown as { document: { querySelector(s: string): unknown } };
          return (
            performance.getEntriesByName('redline:timeline-rendered').length > 0 &&
            !document.querySelector('.panel[aria-busy="true"]') &&
            document.querySelector('#map-canvas[data-events]')
          );
        },
        undefined,
        { timeout: 120_000 },
      );
      const s = await page.evaluate(() => ({
        timeline: performance.getEntriesByName('redline:timeline-rendered')[0]!.startTime,
        settled: performance.now(),
      }));
      await page.close();
      return s;
    };
    await run(false); // warms the server's statement cache and the browser
    const cold: Sample[] = [];
    const warm: Sample[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      cold.push(await run(true));
      warm.push(await run(false));
    }
    const row = (name: string, xs: Sample[]) =>
      `${name.padEnd(6)}  ${median(xs.map((x) => x.timeline))
        .toFixed(0)
        .padStart(11)}  ${median(xs.map((x) => x.settled))
        .toFixed(0)
        .padStart(16)}\n`;
    process.stdout.write(
      `dashboard load, ${stats.articles.toLocaleString('en')} articles, ${stats.events.toLocaleString('en')} events, median of ${ROUNDS} (ms from navigation start)\n`,
    );
    process.stdout.write(
      `${'cache'.padEnd(6)}  ${'timeline ms'.padStart(11)}  ${'every panel ms'.padStart(16)}\n`,
    );
    process.stdout.write(row('cold', cold));
    process.stdout.write(row('warm', warm));
  } finally {
    await browser.close();
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:dashboard: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
