import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/ingest/decode.js';
import type { RawDoc } from '../../src/ingest/raw.js';
import { readInputs } from '../../src/ingest/readers.js';
import { article, tempDir } from '../helpers.js';

async function readAll(paths: string[], maxDocBytes = 10 * 1024 * 1024) {
  const docs: RawDoc[] = [];
  const errors: InputError[] = [];
  for await (const x of readInputs(paths, { maxDocBytes })) {
    if (x instanceof InputError) errors.push(x);
    else docs.push(x);
  }
  return { docs, errors };
}

describe('readers', () => {
  it('reads .txt, .html and .jsonl, and folders recursively in name order', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'a.txt'), article(1));
    writeFileSync(
      join(dir, 'sub', 'b.html'),
      `<html><body><article><p>${article(2)}</p></article></body></html>`,
    );
    writeFileSync(
      join(dir, 'c.jsonl'),
      `${JSON.stringify({ id: 'x1', text: article(3), published: '2023-05-01' })}\n${JSON.stringify({ html: '<p>hi there</p>' })}\n`,
    );
    const { docs, errors } = await readAll([dir]);
    expect(errors).toEqual([]);
    expect(docs.map((d) => d.format)).toEqual(['txt', 'txt', 'html', 'html']);
    expect(docs[1]!.id).toBe('x1');
    expect(docs[1]!.published).toBe('2023-05-01');
    expect(docs[1]!.origin).toBe(`${join(dir, 'c.jsonl')}:1`);
  });

  it('reports an empty file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'blank.txt'), '  \n\n ');
    const { docs, errors } = await readAll([join(dir, 'empty.txt'), join(dir, 'blank.txt')]);
    expect(docs).toEqual([]);
    expect(errors.map((e) => e.reason)).toEqual(['empty file', 'empty file (only whitespace)']);
  });

  it('reports a binary file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'image.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3]));
    const { errors } = await readAll([join(dir, 'image.txt')]);
    expect(errors[0]!.message).toMatch(/image\.txt: binary file/);
  });

  it('reports invalid UTF-8 with the byte offset', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'latin1.txt'),
      Buffer.concat([Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(' in Kyiv')]),
    );
    const { errors } = await readAll([join(dir, 'latin1.txt')]);
    expect(errors[0]!.reason).toBe('invalid UTF-8 at byte 3');
  });

  it('reports malformed JSON lines with their line number and reads the rest', async () => {
    const dir = tempDir();
    const f = join(dir, 'feed.jsonl');
    writeFileSync(
      f,
      [
        JSON.stringify({ text: article(1) }),
        '{"text": "unterminated',
        '[1,2]',
        JSON.stringify({ title: 'no text' }),
        '',
        JSON.stringify({ text: article(2) }),
      ].join('\n'),
    );
    const { docs, errors } = await readAll([f]);
    expect(docs).toHaveLength(2);
    expect(errors.map((e) => e.input)).toEqual([`${f}:2`, `${f}:3`, `${f}:4`]);
    expect(errors[0]!.reason).toMatch(/^malformed JSON/);
    expect(errors[1]!.reason).toBe('expected a JSON object');
    expect(errors[2]!.reason).toBe('no "text" or "html" field');
  });

  it('reports invalid UTF-8 inside one JSON line and keeps the others', async () => {
    const dir = tempDir();
    const f = join(dir, 'feed.jsonl');
    writeFileSync(
      f,
      Buffer.concat([
        Buffer.from(`${JSON.stringify({ text: article(1) })}\n{"text": "bad `),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(`"}\n${JSON.stringify({ text: article(2) })}\n`),
      ]),
    );
    const { docs, errors } = await readAll([f]);
    expect(docs).toHaveLength(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.input).toBe(`${f}:2`);
    expect(errors[0]!.reason).toMatch(/invalid UTF-8/);
  });

  it('refuses a document over the size limit without reading it whole', async () => {
    const dir = tempDir();
    const f = join(dir, 'huge.txt');
    writeFileSync(f, 'Troops moved. '.repeat(4 * 1024 * 1024)); // about 56 MB
    const { errors } = await readAll([f]);
    expect(errors[0]!.reason).toMatch(/^too large: 56\.0 MB exceeds the 10\.0 MB limit/);
  });

  it('reports an unknown extension given explicitly, and passes over one inside a folder', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.pdf'), '%PDF-1.4');
    writeFileSync(join(dir, 'ok.txt'), article(1));
    const explicit = await readAll([join(dir, 'notes.pdf')]);
    expect(explicit.errors[0]!.reason).toMatch(/unsupported file type "\.pdf"/);
    expect(explicit.errors[0]!.incidental).toBe(false);
    const walked = await readAll([dir]);
    expect(walked.docs).toHaveLength(1);
    expect(walked.errors[0]!.incidental).toBe(true);
  });

  it('reports unreadable paths and carries on', async () => {
    const dir = tempDir();
    symlinkSync(join(dir, 'gone.txt'), join(dir, 'dangling.txt'));
    writeFileSync(join(dir, 'ok.txt'), article(1));
    const { docs, errors } = await readAll([
      join(dir, 'missing.txt'),
      join(dir, 'dangling.txt'),
      join(dir, 'ok.txt'),
    ]);
    expect(errors.map((e) => e.reason)).toEqual(['no such file or directory', 'no such file or directory']);
    expect(docs).toHaveLength(1);
  });

  it('reads stdin as text, HTML or JSON Lines', async () => {
    const { Readable } = await import('node:stream');
    const read = async (s: string) => {
      const out: (RawDoc | InputError)[] = [];
      for await (const x of readInputs(['-'], { maxDocBytes: 1e6, stdin: Readable.from([Buffer.from(s)]) }))
        out.push(x);
      return out;
    };
    expect(((await read(article(1)))[0] as RawDoc).format).toBe('txt');
    expect(((await read('<html><p>x</p></html>'))[0] as RawDoc).format).toBe('html');
    expect(await read('{"text":"a b c"}\n{"text":"d e f"}\n')).toHaveLength(2);
    expect(((await read(''))[0] as InputError).reason).toBe('empty file');
  });
});
