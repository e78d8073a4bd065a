import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';
import { clusterPairsMigration, clustersMigration } from '../clusters.js';

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
  '0003-api-indexes': {
    // What the HTTP API filters, sorts and groups by, kept fast at millions of events.
    // - events and quotes get their effective `day` (the item's own day-precision date, else the
    //   article's publication day) and `outlet`; events get `place_key` (their place resolved
    //   among the article's places), so date ranges need no join;
    // - event_actors indexes who took part in which event, by key (`name:<name>` when the
    //   extractor gave no keys), so an actor filter is an index range;
    // - actor_index and place_index hold one row per distinct actor and place;
    // - rollup_* tables hold counts per day (events by type and modality; per actor, outlet,
    //   place and actor pair; `day` '' when there is none) and, for the big ones, in total, so
    //   timelines and aggregate lists read thousands of rows, not millions.
    // Triggers keep all of it in step with every insert and delete; the backfill runs the same
    // statements over what is already stored.
    async up(db: Kysely<unknown>) {
      const run = async (statements: string[]) => {
        for (const s of statements) await sql.raw(s).execute(db);
      };
      const isDay = (col: string) => `${col} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'`;
      const dayOfDate = (col: string) => `(CASE WHEN ${isDay(col)} THEN substr(${col}, 1, 10) ELSE '' END)`;
      const pubDay = (article: string) =>
        `coalesce((SELECT ${dayOfDate('a.published')} FROM articles a WHERE a.id = ${article}), '')`;
      const dayOf = (r: string) =>
        `CASE WHEN ${isDay(`${r}.date`)} THEN substr(${r}.date, 1, 10) ELSE nullif(${pubDay(`${r}.article_id`)}, '') END`;
      const outletOf = (r: string) => `(SELECT a.source FROM articles a WHERE a.id = ${r}.article_id)`;
      const placeKeyOf = (r: string) =>
        `CASE WHEN ${r}.place IS NOT NULL THEN coalesce((SELECT p.key FROM places p WHERE p.article_id = ${r}.article_id AND (p.key = ${r}.place OR p.name = ${r}.place) ORDER BY p.id LIMIT 1), ${r}.place) END`;
      const arr = (col: string) => `(CASE WHEN json_valid(${col}) THEN ${col} ELSE '[]' END)`;
      // Keys when the extractor gave them, else names: one row per actor per role.
      const actorsOf = (where: string) =>
        (['source', 'target'] as const)
          .flatMap((role) => [
            `SELECT e.id, '${role}', j.value, e.day, e.type FROM events e, json_each(${arr(`e.${role}_keys`)}) j
              WHERE ${where} AND j.type = 'text' AND json_array_length(${arr(`e.${role}_keys`)}) > 0`,
            `SELECT e.id, '${role}', 'name:' || j.value, e.day, e.type FROM events e, json_each(${arr(`e.${role}`)}) j
              WHERE ${where} AND j.type = 'text' AND json_array_length(${arr(`e.${role}_keys`)}) = 0`,
          ])
          .join(' UNION ');
      const speakerRef = (q: string) =>
        `coalesce(${q}.speaker_key, 'name:' || nullif(trim(${q}.speaker), ''))`;
      const sign = (e: string, op: string) => `coalesce(${e}.intensity ${op} 0, 0)`;
      // An actor counts once per event even when it is both source and target: an inserted row
      // counts when it is the event's only row for that actor, a deleted one when none is left,
      // and in the backfill the first of them counts. (`+o.ref` keeps the planner on the event_id
      // index: on the ref index, as it may pick before ANALYZE, each check scans an actor's events.)
      const onceForEvent = (r: string, when: 'insert' | 'delete' | 'backfill') =>
        `NOT EXISTS (SELECT 1 FROM event_actors o WHERE o.event_id = ${r}.event_id AND +o.ref = ${r}.ref${
          when === 'insert'
            ? ` AND o.rowid <> ${r}.rowid`
            : when === 'backfill'
              ? ` AND o.rowid < ${r}.rowid`
              : ''
        })`;

      const TOTALS: Record<string, string> = {
        rollup_actors: 'rollup_actor_totals',
        rollup_places: 'rollup_place_totals',
        rollup_pairs: 'rollup_pair_totals',
      };
      /**
       * Add the `deltas` (negative to remove) to the rollup rows `keys` select, and to the
       * totals twin. `grouped` sums many rows first (the backfill).
       */
      const roll = (
        table: string,
        keys: [string, string][],
        deltas: [string, string][],
        from: string | null,
        where = '1',
        grouped = false,
      ) =>
        [table, TOTALS[table]]
          .filter((t): t is string => Boolean(t))
          .map((t) => {
            const k = t === table ? keys : keys.filter(([name]) => name !== 'day');
            const exprs = [
              ...k.map(([, e]) => e),
              ...deltas.map(([, e]) => (grouped ? `sum(${e})` : e)),
            ].join(', ');
            const group = grouped ? ` GROUP BY ${k.map((_, i) => i + 1).join(', ')}` : '';
            return `INSERT INTO ${t} (${[...k, ...deltas].map(([name]) => name).join(', ')})
              SELECT ${exprs} ${from ? `FROM ${from}` : ''} WHERE ${where}${group}
              ON CONFLICT (${k.map(([name]) => name).join(', ')})
              DO UPDATE SET ${deltas.map(([name]) => `${name} = ${name} + excluded.${name}`).join(', ')};`;
          });
      const neg = (d: [string, string][]): [string, string][] => d.map(([n, e]) => [n, `-(${e})`]);

      // What each kind of row adds; `r` is NEW, OLD or the table alias in the backfill.
      const articleRoll = (r: string, sgn: 1 | -1, from: string | null, where = '1', grouped = false) =>
        roll(
          'rollup_outlets',
          [
            ['day', dayOfDate(`${r}.published`)],
            ['outlet', `coalesce(${r}.source, '')`],
          ],
          sgn > 0 ? [['articles', '1']] : neg([['articles', '1']]),
          from,
          `${where} AND ${r}.duplicate_of IS NULL`,
          grouped,
        );
      const actorRoll = (r: string, sgn: 1 | -1, from: string | null, where = '1', grouped = false) =>
        roll(
          'rollup_actors',
          [
            ['day', pubDay(`${r}.article_id`)],
            ['ref', `${r}.key`],
          ],
          sgn > 0 ? [['articles', '1']] : neg([['articles', '1']]),
          from,
          where,
          grouped,
        );
      const placeRoll = (r: string, sgn: 1 | -1, from: string | null, where = '1', grouped = false) =>
        roll(
          'rollup_places',
          [
            ['day', pubDay(`${r}.article_id`)],
            ['place', `${r}.key`],
          ],
          sgn > 0 ? [['articles', '1']] : neg([['articles', '1']]),
          from,
          where,
          grouped,
        );
      const eventRolls = (r: string, sgn: 1 | -1, from: string | null, where = '1', grouped = false) => {
        const one = (d: [string, string][]) => (sgn > 0 ? d : neg(d));
        const day: [string, string] = ['day', `coalesce(${r}.day, '')`];
        return [
          roll(
            'rollup_events',
            [day, ['type', `${r}.type`], ['modality', `${r}.modality`]],
            one([['n', '1']]),
            from,
            where,
            grouped,
          ),
          roll(
            'rollup_outlets',
            [day, ['outlet', `coalesce(${r}.outlet, '')`]],
            one([['events', '1']]),
            from,
            where,
            grouped,
          ),
          roll(
            'rollup_places',
            [day, ['place', `${r}.place_key`]],
            one([['events', '1']]),
            from,
            `${where} AND ${r}.place_key IS NOT NULL`,
            grouped,
          ),
        ].flat();
      };
      // Every (source, target) pair of an event; `r` must carry id, day and intensity.
      const pairRoll = (r: string, sgn: 1 | -1, from: string, where = '1', grouped = false) =>
        roll(
          'rollup_pairs',
          [
            ['day', `coalesce(${r}.day, '')`],
            ['source', 's.ref'],
            ['target', 't.ref'],
          ],
          (
            [
              ['n', '1'],
              ['conflict', sign(r, '<')],
              ['cooperation', sign(r, '>')],
            ] as [string, string][]
          ).map(([n, e]) => [n, sgn > 0 ? e : `-(${e})`]),
          `${from} JOIN event_actors s ON s.event_id = ${r}.id AND s.role = 'source'
            JOIN event_actors t ON t.event_id = ${r}.id AND t.role = 'target'`,
          where,
          grouped,
        );
      const eventActorRoll = (r: string, sgn: 1 | -1, from: string | null, where = '1', grouped = false) => {
        const once = onceForEvent(r, grouped ? 'backfill' : sgn > 0 ? 'insert' : 'delete');
        const d: [string, string][] = [
          ['events', once],
          ['as_source', `${r}.role = 'source'`],
          ['as_target', `${r}.role = 'target'`],
        ];
        // An actor's events per role (source, target, and 'any' once per event), type and day:
        // its own timeline.
        const perType = (role: string, n: string) =>
          roll(
            'rollup_actor_types',
            [
              ['ref', `${r}.ref`],
              ['role', role],
              ['type', `${r}.type`],
              ['day', `coalesce(${r}.day, '')`],
            ],
            sgn > 0 ? [['n', n]] : neg([['n', n]]),
            from,
            where,
            grouped,
          );
        return [
          ...roll(
            'rollup_actors',
            [
              ['day', `coalesce(${r}.day, '')`],
              ['ref', `${r}.ref`],
            ],
            sgn > 0 ? d : neg(d),
            from,
            where,
            grouped,
          ),
          ...perType(`${r}.role`, '1'),
          ...perType(`'any'`, once),
        ];
      };
      const quoteRolls = (r: string, sgn: 1 | -1, from: string | null, where = '1', grouped = false) => {
        const one = (name: string): [string, string][] => (sgn > 0 ? [[name, '1']] : neg([[name, '1']]));
        return [
          roll(
            'rollup_outlets',
            [
              ['day', `coalesce(${r}.day, '')`],
              ['outlet', `coalesce(${r}.outlet, '')`],
            ],
            one('quotes'),
            from,
            where,
            grouped,
          ),
          roll(
            'rollup_actors',
            [
              ['day', `coalesce(${r}.day, '')`],
              ['ref', speakerRef(r)],
            ],
            one('quotes'),
            from,
            `${where} AND ${speakerRef(r)} IS NOT NULL`,
            grouped,
          ),
        ].flat();
      };
      const counts = (names: string[]) => names.map((n) => `${n} INTEGER NOT NULL DEFAULT 0`).join(', ');

      await run([
        'ALTER TABLE events ADD COLUMN day TEXT',
        'ALTER TABLE events ADD COLUMN outlet TEXT COLLATE NOCASE',
        'ALTER TABLE events ADD COLUMN place_key TEXT',
        'ALTER TABLE quotes ADD COLUMN day TEXT',
        'ALTER TABLE quotes ADD COLUMN outlet TEXT COLLATE NOCASE',
        `CREATE TABLE event_actors (event_id INTEGER NOT NULL, role TEXT NOT NULL, ref TEXT NOT NULL COLLATE NOCASE,
          day TEXT, type TEXT NOT NULL)`,
        `CREATE TABLE actor_index (ref TEXT NOT NULL PRIMARY KEY COLLATE NOCASE, name TEXT NOT NULL,
          type TEXT, country TEXT) WITHOUT ROWID`,
        `CREATE TABLE place_index (key TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, country TEXT,
          lat REAL, lon REAL, kind TEXT, precision TEXT) WITHOUT ROWID`,
        `CREATE TABLE rollup_events (day TEXT NOT NULL, type TEXT NOT NULL, modality TEXT NOT NULL, ${counts(['n'])},
          PRIMARY KEY (day, type, modality)) WITHOUT ROWID`,
        `CREATE TABLE rollup_outlets (day TEXT NOT NULL, outlet TEXT NOT NULL COLLATE NOCASE,
          ${counts(['articles', 'events', 'quotes'])}, PRIMARY KEY (day, outlet)) WITHOUT ROWID`,
        `CREATE TABLE rollup_actors (day TEXT NOT NULL, ref TEXT NOT NULL COLLATE NOCASE,
          ${counts(['articles', 'events', 'as_source', 'as_target', 'quotes'])}, PRIMARY KEY (day, ref)) WITHOUT ROWID`,
        `CREATE TABLE rollup_actor_totals (ref TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
          ${counts(['articles', 'events', 'as_source', 'as_target', 'quotes'])}) WITHOUT ROWID`,
        `CREATE TABLE rollup_actor_types (ref TEXT NOT NULL COLLATE NOCASE, role TEXT NOT NULL, type TEXT NOT NULL,
          day TEXT NOT NULL, ${counts(['n'])}, PRIMARY KEY (ref, role, type, day)) WITHOUT ROWID`,
        `CREATE TABLE rollup_places (day TEXT NOT NULL, place TEXT NOT NULL, ${counts(['articles', 'events'])},
          PRIMARY KEY (day, place)) WITHOUT ROWID`,
        `CREATE TABLE rollup_place_totals (place TEXT NOT NULL PRIMARY KEY, ${counts(['articles', 'events'])}) WITHOUT ROWID`,
        `CREATE TABLE rollup_pairs (day TEXT NOT NULL, source TEXT NOT NULL COLLATE NOCASE,
          target TEXT NOT NULL COLLATE NOCASE, ${counts(['n', 'conflict', 'cooperation'])},
          PRIMARY KEY (day, source, target)) WITHOUT ROWID`,
        `CREATE TABLE rollup_pair_totals (source TEXT NOT NULL COLLATE NOCASE, target TEXT NOT NULL COLLATE NOCASE,
          ${counts(['n', 'conflict', 'cooperation'])}, PRIMARY KEY (source, target)) WITHOUT ROWID`,
        // Backfill what is already stored.
        `UPDATE events SET day = ${dayOf('events')}, outlet = ${outletOf('events')}, place_key = ${placeKeyOf('events')}`,
        `UPDATE quotes SET day = ${dayOf('quotes')}, outlet = ${outletOf('quotes')}`,
        `INSERT INTO event_actors (event_id, role, ref, day, type) ${actorsOf('1')}`,
        'INSERT OR IGNORE INTO actor_index (ref, name, type, country) SELECT key, name, type, country FROM actors ORDER BY id',
        `INSERT OR IGNORE INTO place_index (key, name, country, lat, lon, kind, precision)
          SELECT key, name, country, lat, lon, kind, precision FROM places ORDER BY id`,
        ...articleRoll('x', 1, 'articles x', '1', true),
        ...actorRoll('x', 1, 'actors x', '1', true),
        ...placeRoll('x', 1, 'places x', '1', true),
        ...eventRolls('x', 1, 'events x', '1', true),
        ...pairRoll('x', 1, 'events x', '1', true),
        ...eventActorRoll('x', 1, 'event_actors x', '1', true),
        ...quoteRolls('x', 1, 'quotes x', '1', true),
        // And keep it in step.
        `CREATE TRIGGER articles_api_insert AFTER INSERT ON articles BEGIN ${articleRoll('NEW', 1, null).join('\n')} END`,
        `CREATE TRIGGER articles_api_delete AFTER DELETE ON articles BEGIN ${articleRoll('OLD', -1, null).join('\n')} END`,
        // Actors and places are counted on their article's day: remove them while it still exists.
        `CREATE TRIGGER articles_api_predelete BEFORE DELETE ON articles BEGIN
          DELETE FROM actors WHERE article_id = OLD.id;
          DELETE FROM places WHERE article_id = OLD.id;
        END`,
        `CREATE TRIGGER actors_api_insert AFTER INSERT ON actors BEGIN
          INSERT OR IGNORE INTO actor_index (ref, name, type, country) VALUES (NEW.key, NEW.name, NEW.type, NEW.country);
          ${actorRoll('NEW', 1, null).join('\n')}
        END`,
        `CREATE TRIGGER actors_api_delete AFTER DELETE ON actors BEGIN ${actorRoll('OLD', -1, null).join('\n')} END`,
        `CREATE TRIGGER places_api_insert AFTER INSERT ON places BEGIN
          INSERT OR IGNORE INTO place_index (key, name, country, lat, lon, kind, precision)
            VALUES (NEW.key, NEW.name, NEW.country, NEW.lat, NEW.lon, NEW.kind, NEW.precision);
          ${placeRoll('NEW', 1, null).join('\n')}
        END`,
        `CREATE TRIGGER places_api_delete AFTER DELETE ON places BEGIN ${placeRoll('OLD', -1, null).join('\n')} END`,
        `CREATE TRIGGER events_api_insert AFTER INSERT ON events BEGIN
          UPDATE events SET day = ${dayOf('NEW')}, outlet = ${outletOf('NEW')}, place_key = ${placeKeyOf('NEW')}
            WHERE id = NEW.id;
          INSERT INTO event_actors (event_id, role, ref, day, type) ${actorsOf('e.id = NEW.id')};
          ${eventRolls('x', 1, 'events x', 'x.id = NEW.id').join('\n')}
          ${pairRoll('x', 1, 'events x', 'x.id = NEW.id').join('\n')}
        END`,
        `CREATE TRIGGER events_api_delete AFTER DELETE ON events BEGIN
          ${pairRoll('OLD', -1, '(SELECT 1) o').join('\n')}
          DELETE FROM event_actors WHERE event_id = OLD.id;
          ${eventRolls('OLD', -1, null).join('\n')}
        END`,
        `CREATE TRIGGER event_actors_api_insert AFTER INSERT ON event_actors BEGIN
          ${eventActorRoll('NEW', 1, null).join('\n')}
        END`,
        `CREATE TRIGGER event_actors_api_delete AFTER DELETE ON event_actors BEGIN
          ${eventActorRoll('OLD', -1, null).join('\n')}
        END`,
        `CREATE TRIGGER quotes_api_insert AFTER INSERT ON quotes BEGIN
          UPDATE quotes SET day = ${dayOf('NEW')}, outlet = ${outletOf('NEW')} WHERE id = NEW.id;
          ${quoteRolls('x', 1, 'quotes x', 'x.id = NEW.id').join('\n')}
        END`,
        `CREATE TRIGGER quotes_api_delete AFTER DELETE ON quotes BEGIN ${quoteRolls('OLD', -1, null).join('\n')} END`,
      ]);
      for (const [name, table, cols] of [
        ['events_day', 'events', 'day'],
        ['events_type_day', 'events', 'type, day'],
        ['events_modality_day', 'events', 'modality, day'],
        ['events_outlet_day', 'events', 'outlet, day'],
        ['events_place_key_day', 'events', 'place_key, day'],
        ['events_intensity', 'events', 'intensity'],
        // Events of an actor in date order; and by type, for per-actor series.
        ['event_actors_ref_day', 'event_actors', 'ref, day, event_id, role, type'],
        ['event_actors_ref_type', 'event_actors', 'ref, type, day, event_id, role'],
        ['event_actors_event', 'event_actors', 'event_id'],
        ['quotes_day', 'quotes', 'day'],
        ['quotes_outlet_day', 'quotes', 'outlet, day'],
        ['quotes_speaker', 'quotes', 'lower(speaker)'],
        ['rollup_actors_ref', 'rollup_actors', 'ref, day'],
        ['rollup_pairs_source', 'rollup_pairs', 'source, day'],
        ['rollup_pairs_target', 'rollup_pairs', 'target, day'],
        ['places_key', 'places', 'key'],
        ['actor_index_name', 'actor_index', 'name COLLATE NOCASE'],
        ['place_index_name', 'place_index', 'name COLLATE NOCASE'],
        ['articles_language', 'articles', 'language'],
      ] as const) {
        await sql.raw(`CREATE INDEX ${name} ON ${table} (${cols})`).execute(db);
      }
    },
    async down(db: Kysely<unknown>) {
      for (const t of ['articles', 'actors', 'places', 'events', 'event_actors', 'quotes'])
        for (const op of ['insert', 'delete'])
          await sql.raw(`DROP TRIGGER IF EXISTS ${t}_api_${op}`).execute(db);
      for (const t of [
        'event_actors',
        'actor_index',
        'place_index',
        'rollup_events',
        'rollup_outlets',
        'rollup_actors',
        'rollup_actor_totals',
        'rollup_actor_types',
        'rollup_places',
        'rollup_place_totals',
        'rollup_pairs',
        'rollup_pair_totals',
      ])
        await sql.raw(`DROP TABLE ${t}`).execute(db);
    },
  },
  '0004-clusters': clustersMigration,
  '0005-cluster-pairs': clusterPairsMigration,
};

export const sqliteMigrations: MigrationProvider = {
  getMigrations: async () => migrations,
};
