// Start the API (and the dashboard's files) on a port; used by `redline serve`, tests and bench.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { sql } from 'kysely';
import { openSqlite } from '../store/sqlite.js';
import type { Extractor } from '../store/store.js';
import { createApp } from './app.js';

export interface ServerOptions {
  db: string;
  port: number;
  host: string;
  /** Enables POST /api/ingest behind this bearer token; null keeps the database read-only. */
  token: string | null;
  /** Folder of the built dashboard; null or missing serves a page saying it is not built. */
  webDir: string | null;
  maxBodyBytes?: number;
  extractor?: Extractor;
}

export interface RunningServer {
  /** Base URL, ending in a slash. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export async function startServer(o: ServerOptions): Promise<RunningServer> {
  const store = await openSqlite(o.db);
  // Fresh planner statistics, then (without a token) a connection that cannot write at all.
  await sql`PRAGMA optimize`.execute(store.db);
  if (!o.token) await sql`PRAGMA query_only = ON`.execute(store.db);
  const loopback = LOOPBACK.has(o.host);
  const app = createApp({
    store,
    token: o.token,
    webDir: o.webDir && existsSync(o.webDir) ? o.webDir : null,
    ...(o.maxBodyBytes ? { maxBodyBytes: o.maxBodyBytes } : {}),
    ...(o.extractor ? { extractor: o.extractor } : {}),
    // On loopback only local names are accepted, so a web page cannot reach the API through DNS
    // rebinding; a server bound to other addresses is reached by names we cannot know.
    allowedHosts: loopback ? ['127.0.0.1', 'localhost', '[::1]'] : null,
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: o.port, hostname: o.host }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = o.host.includes(':') && !o.host.startsWith('[') ? `[${o.host}]` : o.host;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/`,
    port,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would hold close() open.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await store.close();
    },
  };
}
