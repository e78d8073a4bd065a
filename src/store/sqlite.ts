import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql, type Transaction } from 'kysely';
import type { ExtractionRecord } from '../extract/record.js';
import type { Article } from '../ingest/article.js';
import { isNearDuplicate } from '../ingest/dedup.js';
import { bands } from '../ingest/simhash.js';
import type { DatePrecision } from '../nlp/doc.js';
import { sqliteMigrations } from './migrations/sqlite.js';
import { type EventFilter, listEvents, listQuotes, type QuoteFilter, writeRecord } from './records.js';
import type { ArticlesTable, Database } from './schema.js';
import type {
  ArticleFilter,
  ArticleRow,
  Extractor,
  FullArticle,
  Outcome,
  SearchHit,
  Store,
  StoreStats,
} from './store.js';

export async function openSqlite(path: string): Promise<SqliteStore> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const raw = new BetterSqlite3(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  const store = new SqliteStore(db);
  await store.migrate();
  return store;
}

type Selected = Pick<
  ArticlesTable,
  | 'id'
  | 'url'
  | 'title'
  | 'published'
  | 'published_precision'
  | 'source'
  | 'language'
  | 'origin'
  | 'story_index'
  | 'story_count'
  | 'duplicate_of'
  | 'duplicate_kind'
  | 'skip_reason'
  | 'ingested_at'
> & { seq: number; chars: number };

function toRow(r: Selected): ArticleRow & { seq: number } {
  return {
    seq: r.seq,
    id: r.id,
    url: r.url,
    title: r.title,
    published: r.published,
    publishedPrecision: r.published_precision as DatePrecision | null,
    source: r.source,
    language: r.language,
    origin: r.origin,
    storyIndex: r.story_index,
    storyCount: r.story_count,
    duplicateOf: r.duplicate_of,
    duplicateKind: r.duplicate_kind as 'exact' | 'near' | null,
    skipReason: r.skip_reason,
    ingestedAt: r.ingested_at,
    chars: r.chars,
  };
}

/** Turn free text into an FTS5 query of quoted terms, so user input is never FTS syntax. */
export function ftsQuery(q: string): string {
  const terms = q.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*\*?/gu) ?? [];
  return terms
    .map((t) => (t.endsWith('*') ? `"${t.slice(0, -1).replace(/"/g, '')}"*` : `"${t.replace(/"/g, '')}"`))
    .join(' ');
}

export class SqliteStore implements Store {
  constructor(readonly db: Kysely<Database>) {}

