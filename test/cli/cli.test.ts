import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { article, BIN, runCli, tempDir } from '../helpers.js';

describe('redline ingest', () => {
  it('stores the good inputs, names each bad one on stderr, and exits 3', async () => {
    const dir = tempDir();
    const db = join(dir, 'r.db');
    writeFileSync(join(dir, 'good.txt'), article(1));
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'bin.txt'), Buffer.from([0, 1, 2, 3, 0, 0]));
    writeFileSync(join(dir, 'feed.jsonl'), `${JSON.stringify({ text: article(2) })}\n{oops\n`);
    const r = await runCli(['ingest', dir, join(dir, 'missing.html'), '--db', db, '--json']);
    expect(r.code).toBe(3);
    const summary = JSON.parse(r.stdout);
    expect(summary.stored).toBe(2);
    expect(summary.failed.map((f: { input: string }) => f.input)).toEqual([
      join(dir, 'bin.txt'),
      join(dir, 'empty.txt'),
      `${join(dir, 'feed.jsonl')}:2`,
      join(dir, 'missing.html'),
    ]);
    expect(r.stderr).toContain(`${join(dir, 'feed.jsonl')}:2: malformed JSON`);
    expect(r.stderr).toContain(`${join(dir, 'missing.html')}: no such file or directory`);
  });

  it('is idempotent: a second run stores nothing new', async () => {
    const dir = tempDir();
    const db = join(dir, 'r.db');
    writeFileSync(join(dir, 'a.txt'), article(1));
    writeFileSync(join(dir, 'b.txt'), article(2));
    const first = await runCli(['ingest', dir, '--db', db, '--json']);
    expect(JSON.parse(first.stdout)).toMatchObject({ stored: 2, unchanged: 0 });
    const second = await runCli(['ingest', dir, '--db', db, '--json']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ stored: 0, unchanged: 2 });
  });

  it('reads from stdin with -', async () => {
    const db = join(tempDir(), 'r.db');
    const r = await runCli(['ingest', '-', '--db', db, '--json', '--published', '2023-06-01'], {
      input: article(5),
    });
    expect(JSON.parse(r.stdout).stored).toBe(1);
    const list = await runCli(['articles', '--db', db, '--json']);
    expect(JSON.parse(list.stdout.trim()).published).toBe('2023-06-01');
  });

  it('loses nothing and duplicates nothing when killed mid-ingest', async () => {
    const dir = tempDir();
    const db = join(dir, 'r.db');
    const n = 3000;
    const lines = Array.from({ length: n }, (_, i) => JSON.stringify({ id: `doc-${i}`, text: article(i) }));
    writeFileSync(join(dir, 'feed.jsonl'), `${lines.join('\n')}\n`);
    const child = spawn(
      process.execPath,
      [BIN, 'ingest', join(dir, 'feed.jsonl'), '--db', db, '--batch-size', '25'],
      {
        stdio: 'ignore',
      },
    );
    // Kill it once some batches are committed but long before the end.
    const count = () => {
      try {
        const c = new BetterSqlite3(db, { readonly: true, fileMustExist: true });
        try {
          return (c.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
        } finally {
          c.close();
        }
      } catch {
        return 0;
      }
    };
    const started = Date.now();
    while (count() < 100 && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    const c = new BetterSqlite3(db);
    expect(c.pragma('integrity_check', { simple: true })).toBe('ok');
    const partial = (c.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
    const fts = (c.prepare('SELECT count(*) AS n FROM articles_fts').get() as { n: number }).n;
    c.close();
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(n);
    expect(partial % 25).toBe(0); // whole batches only
    expect(fts).toBe(partial); // the search index is written in the same transaction
    const rerun = await runCli(['ingest', join(dir, 'feed.jsonl'), '--db', db, '--json']);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ stored: n - partial, unchanged: partial });
    const after = new BetterSqlite3(db, { readonly: true });
    const row = after.prepare('SELECT count(*) AS n, count(DISTINCT id) AS ids FROM articles').get() as {
      n: number;
      ids: number;
    };
    after.close();
    expect(row).toEqual({ n, ids: n });
  });
});

describe('redline extract', () => {
  it('prints one record with the published date found in the text', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.txt'), `Drill ends near Tartu\nPublished 24 January 2022\n${article(1)}`);
    const r = await runCli(['extract', join(dir, 'a.txt'), '--json']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const rec = JSON.parse(lines[0]!);
    expect(rec.doc).toMatchObject({
      published: '2022-01-24',
      title: 'Drill ends near Tartu',
      language: 'en',
    });
    expect(rec.text).not.toContain('Published');
    for (const k of ['actors', 'places', 'weapons', 'quotes', 'quantities', 'dates', 'events'])
      expect(rec).toHaveProperty(k);
  });

  it('prints JSON Lines in input order for a .jsonl input, one record per document', async () => {
    const dir = tempDir();
    const docs = [3, 1, 2].map((i) => ({ id: `d${i}`, text: article(i), published: `2023-01-0${i}` }));
    writeFileSync(join(dir, 'in.jsonl'), docs.map((d) => JSON.stringify(d)).join('\n'));
    const r = await runCli(['extract', join(dir, 'in.jsonl'), '--json']);
    const recs = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(recs.map((x) => x.doc.id)).toEqual(['d3', 'd1', 'd2']);
    expect(recs.map((x) => x.doc.published)).toEqual(['2023-01-03', '2023-01-01', '2023-01-02']);
    expect(r.stderr).toBe('');
  });
});

describe('redline search, articles, stats', () => {
  it('answer from the database, with --json for pipelines', async () => {
    const dir = tempDir();
    const db = join(dir, 'r.db');
    writeFileSync(join(dir, 'a.txt'), article(1));
    writeFileSync(join(dir, 'b.txt'), article(2));
    await runCli(['ingest', dir, '--db', db]);
    const hits = await runCli(['search', 'battalion', 'Narva', '--db', db, '--json']);
    expect(hits.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(hits.stdout).snippet).toContain('[Narva]');
    const stats = JSON.parse((await runCli(['stats', '--db', db, '--json'])).stdout);
    expect(stats).toMatchObject({ articles: 2, duplicates: 0 });
    const human = await runCli(['articles', '--db', db]);
    expect(human.stdout.split('\n')[0]).toMatch(/^seq\s+id\s+published/);
  });

  it('rejects bad usage with exit code 2 and a message', async () => {
    const r = await runCli(['articles', '--since', 'yesterday']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/expected a date/);
    expect((await runCli(['frobnicate'])).code).toBe(2);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes');
  });

  it('says so when an article id is unknown', async () => {
    const db = join(tempDir(), 'r.db');
    const r = await runCli(['article', 'nope', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no article with id nope');
  });
});
