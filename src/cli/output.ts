// Output conventions: data on stdout (JSON Lines with --json), messages on stderr.

export const EXIT = { ok: 0, error: 1, usage: 2, partial: 3 } as const;

/** Commands set a non-zero exit code here rather than calling process.exit mid-stream. */
export const outcome: { code: number } = { code: EXIT.ok };

export function printJsonLines(rows: unknown[]): void {
  for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function warn(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

/** A plain aligned table; columns are cut to keep one row per line. */
export function printTable(
  rows: Record<string, unknown>[],
  columns: { key: string; label: string; max?: number }[],
): void {
  if (!rows.length) {
    process.stdout.write('(none)\n');
    return;
  }
  const cell = (v: unknown, max = 60) => {
    const s = v == null ? '' : String(v).replace(/\s+/g, ' ');
    return s.length > max ? `${s.slice(0, max - 1)}…` : s;
  };
  const widths = columns.map((c) =>
    Math.max(c.label.length, ...rows.map((r) => cell(r[c.key], c.max).length)),
  );
  const line = (vals: string[]) =>
    vals
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${line(columns.map((c) => c.label))}\n`);
  for (const r of rows) process.stdout.write(`${line(columns.map((c) => cell(r[c.key], c.max)))}\n`);
}
