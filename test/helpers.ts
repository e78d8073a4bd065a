import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');
export const BIN = join(ROOT, 'bin', 'redline.js');

export function tempDir(prefix = 'redline-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the built CLI (npm test builds first) as a user would. */
export function runCli(args: string[], opts: { input?: string; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.REDLINE_DB;
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/** A short article written for the tests; `n` varies the wording so no two are duplicates. */
export function article(n: number): string {
  const towns = ['Tartu', 'Narva', 'Pärnu', 'Rakvere', 'Viljandi', 'Haapsalu', 'Kuressaare', 'Valga'];
  const town = towns[n % towns.length];
  return [
    `Exercise number ${n} ends near ${town}`,
    `Soldiers of the ${n}th battalion finished a ${(n % 9) + 2}-day exercise near ${town} on Tuesday, the army said.`,
    `“The drill tested how fast reserve unit ${n} can reach the border,” a spokesman said, adding that ${n * 3} vehicles took part.`,
    `Observers from ${(n % 5) + 2} allied countries watched the final stage of drill ${n}.`,
  ].join('\n');
}
