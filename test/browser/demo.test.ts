// The quick start: `redline demo` ingests the sample corpus, then serves the dashboard and prints
// its URL until Ctrl+C; `--no-serve` stops after the summary.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, tempDir } from '../helpers.js';
import { ensureWebBuilt } from './harness.js';

describe('redline demo', () => {
  it('ingests, serves the dashboard, prints its URL and stops on Ctrl+C', async () => {
    ensureWebBuilt();
    const db = join(tempDir('redline-demo-'), 'demo.db');
    const env = { ...process.env };
    delete env.REDLINE_DB;
    const child = spawn(process.execPath, [BIN, 'demo', '--db', db, '--port', '0'], { cwd: ROOT, env });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no dashboard URL printed:\n${out}`)), 90_000);
        child.stdout.on('data', () => {
          const m = /Dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.on('close', () => reject(new Error(`demo ended before serving:\n${out}`)));
      });
      expect(out).toMatch(/stored\s+\d+ new/);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Redline dashboard');
      const stats = (await (await fetch(`${url}api/stats`)).json()) as { articles: number; events: number };
      expect(stats.articles).toBeGreaterThan(20);
      expect(stats.events).toBeGreaterThan(50);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    rmSync(dirname(db), { recursive: true, force: true });
  }, 120_000);

  it('stops after the summary with --no-serve', async () => {
    const db = join(tempDir('redline-demo-'), 'demo.db');
    const r = await runCli(['demo', '--db', db, '--no-serve']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/stored\s+\d+ new/);
    expect(r.stdout).not.toContain('Dashboard:');
    rmSync(dirname(db), { recursive: true, force: true });
  }, 120_000);
});
