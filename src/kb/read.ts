import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A knowledge-base file problem, always naming the file and, where it applies, the line. */
export class KbError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly reason: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${reason}`);
  }
}

export interface KbRow {
  file: string;
  line: number;
  value: Record<string, unknown>;
}

export interface KbFile {
  path: string;
  /** Path relative to its knowledge-base folder, for messages and stats. */
  name: string;
  schema: string;
  meta: Record<string, unknown>;
  rows: KbRow[];
}

/** Every .jsonl file under `dir`, recursively, in name order. */
export function listKbFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.jsonl')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Read one JSON Lines knowledge-base file: a `_meta` header line, then one entry a line. */
export function readKbFile(path: string, root: string): KbFile {
  const name = relative(root, path) || path;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new KbError(
      name,
      null,
      `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  const rows: KbRow[] = [];
  let meta: Record<string, unknown> | null = null;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (!raw || raw.startsWith('//')) continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      throw new KbError(name, i + 1, `malformed JSON: ${(e as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new KbError(name, i + 1, 'expected a JSON object');
    }
    const obj = value as Record<string, unknown>;
    if (meta === null) {
      if (typeof obj._meta !== 'object' || obj._meta === null) {
        throw new KbError(name, i + 1, 'the first line must be the {"_meta": {...}} header');
      }
      meta = obj._meta as Record<string, unknown>;
      if (typeof meta.schema !== 'string') throw new KbError(name, i + 1, '_meta.schema is missing');
      continue;
    }
    rows.push({ file: name, line: i + 1, value: obj });
  }
  if (!meta) throw new KbError(name, null, 'empty file: no _meta header');
  return { path, name, schema: meta.schema as string, meta, rows };
}

// ---- field checks: each names the file, line and field ----

type Obj = Record<string, unknown>;

export function str(row: KbRow, key: string): string {
  const v = row.value[key];
  if (typeof v !== 'string' || !v.trim())
    throw new KbError(row.file, row.line, `"${key}" must be a non-empty string`);
  return v;
}

export function optStr(row: KbRow, key: string): string | null {
  const v = row.value[key];
  if (v == null) return null;
  if (typeof v !== 'string') throw new KbError(row.file, row.line, `"${key}" must be a string or null`);
  return v;
}

export function strList(row: KbRow, key: string): string[] {
  const v = row.value[key];
  if (v == null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw new KbError(row.file, row.line, `"${key}" must be a list of strings`);
  }
  return v as string[];
}

export function optNum(row: KbRow, key: string): number | undefined {
  const v = row.value[key];
  if (v == null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new KbError(row.file, row.line, `"${key}" must be a number`);
  return v;
}

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

export function optDate(row: KbRow, obj: Obj, key: string): string | undefined {
  const v = obj[key];
  if (v == null) return undefined;
  if (typeof v !== 'string' || !DATE.test(v)) {
    throw new KbError(row.file, row.line, `"${key}" must be a date as YYYY, YYYY-MM or YYYY-MM-DD`);
  }
  return v;
}
