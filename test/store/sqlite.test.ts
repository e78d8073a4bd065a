import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepare } from '../../src/ingest/article.js';
import type { RawDoc } from '../../src/ingest/raw.js';
import { sqliteMigrations } from '../../src/store/migrations/sqlite.js';
import { openSqlite } from '../../src/store/sqlite.js';
import { article, tempDir } from '../helpers.js';

const raw = (body: string, extra: Partial<RawDoc> = {}): RawDoc => ({
  origin: 'test',
  format: 'txt',
  body,
  ...extra,
});

const WIRE = [
  'Ministers from five Baltic Sea states met in Helsinki on Thursday to agree a joint plan for guarding undersea cables.',
  'The plan adds two patrol ships and a shared radar picture, the Finnish defence ministry said in a statement.',
  '“Our cables are the arteries of our economies,” the Finnish defence minister told reporters after the meeting.',
  'Officials said the patrols would begin next month and run through the winter, when storms make repairs slow.',
  'Two cables were damaged last year, and investigators still have not said who was responsible.',
].join('\n');

describe('SQLite store', () => {
  it('stores articles in a real file, idempotently', async () => {
    const path = join(tempDir(), 'r.db');
    const store = await openSqlite(path);
    const batch = [1, 2, 3].flatMap((n) => prepare(raw(article(n))));
    const first = await store.ingestBatch(batch);
    expect(first.map((o) => o.kind)).toEqual(['stored', 'stored', 'stored']);
    const again = await store.ingestBatch(batch);
    expect(again.map((o) => o.kind)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    await store.close();
    const reopened = await openSqlite(path);
    expect((await reopened.stats()).articles).toBe(3);
    const names = Object.keys(await sqliteMigrations.getMigrations()).sort();
    expect((await reopened.stats()).schemaVersion).toBe(names.at(-1));
    await reopened.close();
  });

  it('links an exact duplicate under another URL to the first copy', async () => {
    const store = await openSqlite(join(tempDir(), 'r.db'));
    const a = prepare(raw(WIRE, { url: 'https://wire.example/cables' }));
    const b = prepare(raw(WIRE, { url: 'https://paper.example/world/cables?utm_source=x' }));
    await store.ingestBatch(a);
    const [o] = await store.ingestBatch(b);
    expect(o).toEqual({ kind: 'duplicate', id: b[0]!.id, of: a[0]!.id, how: 'exact' });
    expect((await store.listArticles()).map((r) => r.id)).toEqual([a[0]!.id]);
    expect(await store.listArticles({ duplicates: true })).toHaveLength(2);
    await store.close();
  });

  it('links a near-duplicate (new headline, one added sentence) but not a different story', async () => {
    const store = await openSqlite(join(tempDir(), 'r.db'));
    const original = prepare(raw(`Baltic states agree cable patrols\n${WIRE}`))[0]!;
    const edited = prepare(
      raw(
        `Nordic and Baltic ministers unveil plan to protect cables\n${WIRE}\nThe next meeting is due in Riga in the spring.`,
      ),
    )[0]!;
    const other = prepare(raw(article(7)))[0]!;
    const out = await store.ingestBatch([original, edited, other]);
    expect(out.map((o) => o.kind)).toEqual(['stored', 'duplicate', 'stored']);
    expect(out[1]).toMatchObject({ of: original.id, how: 'near' });
    await store.close();
  });

  it('searches the text with FTS5 and never lets user input act as query syntax', async () => {
    const store = await openSqlite(join(tempDir(), 'r.db'));
    await store.ingestBatch(prepare(raw(WIRE, { title: 'Cables' })));
    await store.ingestBatch(prepare(raw(article(1))));
    const hits = await store.search('undersea cables');
    expect(hits).toHaveLength(1);
    expect(hits[0]!.snippet).toContain('[undersea]');
    expect(await store.search('arter*')).toHaveLength(1);
    expect(await store.search('(cables" -')).toHaveLength(1);
    expect(await store.search('***')).toEqual([]);
    await store.close();
  });

  it('filters and pages the article list', async () => {
    const store = await openSqlite(join(tempDir(), 'r.db'));
    const docs = [1, 2, 3, 4].flatMap((n) =>
      prepare(raw(article(n), { published: `2023-0${n}-15`, source: n % 2 ? 'Wire A' : 'Paper B' })),
    );
    await store.ingestBatch(docs);
    expect((await store.listArticles({ source: 'wire a' })).map((r) => r.published)).toEqual([
      '2023-01-15',
      '2023-03-15',
    ]);
    expect(await store.listArticles({ since: '2023-02', until: '2023-03-31' })).toHaveLength(2);
    const page1 = await store.listArticles({ limit: 3 });
    const page2 = await store.listArticles({ limit: 3, after: page1.at(-1)!.seq });
    expect([...page1, ...page2].map((r) => r.id)).toEqual(docs.map((d) => d.id));
    await store.close();
  });

  it('rolls a failed batch back whole', async () => {
    const store = await openSqlite(join(tempDir(), 'r.db'));
    const good = prepare(raw(article(1)))[0]!;
    const bad = { ...prepare(raw(article(2)))[0]!, text: null as unknown as string };
    await expect(store.ingestBatch([good, bad])).rejects.toThrow();
    expect((await store.stats()).articles).toBe(0);
    await store.close();
  });
});