  async migrate(): Promise<void> {
    const { error, results } = await new Migrator({
      db: this.db,
      provider: sqliteMigrations,
    }).migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
      throw new Error(`database migration ${failed} failed: ${(error as Error).message}`);
    }
  }

  async schemaVersion(): Promise<string> {
    const r = await sql<{
      name: string;
    }>`SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1`.execute(this.db);
    return r.rows[0]?.name ?? 'none';
  }

  async ingestBatch(articles: Article[], extract?: Extractor): Promise<Outcome[]> {
    return this.db.transaction().execute(async (trx) => {
      const out: Outcome[] = [];
      for (const a of articles) {
        const o = await this.ingestOne(trx, a);
        if (o.kind === 'stored' && extract && !a.skipReason) {
          const record = extract(a);
          if (record) await writeRecord(trx, a.id, record);
        }
        out.push(o);
      }
      return out;
    });
  }

  async getRecord(articleId: string): Promise<Omit<ExtractionRecord, 'text'> | null> {
    const r = await this.db
      .selectFrom('extractions')
      .select('record')
      .where('article_id', '=', articleId)
      .executeTakeFirst();
    return r ? (JSON.parse(r.record) as Omit<ExtractionRecord, 'text'>) : null;
  }

  listEvents(filter: EventFilter = {}) {
    return listEvents(this.db, filter);
  }

  listQuotes(filter: QuoteFilter = {}) {
    return listQuotes(this.db, filter);
  }

  private async ingestOne(trx: Transaction<Database>, a: Article): Promise<Outcome> {
    const existing = await trx.selectFrom('articles').select('id').where('id', '=', a.id).executeTakeFirst();
    if (existing) return { kind: 'unchanged', id: a.id };
    let duplicateOf: string | null = null;
    let how: 'exact' | 'near' | null = null;
    const exact = await trx
      .selectFrom('articles')
      .select('id')
      .where('text_hash', '=', a.textHash)
      .where('duplicate_of', 'is', null)
      .orderBy('seq')
      .executeTakeFirst();
    const [b0, b1, b2, b3] = bands(a.simhash);
    if (exact) {
      duplicateOf = exact.id;
      how = 'exact';
    } else {
      const candidates = await trx
        .selectFrom('articles')
        .select(['id', 'text', 'simhash'])
        .where('duplicate_of', 'is', null)
        .where((eb) =>
          eb.or([eb('band0', '=', b0), eb('band1', '=', b1), eb('band2', '=', b2), eb('band3', '=', b3)]),
        )
        .orderBy('seq')
        .limit(200)
        .execute();
      const near = candidates.find((c) => isNearDuplicate(a, c));
      if (near) {
        duplicateOf = near.id;
        how = 'near';
      }
    }
    const inserted = await trx
      .insertInto('articles')
      .values({
        id: a.id,
        url: a.url,
        title: a.title,
        published: a.published,
        published_precision: a.publishedPrecision,
        source: a.source,
        language: a.language,
        language_reliable: a.languageReliable ? 1 : 0,
        text: a.text,
        text_hash: a.textHash,
        raw_hash: a.rawHash,
        simhash: a.simhash,
        band0: b0,
        band1: b1,
        band2: b2,
        band3: b3,
        origin: a.origin,
        story_index: a.storyIndex,
        story_count: a.storyCount,
        dateline_place: a.dateline?.place ?? null,
        dateline_wire: a.dateline?.wire ?? null,
        byline: a.byline,
        skip_reason: a.skipReason,
        duplicate_of: duplicateOf,
        duplicate_kind: how,
        cleaning_log: JSON.stringify({ removed: a.removed, repairs: a.repairs }),
        ingested_at: new Date().toISOString(),
      })
      .returning('seq')
      .executeTakeFirstOrThrow();
    if (!duplicateOf) {
      // Duplicates stay out of the search index: one hit per story.
      await sql`INSERT INTO articles_fts(rowid, title, text) VALUES (${inserted.seq}, ${a.title ?? ''}, ${a.text})`.execute(
        trx,
      );
    }
    return duplicateOf
      ? { kind: 'duplicate', id: a.id, of: duplicateOf, how: how! }
      : { kind: 'stored', id: a.id };
  }

  private rowColumns() {
    return [
      'seq',
      'id',
      'url',
      'title',
      'published',
      'published_precision',
      'source',
      'language',
      'origin',
      'story_index',
      'story_count',
      'duplicate_of',
      'duplicate_kind',
      'skip_reason',
      'ingested_at',
    ] as const;
  }

  async listArticles(f: ArticleFilter = {}): Promise<(ArticleRow & { seq: number })[]> {
    let q = this.db
      .selectFrom('articles')
      .select(this.rowColumns())
      .select(sql<number>`length(text)`.as('chars'));
    if (!f.duplicates) q = q.where('duplicate_of', 'is', null);
    if (f.source) q = q.where(sql`lower(source)`, '=', f.source.toLowerCase());
    if (f.language) q = q.where('language', '=', f.language);
    if (f.since) q = q.where('published', '>=', f.since);
    if (f.until) q = q.where('published', '<=', `${f.until}\uffff`);
    if (f.after != null) q = q.where('seq', '>', f.after);
    const rows = await q
      .orderBy('seq')
      .limit(f.limit ?? 100)
      .execute();
    return rows.map((r) => toRow(r as Selected));
  }

  async getArticle(id: string): Promise<FullArticle | null> {
    const r = await this.db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) return null;
    return {
      ...toRow({ ...r, chars: r.text.length }),
      text: r.text,
      datelinePlace: r.dateline_place,
      datelineWire: r.dateline_wire,
      byline: r.byline,
      cleaningLog: JSON.parse(r.cleaning_log) as FullArticle['cleaningLog'],
    };
  }

  async search(query: string, limit = 20): Promise<SearchHit[]> {
    const match = ftsQuery(query);
    if (!match) return [];
    const r = await sql<SearchHit>`
      SELECT a.id AS id, a.title AS title, a.published AS published, a.source AS source,
             snippet(articles_fts, 1, '[', ']', '…', 16) AS snippet, bm25(articles_fts) AS rank
      FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
      WHERE articles_fts MATCH ${match}
      ORDER BY rank LIMIT ${limit}`.execute(this.db);
    return r.rows;
  }

  async stats(): Promise<StoreStats> {
    const one = await this.db
      .selectFrom('articles')
      .select([
        sql<number>`count(*) filter (where duplicate_of is null)`.as('articles'),
        sql<number>`count(*) filter (where duplicate_of is not null)`.as('duplicates'),
        sql<number>`count(*) filter (where duplicate_of is null and skip_reason is not null)`.as(
          'nonEnglish',
        ),
        sql<string | null>`min(published)`.as('first'),
        sql<string | null>`max(published)`.as('last'),
      ])
      .executeTakeFirstOrThrow();
    const sources = await this.db
      .selectFrom('articles')
      .select(['source', sql<number>`count(*)`.as('articles')])
      .where('duplicate_of', 'is', null)
      .groupBy('source')
      .orderBy('articles', 'desc')
      .execute();
    const languages = await this.db
      .selectFrom('articles')
      .select(['language', sql<number>`count(*)`.as('articles')])
      .where('duplicate_of', 'is', null)
      .groupBy('language')
      .orderBy('articles', 'desc')
      .execute();
    const counts = await sql<{ extracted: number; events: number; quotes: number }>`
      SELECT (SELECT count(*) FROM extractions) AS extracted, (SELECT count(*) FROM events) AS events,
             (SELECT count(*) FROM quotes) AS quotes`.execute(this.db);
    const c = counts.rows[0]!;
    return {
      articles: one.articles,
      extracted: c.extracted,
      events: c.events,
      quotes: c.quotes,
      duplicates: one.duplicates,
      nonEnglish: one.nonEnglish,
      sources,
      languages,
      firstPublished: one.first,
      lastPublished: one.last,
      schemaVersion: await this.schemaVersion(),
    };
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
