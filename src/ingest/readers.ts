import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { decodeText, firstInvalidUtf8, InputError } from './decode.js';
import type { RawDoc, RawFormat } from './raw.js';

export interface ReadOptions {
  /** Largest single document accepted, in bytes. */
  maxDocBytes: number;
  /** Readable stream for `-`; defaults to process.stdin. */
  stdin?: NodeJS.ReadableStream;
}

export const DEFAULT_MAX_DOC_BYTES = 10 * 1024 * 1024;

const FORMATS: Record<string, RawFormat> = {
  '.txt': 'txt',
  '.text': 'txt',
  '.htm': 'html',
  '.html': 'html',
  '.xhtml': 'html',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

export function formatOf(path: string): RawFormat | null {
  return FORMATS[extname(path).toLowerCase()] ?? null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/**
 * Every document in the given inputs, in order, with an InputError in place of each input
 * that cannot be read: callers report it and carry on with the rest.
 */
export async function* readInputs(paths: string[], opts: ReadOptions): AsyncGenerator<RawDoc | InputError> {
  for (const p of paths) {
    if (p === '-') {
      yield* readStdin(opts);
      continue;
    }
    yield* readPath(p, opts, true);
  }
}

async function* readPath(
  path: string,
  opts: ReadOptions,
  explicit: boolean,
): AsyncGenerator<RawDoc | InputError> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (e) {
    yield new InputError(path, unreadable(e));
    return;
  }
  if (info.isDirectory()) {
    let names: string[];
    try {
      names = (await readdir(path)).sort();
    } catch (e) {
      yield new InputError(path, unreadable(e));
      return;
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      yield* readPath(join(path, name), opts, false);
    }
    return;
  }
  const format = formatOf(path);
  if (!format) {
    // Inside a directory, stray files (README.md, images) are reported but are not failures.
    yield new InputError(
      path,
      `unsupported file type "${extname(path) || '(none)'}" (expected .txt, .html or .jsonl)`,
      !explicit,
    );
    return;
  }
  if (format === 'jsonl') {
    yield* readJsonl(path, opts);
    return;
  }
  if (info.size > opts.maxDocBytes) {
    yield new InputError(
      path,
      `too large: ${mb(info.size)} exceeds the ${mb(opts.maxDocBytes)} limit per document`,
    );
    return;
  }
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    yield new InputError(path, unreadable(e));
    return;
  }
  try {
    yield { origin: path, format, body: decodeText(buf, path) };
  } catch (e) {
    yield asInputError(e, path);
  }
}

/** One document a line; a bad line is reported with its number and the rest are read. */
async function* readJsonl(path: string, opts: ReadOptions): AsyncGenerator<RawDoc | InputError> {
  let n = 0;
  let docs = 0;
  let seen = 0;
  const emit = (bytes: Buffer): RawDoc | InputError | null => {
    n++;
    seen += bytes.length;
    const origin = `${path}:${n}`;
    if (bytes.includes(0)) return new InputError(origin, 'binary data, not JSON');
    let line: string;
    try {
      line = utf8.decode(bytes);
    } catch {
      return new InputError(origin, `invalid UTF-8 at byte ${firstInvalidUtf8(bytes)} of the line`);
    }
    return parseJsonlLine(line, origin, opts.maxDocBytes);
  };
  try {
    // Split on raw newline bytes so each line is UTF-8-checked on its own.
    let pending: Buffer[] = [];
    let pendingSize = 0;
    for await (const chunk of createReadStream(path)) {
      let buf = chunk as Buffer;
      let nl = buf.indexOf(10);
      while (nl >= 0) {
        const part = buf.subarray(0, nl);
        const line = pending.length ? Buffer.concat([...pending, part]) : part;
        pending = [];
        pendingSize = 0;
        const d = emit(line);
        if (d) {
          if (!(d instanceof InputError)) docs++;
          yield d;
        }
        buf = buf.subarray(nl + 1);
        nl = buf.indexOf(10);
      }
      if (buf.length) {
        pendingSize += buf.length;
        // An endless line is not held in memory: it is reported once it passes the limit.
        if (pendingSize <= opts.maxDocBytes + 1) pending.push(Buffer.from(buf));
      }
    }
    if (pending.length || pendingSize) {
      const d =
        pendingSize > opts.maxDocBytes + 1
          ? new InputError(`${path}:${n + 1}`, 'line too large')
          : emit(Buffer.concat(pending));
      if (d) {
        if (!(d instanceof InputError)) docs++;
        yield d;
      }
    }
  } catch (e) {
    yield new InputError(path, unreadable(e));
    return;
  }
  if (seen === 0) yield new InputError(path, 'empty file');
  else if (docs === 0 && n > 0) yield new InputError(path, 'no documents in file');
}

export function parseJsonlLine(
  line: string,
  origin: string,
  maxDocBytes: number,
): RawDoc | InputError | null {
  if (!line.trim()) return null;
  if (line.length > maxDocBytes)
    return new InputError(origin, `line too large: ${mb(line.length)} exceeds the limit`);
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    return new InputError(origin, `malformed JSON: ${(e as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return new InputError(origin, 'expected a JSON object');
  const o = v as Record<string, unknown>;
  const str = (k: string): string | undefined => {
    const x = o[k];
    if (x == null) return undefined;
    if (typeof x === 'number') return String(x);
    return typeof x === 'string' ? x : undefined;
  };
  const text = str('text');
  const html = str('html');
  if (!text?.trim() && !html?.trim()) return new InputError(origin, 'no "text" or "html" field');
  const doc: RawDoc = {
    origin,
    format: text?.trim() ? 'txt' : 'html',
    body: (text?.trim() ? text : html) ?? '',
  };
  const id = str('id');
  const url = str('url');
  const title = str('title');
  const published = str('published') ?? str('date');
  const source = str('source');
  if (id) doc.id = id;
  if (url) doc.url = url;
  if (title) doc.title = title;
  if (published) doc.published = published;
  if (source) doc.source = source;
  return doc;
}

async function* readStdin(opts: ReadOptions): AsyncGenerator<RawDoc | InputError> {
  const input = opts.stdin ?? process.stdin;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of input) {
    const b = typeof c === 'string' ? Buffer.from(c) : (c as Buffer);
    size += b.length;
    if (size > opts.maxDocBytes * 8) {
      yield new InputError('stdin', `too large: more than ${mb(opts.maxDocBytes * 8)}`);
      return;
    }
    chunks.push(b);
  }
  const buf = Buffer.concat(chunks);
  let text: string;
  try {
    text = decodeText(buf, 'stdin');
  } catch (e) {
    yield asInputError(e, 'stdin');
    return;
  }
  const head = text.trimStart();
  if (head.startsWith('{')) {
    let n = 0;
    for (const line of text.split('\n')) {
      n++;
      const d = parseJsonlLine(line, `stdin:${n}`, opts.maxDocBytes);
      if (d) yield d;
    }
    return;
  }
  if (buf.length > opts.maxDocBytes) {
    yield new InputError(
      'stdin',
      `too large: ${mb(buf.length)} exceeds the ${mb(opts.maxDocBytes)} limit per document`,
    );
    return;
  }
  yield { origin: 'stdin', format: head.startsWith('<') ? 'html' : 'txt', body: text };
}

function unreadable(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return `cannot read (${code ?? (e as Error).message})`;
}

function asInputError(e: unknown, input: string): InputError {
  return e instanceof InputError ? e : new InputError(input, (e as Error).message);
}
