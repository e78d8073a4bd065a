import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, tempDir } from '../helpers.js';

/** Start `redline serve` as a user would, wait for its address, and return it with the process. */
function serve(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    cwd: ROOT,
    env: { ...process.env, REDLINE_DB: '', REDLINE_TOKEN: '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const ready = new Promise<{ url: string; ingest: boolean }>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      try {
        resolve(JSON.parse(stdout) as { url: string; ingest: boolean });
      } catch {
        // not complete yet
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  const stopped = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, stopped, stderr: () => stderr };
}

describe('redline serve', () => {
  it('serves the API on loopback, read-only by default, and stops cleanly on SIGTERM', async () => {
    const db = join(tempDir(), 'serve.db');
    const s = serve(['--db', db, '--port', '0', '--json']);
    const { url, ingest } = await s.ready;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(ingest).toBe(false);
    const stats = await fetch(`${url}api/stats`);
    expect(stats.status).toBe(200);
    const post = await fetch(`${url}api/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"x"}',
    });
    expect(post.status).toBe(403);
    s.child.kill('SIGTERM');
    expect(await s.stopped).toBe(0);
    expect(s.stderr()).toContain('does not exist yet');
  });

  it('enables ingest with REDLINE_TOKEN', async () => {
    const db = join(tempDir(), 'serve.db');
    const s = serve(['--db', db, '--port', '0', '--json'], { REDLINE_TOKEN: 'tok' });
    const { url, ingest } = await s.ready;
    expect(ingest).toBe(true);
    const res = await fetch(`${url}api/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer tok' },
      body: JSON.stringify({
        text: 'Finland said on Monday it would build a fence along its eastern border.',
      }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ stored: 1 });
    s.child.kill('SIGINT');
    expect(await s.stopped).toBe(0);
  });

  it('rejects a bad port as a usage error', async () => {
    const r = await runCli(['serve', '--port', '99999']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('port');
  });
});
