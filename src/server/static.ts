// The dashboard's built files (web/dist), or a small page saying it is not built yet.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.pbf': 'application/x-protobuf',
};

export interface StaticFile {
  body: Uint8Array;
  type: string;
  /** Hashed asset names (Vite's assets/) never change: cache them; index.html is revalidated. */
  immutable: boolean;
}

async function fileAt(path: string): Promise<Uint8Array | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? await readFile(path) : null;
  } catch {
    return null;
  }
}

/**
 * The file under `root` for a URL path, or index.html for paths without an extension (routes of
 * the single-page app); null when there is none. Paths never leave `root`.
 */
export async function staticFile(root: string, urlPath: string): Promise<StaticFile | null> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  const base = resolve(root);
  const target = resolve(join(base, rel));
  if (target !== base && !target.startsWith(base + sep)) return null;
  const ext = extname(target).toLowerCase();
  let body = target === base ? null : await fileAt(target);
  let type = TYPES[ext] ?? 'application/octet-stream';
  if (!body && (target === base || !ext || ext === '.html')) {
    body = await fileAt(join(base, 'index.html'));
    type = TYPES['.html']!;
    return body ? { body, type, immutable: false } : null;
  }
  if (!body) return null;
  return { body, type, immutable: rel.startsWith('/assets/') };
}

export function notBuiltPage(): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Redline</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:0 .25em}</style>
</head>
<body>
<h1>Redline</h1>
<p>The dashboard is not built, so this server answers the HTTP API only.</p>
<ul>
<li><a href="/api/openapi.json">/api/openapi.json</a>: the OpenAPI document of every endpoint</li>
<li><a href="/api/events">/api/events</a>, <a href="/api/quotes">/api/quotes</a>, <a href="/api/articles">/api/articles</a>, <a href="/api/actors">/api/actors</a>, <a href="/api/places">/api/places</a>, <a href="/api/outlets">/api/outlets</a>, <a href="/api/series">/api/series</a></li>
<li>Exports: <a href="/api/events.csv">events.csv</a>, <a href="/api/events.jsonl">events.jsonl</a>, <a href="/api/events.geojson">events.geojson</a>, <a href="/api/quotes.csv">quotes.csv</a></li>
</ul>
<p>Build the dashboard into <code>web/dist</code> and restart <code>redline serve</code> to see it here.</p>
</body>
</html>
`;
}
