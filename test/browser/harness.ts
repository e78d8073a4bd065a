// Browser-test harness: the sample corpus ingested into a temp SQLite file by the real pipeline,
// the real server on 127.0.0.1 (any free port) serving the built dashboard, and Debian's
// Chromium driven by playwright-core (which downloads no browser of its own).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { extractArticle } from '../../src/extract/article.js';
import { defaultKb } from '../../src/kb/load.js';
import { packageRoot } from '../../src/kb/paths.js';
import { type RunningServer, startServer } from '../../src/server/server.js';
import { loadInputs } from '../../src/store/load.js';
import { openSqlite } from '../../src/store/sqlite.js';

export const CHROMIUM = process.env.REDLINE_CHROMIUM ?? '/usr/bin/chromium';
export const WEB_DIST = join(packageRoot(), 'web', 'dist');

/** Without Chromium the browser tests skip on a developer's machine; CI installs it, so there they fail. */
export const haveChromium = existsSync(CHROMIUM) || Boolean(process.env.CI);

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The dashboard's files; `npm test` builds them, a lone vitest run builds them here. */
export function ensureWebBuilt(): void {
  if (existsSync(join(WEB_DIST, 'index.html'))) return;
  execFileSync('npm', ['run', 'build:web'], { cwd: packageRoot(), stdio: 'inherit' });
}

/** A temp database holding the sample corpus, stored the way `redline demo` stores it. */
export async function sampleDb(): Promise<string> {
  const db = join(mkdtempSync(join(tmpdir(), 'redline-web-')), 'sample.db');
  const store = await openSqlite(db);
  try {
    const kb = defaultKb();
    await loadInputs(store, [join(packageRoot(), 'examples', 'corpus')], {
      extract: (a) => extractArticle(a, kb),
    });
  } finally {
    await store.close();
  }
  return db;
}

export function serveDashboard(db: string): Promise<RunningServer> {
  return startServer({ db, port: 0, host: '127.0.0.1', token: null, webDir: WEB_DIST });
}

/** Chromium with a fresh profile in a temp folder, never the user's. */
export async function launchChromium(viewport = { width: 1280, height: 800 }): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'redline-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    timeout: 60_000,
  });
  profiles.set(context, profile);
  return context;
}

const profiles = new WeakMap<BrowserContext, string>();

/** Close Chromium, then delete its profile (after the process is gone, so nothing writes to it). */
export async function closeChromium(context: BrowserContext | undefined): Promise<void> {
  if (!context) return;
  await context.close();
  const profile = profiles.get(context);
  if (profile) rmSync(profile, { recursive: true, force: true });
}

/**
 * The browser globals that page functions use. The project type-checks without the DOM library
 * (it is a Node program), so page functions reach them through `globalThis as unknown as PageGlobals`.
 */
export interface PageGlobals {
  document: {
    querySelector(selector: string): { getAttribute(name: string): string | null } | null;
    querySelectorAll(selector: string): Iterable<{ getAttribute(name: string): string | null }>;
    documentElement: { scrollWidth: number };
  };
  innerWidth: number;
  redline: {
    nodePosition(key: string): number[] | null;
    escalation: {
      /** What the escalation chart holds, read back from ECharts. */
      probe(): EscalationProbe | null;
      /** Viewport point of a period (above its axis) or of its shift marker of a series. */
      point(label: string, series?: string): number[] | null;
    };
  };
}

/** web/src/escalation.ts's probe (the dashboard's types need the DOM library, so it is repeated here). */
export interface EscalationProbe {
  categories: string[];
  lines: Record<'verbal' | 'material' | 'cooperation', (number | null)[]>;
  coverage: (number | null)[];
  shifts: { index: number; value: number }[];
}
