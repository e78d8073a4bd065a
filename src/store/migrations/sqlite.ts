import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';

// Versioned migrations, applied in name order and recorded by Kysely's migrator.
// Never edit a released migration: add a new one.
const migrations: Record<string, Migration> = {
  '0001-articles': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('articles')
        .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('url', 'text')
        .addColumn('title', 'text')
        .addColumn('published', 'text')
        .addColumn('published_precision', 'text')
        .addColumn('source', 'text')
        .addColumn('language', 'text')
        .addColumn('language_reliable', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('text_hash', 'text', (c) => c.notNull())
        .addColumn('raw_hash', 'text', (c) => c.notNull())
        .addColumn('simhash', 'text', (c) => c.notNull())
        .addColumn('band0', 'integer', (c) => c.notNull())
        .addColumn('band1', 'integer', (c) => c.notNull())
        .addColumn('band2', 'integer', (c) => c.notNull())
        .addColumn('band3', 'integer', (c) => c.notNull())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('story_index', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('story_count', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('dateline_place', 'text')
        .addColumn('dateline_wire', 'text')
        .addColumn('byline', 'text')
        .addColumn('skip_reason', 'text')
        .addColumn('duplicate_of', 'text')
        .addColumn('duplicate_kind', 'text')
        .addColumn('cleaning_log', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('ingested_at', 'text', (c) => c.notNull())
        .execute();
      for (const col of ['text_hash', 'published', 'source', 'band0', 'band1', 'band2', 'band3']) {
        await db.schema.createIndex(`articles_${col}`).on('articles').column(col).execute();
      }
      await sql`CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='seq', tokenize='unicode61 remove_diacritics 2')`.execute(
        db,
      );
    },
    async down(db: Kysely<unknown>) {
      await sql`DROP TABLE articles_fts`.execute(db);
      await db.schema.dropTable('articles').execute();
    },
  },
  '0002-extraction': {
    async up(db: Kysely<unknown>) {
      // One row per article: the full record (provenance: extractor version, when).
      await db.schema
        .createTable('extractions')
        .addColumn('article_id', 'text', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
        .addColumn('extractor_version', 'text', (c) => c.notNull())
        .addColumn('record', 'text', (c) => c.notNull())
        .addColumn('extracted_at', 'text', (c) => c.notNull())
        .execute();
      // Queryable items, each with the span of text it came from.
      const item = (name: string) =>
        db.schema
          .createTable(name)
          .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
          .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'));
      await item('actors')
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('country', 'text')
        .addColumn('roles', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('mentions', 'text', (c) => c.notNull())
        .execute();
      await item('places')
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('country', 'text')
        .addColumn('lat', 'real')
        .addColumn('lon', 'real')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('precision', 'text')
        .addColumn('mentions', 'text', (c) => c.notNull())
        .execute();
      await item('weapons')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('class', 'text')
        .addColumn('mentions', 'text', (c) => c.notNull())
        .execute();
      await item('quantities')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('value', 'real')
        .addColumn('low', 'real')
        .addColumn('high', 'real')
        .addColumn('unit', 'text')
        .addColumn('subject', 'text')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('start', 'integer', (c) => c.notNull())
        .addColumn('end', 'integer', (c) => c.notNull())
        .execute();
      await item('dates')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('start', 'integer', (c) => c.notNull())
        .addColumn('end', 'integer', (c) => c.notNull())
        .execute();
      await item('quotes')
        .addColumn('speaker', 'text')
        .addColumn('speaker_key', 'text')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('cue', 'text')
        .addColumn('medium', 'text')
        .addColumn('date', 'text')
        .addColumn('start', 'integer', (c) => c.notNull())
        .addColumn('end', 'integer', (c) => c.notNull())
        .execute();
      await item('events')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('mode', 'text')
        .addColumn('cameo', 'text')
        .addColumn('intensity', 'real')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('source_keys', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('target_keys', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('modality', 'text', (c) => c.notNull())
        .addColumn('date', 'text')
        .addColumn('place', 'text')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('start', 'integer', (c) => c.notNull())
        .addColumn('end', 'integer', (c) => c.notNull())
        .addColumn('evidence', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
      for (const [table, col] of [
        ['actors', 'article_id'],
        ['actors', 'key'],
        ['places', 'article_id'],
        ['weapons', 'article_id'],
        ['quantities', 'article_id'],
        ['quantities', 'kind'],
        ['dates', 'article_id'],
        ['quotes', 'article_id'],
        ['quotes', 'speaker_key'],
        ['events', 'article_id'],
        ['events', 'type'],
        ['events', 'date'],
      ] as const) {
        await db.schema.createIndex(`${table}_${col}`).on(table).column(col).execute();
      }
    },
    async down(db: Kysely<unknown>) {
      for (const t of [
        'events',
        'quotes',
        'dates',
        'quantities',
        'weapons',
        'places',
        'actors',
        'extractions',
      ]) {
        await db.schema.dropTable(t).execute();
      }
    },
  },
};

export const sqliteMigrations: MigrationProvider = {
  getMigrations: async () => migrations,
};
