import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli, tempDir } from '../helpers.js';

// Two short reports of one drill, written for this test; ingest clusters them as it stores them.
const docs = [
  {
    id: 'drill-1',
    title: 'Russian navy holds drills in the Baltic Sea',
    published: '2024-04-02',
    source: 'Reuters',
    text: "Russia's Baltic Fleet began naval drills near Kaliningrad on Tuesday, the Russian Defence Ministry said. NATO said it was monitoring the exercises, which involve twenty ships. Lithuania called the drills a provocation and summoned the Russian charge d'affaires.",
  },
  {
    id: 'drill-2',
    title: 'Baltic Fleet starts exercises off Kaliningrad',
    published: '2024-04-02',
    source: 'TASS',
    text: "The Baltic Fleet started exercises off Kaliningrad on Tuesday with about twenty warships, the Defense Ministry reported. The drills will last a week and test air defense, the ministry said. NATO has expanded its military presence near Russia's borders, Moscow said.",
  },
];

describe('redline cluster, index and sources', () => {
  it('cluster new articles during ingest, and list, rebuild and compare them', async () => {
    const dir = tempDir('redline-cluster-cli-');
    const db = join(dir, 'r.db');
    const input = join(dir, 'in.jsonl');
    writeFileSync(input, `${docs.map((d) => JSON.stringify(d)).join('\n')}\n`);
    expect(BIN).toMatch(/redline\.js$/);
    const ingest = await runCli(['ingest', input, '--db', db]);
    expect(ingest.code).toBe(0);
    const list = await runCli(['cluster', '--list', '--min-outlets', '1', '--json', '--db', db]);
    expect(list.code).toBe(0);
    const run = await runCli(['cluster', '--json', '--db', db]);
    expect(JSON.parse(run.stdout)).toMatchObject({ run: { articles: 0 }, store: { articles: 2 } });
    const rebuilt = await runCli(['cluster', '--rebuild', '--json', '--db', db]);
    expect(JSON.parse(rebuilt.stdout)).toMatchObject({ run: { articles: 2 }, store: { articles: 2 } });
    const rows = list.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: number; sources: string[]; targets: string[] });
    expect(rows.length).toBeGreaterThan(0);
    const show = await runCli(['cluster', '--show', String(rows[0]!.id), '--db', db]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^cluster \d+:/);
    // --actor keeps the clusters the actor takes part in, by name or id.
    const lines = async (actor: string) => {
      const r = await runCli([
        'cluster',
        '--list',
        '--min-outlets',
        '1',
        '--actor',
        actor,
        '--json',
        '--db',
        db,
      ]);
      return r.stdout.trim()
        ? r.stdout
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as (typeof rows)[number])
        : [];
    };
    const nato = await lines('NATO');
    expect(nato.length).toBeGreaterThan(0);
    expect(nato.every((c) => [...c.sources, ...c.targets].includes('NATO'))).toBe(true);
    expect(await lines('Iran')).toEqual([]);
    const index = await runCli(['index', '--dyad', 'RUS:NATO', '--by', 'day', '--json', '--db', db]);
    expect(index.code).toBe(0);
    const table = JSON.parse(index.stdout) as { dyad: unknown; rows: { period: string; articles: number }[] };
    expect(table.dyad).toEqual({ a: 'RUS', b: 'NATO', directed: false });
    expect(table.rows).toMatchObject([{ period: '2024-04-02', articles: 2 }]);
    const text = await runCli(['index', '--dyad', 'Russia:NATO', '--by', 'week', '--db', db]);
    expect(text.stdout).toContain('Escalation index RUS:NATO');
    expect(text.stdout).toContain('2024-W14');
    const sources = await runCli(['sources', '--json', '--db', db]);
    expect(
      sources.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { outlet: string }).outlet)
        .sort(),
    ).toEqual(['Reuters', 'TASS']);
    const bad = await runCli(['index', '--dyad', 'RUS', '--db', db]);
    expect(bad.code).toBe(2);
    const missing = await runCli(['cluster', '--show', '999', '--db', db]);
    expect(missing.code).toBe(1);
  });
});
