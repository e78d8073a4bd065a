import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExtractionRecord } from '../../src/extract/record.js';
import { prepare } from '../../src/ingest/article.js';
import { openSqlite } from '../../src/store/sqlite.js';
import { tempDir } from '../helpers.js';

const TEXT =
  'Russia warned Estonia on Monday. "We will respond," the spokesman said. Estonia denied the claim.';

function record(id: string): ExtractionRecord {
  return {
    doc: { id, title: null, published: '2023-05-02', source: 'Wire', language: 'en' },
    text: TEXT,
    extractor: { name: 'redline', version: 'test' },
    skipped: null,
    sentences: 3,
    tokens: 20,
    actors: [{ name: 'Russia', type: 'COUNTRY', country: 'RUS', mentions: [[0, 6]], key: 'country:RUS' }],
    places: [],
    weapons: [],
    quotes: [{ speaker: 'Russia', text: 'We will respond,', kind: 'direct', cue: 'said', span: [33, 49] }],
    quantities: [],
    dates: [{ text: 'Monday', value: '2023-05-01', span: [25, 31] }],
    events: [
      {
        type: 'THREATEN',
        source: ['Russia'],
        target: ['Estonia'],
        modality: 'asserted',
        date: '2023-05-01',
        text: 'Russia warned Estonia on Monday.',
        span: [0, 32],
      },
      {
        type: 'REJECT',
        source: ['Estonia'],
        target: [],
        modality: 'asserted',
        date: null,
        text: 'Estonia denied the claim.',
        span: [71, 96],
      },
    ],
  };
}

describe('stored extraction records', () => {
  it('are written with the article, in its transaction, and can be listed and filtered', async () => {
    const store = await openSqlite(join(tempDir(), 'r.db'));
    const [a] = prepare({ origin: 't', format: 'txt', body: TEXT, published: '2023-05-02', source: 'Wire' });
    await store.ingestBatch([a!], (x) => record(x.id));
    expect((await store.getRecord(a!.id))?.events).toHaveLength(2);
    expect(await store.listEvents({ type: 'threaten' })).toMatchObject([
      { source: ['Russia'], target: ['Estonia'], outlet: 'Wire' },
    ]);
    expect(await store.listEvents({ actor: 'estonia' })).toHaveLength(2);
    expect(await store.listEvents({ modality: 'negated' })).toHaveLength(0);
    expect(await store.listEvents({ since: '2023-05-02' })).toMatchObject([{ type: 'REJECT' }]);
    expect(await store.listQuotes({ speaker: 'russ' })).toMatchObject([
      { text: 'We will respond,', kind: 'direct' },
    ]);
    expect((await store.stats()).events).toBe(2);
    await store.close();
  });

  it('roll back with the article when extraction fails', async () => {
    const store = await openSqlite(join(tempDir(), 'r.db'));
    const [a] = prepare({ origin: 't', format: 'txt', body: TEXT });
    await expect(
      store.ingestBatch([a!], () => {
        throw new Error('extractor crashed');
      }),
    ).rejects.toThrow('extractor crashed');
    expect((await store.stats()).articles).toBe(0);
    await store.close();
  });
});
