// Answers of the slow analysis calls (the index of a busy pair reads every one of its clusters),
// kept until the database changes: PRAGMA data_version moves with every commit of another
// connection (a `redline ingest` beside the server), and the server's own ingest clears it.
import { sql } from 'kysely';
import type { AnyDb } from '../store/clusters.js';

const MAX_ENTRIES = 64;

export class ResultCache {
  private version: number | null = null;
  private entries = new Map<string, Promise<unknown>>();

  async get<T>(db: AnyDb, key: string, compute: () => Promise<T>): Promise<T> {
    const r = await sql<{ data_version: number }>`PRAGMA data_version`.execute(db);
    const version = r.rows[0]?.data_version ?? null;
    if (version !== this.version) this.clear(version);
    const hit = this.entries.get(key);
    if (hit) {
      // Most recently used last, so the oldest is the one dropped.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit as Promise<T>;
    }
    const p = compute();
    this.entries.set(key, p);
    p.catch(() => this.entries.delete(key));
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return p;
  }

  clear(version: number | null = this.version): void {
    this.entries.clear();
    this.version = version;
  }
}
