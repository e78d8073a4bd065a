import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | null = null;

/** The package root (the folder holding package.json and kb/), found from this module's location. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'kb'))) {
      root = dir;
      return dir;
    }
    dir = dirname(dir);
  }
  throw new Error('cannot find the redline package root (kb/ folder)');
}

/** Path of a file in the packaged knowledge base. */
export function kbPath(...parts: string[]): string {
  return join(packageRoot(), 'kb', ...parts);
}
