import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { holderAt, loadKb } from '../../src/kb/load.js';
import { KbError } from '../../src/kb/read.js';
import { runCli, tempDir } from '../helpers.js';

const header = (schema: string) =>
  JSON.stringify({ _meta: { schema, sources: ['test'], licence: 'CC0-1.0' } });

function userKb(lines: string[], file = 'people/mine.jsonl', schema = 'person'): string {
  const dir = tempDir('redline-kb-');
  mkdirSync(join(dir, 'people'), { recursive: true });
  writeFileSync(join(dir, file), [header(schema), ...lines].join('\n'));
  return dir;
}

describe('user knowledge-base folders', () => {
  it('add entries and replace packaged ones by id', () => {
    const dir = userKb([
      JSON.stringify({
        id: 'ada-example',
        name: 'Ada Example',
        gender: 'f',
        country: 'EST',
        roles: [{ office: 'EST:defence-minister', start: '2031-01-01' }],
      }),
      JSON.stringify({ id: 'mark-rutte', name: 'Mark Rutte', aliases: ['Rutte the Test'], roles: [] }),
    ]);
    const kb = loadKb({ dirs: [dir] });
    expect(kb.people.get('ada-example')?.name).toBe('Ada Example');
    expect(holderAt(kb, 'EST:defence-minister', '2031-06-01')?.person).toBe('ada-example');
    expect(kb.people.get('mark-rutte')?.aliases).toEqual(['Rutte the Test']);
  });

  it('report a malformed file with its file and line', () => {
    const dir = userKb(
      [JSON.stringify({ id: 'ok-person', name: 'Ok Person', roles: [] }), '{"id": "broken", "name": '],
      'people/bad.jsonl',
    );
    expect(() => loadKb({ dirs: [dir] })).toThrow(KbError);
    expect(() => loadKb({ dirs: [dir] })).toThrow(/people\/bad\.jsonl:3: malformed JSON/);
  });

  it('report a schema violation with its file, line and field', () => {
    const dir = userKb([JSON.stringify({ id: 'x', name: 'X', roles: [{ office: 'not an office' }] })]);
    expect(() => loadKb({ dirs: [dir] })).toThrow(
      /people\/mine\.jsonl:2: role office "not an office" must look like HOLDER:role/,
    );
    const dates = userKb([
      JSON.stringify({ id: 'y', name: 'Y', roles: [{ office: 'EST:president', start: 'last year' }] }),
    ]);
    expect(() => loadKb({ dirs: [dates] })).toThrow(/mine\.jsonl:2: "start" must be a date/);
  });

  it('are used by the CLI with --kb, and a bad one fails clearly', async () => {
    const dir = userKb([
      JSON.stringify({
        id: 'ada-example',
        name: 'Ada Example',
        roles: [{ office: 'EST:defence-minister', start: '2031-01-01' }],
      }),
    ]);
    const ok = await runCli([
      'kb',
      'lookup',
      'Estonian defence minister',
      '--date',
      '2031-02-01',
      '--kb',
      dir,
      '--json',
    ]);
    expect(JSON.parse(ok.stdout).hits[0].resolves[0].name).toBe('Ada Example');
    const bad = userKb(['not json'], 'people/bad.jsonl');
    const r = await runCli(['kb', 'stats', '--kb', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('people/bad.jsonl:2: malformed JSON');
  });
});
