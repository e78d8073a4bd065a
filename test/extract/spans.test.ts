import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/extract/article.js';
import type { ExtractionRecord } from '../../src/extract/record.js';
import { prepare } from '../../src/ingest/article.js';
import { InputError } from '../../src/ingest/decode.js';
import { readInputs } from '../../src/ingest/readers.js';
import { defaultKb } from '../../src/kb/load.js';
import { ROOT } from '../helpers.js';

// Every record on the sample corpus must point at the text it came from.
const records: ExtractionRecord[] = [];
beforeAll(async () => {
  const kb = defaultKb([]);
  for await (const raw of readInputs([join(ROOT, 'examples', 'corpus')], { maxDocBytes: 1e7 })) {
    if (raw instanceof InputError) continue;
    for (const a of prepare(raw)) records.push(extractArticle(a, kb));
  }
});

const inText = (r: ExtractionRecord, s: [number, number]) =>
  Number.isInteger(s[0]) && Number.isInteger(s[1]) && s[0] >= 0 && s[0] < s[1] && s[1] <= r.text.length;

describe('evidence spans on the sample corpus', () => {
  it('extracts something from the English articles', () => {
    expect(records.length).toBeGreaterThanOrEqual(25);
    const english = records.filter((r) => !r.skipped);
    expect(english.every((r) => r.actors.length > 0)).toBe(true);
  });

  it('gives every actor, place and weapon mention a span inside the text', () => {
    for (const r of records) {
      for (const item of [...r.actors, ...r.places, ...r.weapons]) {
        expect(item.mentions.length, `${r.doc.id} ${item.name}`).toBeGreaterThan(0);
        for (const m of item.mentions) expect(inText(r, m), `${r.doc.id} ${item.name} ${m}`).toBe(true);
      }
    }
  });

  it('points date and quantity spans at exactly their text', () => {
    for (const r of records) {
      for (const d of r.dates) expect(r.text.slice(d.span[0], d.span[1]), r.doc.id).toBe(d.text);
      for (const q of r.quantities) {
        expect(inText(r, q.span), `${r.doc.id} ${q.text}`).toBe(true);
        expect(r.text.slice(q.span[0], q.span[1]), r.doc.id).toBe(q.text);
      }
    }
  });

  it('points quote spans at the quoted words and event spans at their sentence', () => {
    const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
    for (const r of records) {
      for (const q of r.quotes) {
        expect(inText(r, q.span), `${r.doc.id} quote`).toBe(true);
        expect(norm(r.text.slice(q.span[0], q.span[1])), r.doc.id).toContain(norm(q.text).slice(0, 40));
      }
      for (const e of r.events) {
        expect(inText(r, e.span), `${r.doc.id} event`).toBe(true);
        expect(e.source.length, `${r.doc.id} event without a source: ${e.text}`).toBeGreaterThan(0);
        expect(norm(r.text.slice(e.span[0], e.span[1]))).toBe(norm(e.text));
      }
    }
  });
});
