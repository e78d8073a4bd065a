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
};

export const sqliteMigrations: MigrationProvider = {
  getMigrations: async () => migrations,
};
