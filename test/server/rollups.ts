// Recompute every rollup of migration 0003 from the item tables, to compare with what the
// triggers maintained.
import { type Kysely, sql } from 'kysely';

type Row = Record<string, string | number | null>;

const DAY = (col: string) =>
  `(CASE WHEN ${col} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN substr(${col}, 1, 10) ELSE '' END)`;
const PUB = (article: string) =>
  `coalesce((SELECT ${DAY('a.published')} FROM articles a WHERE a.id = ${article}), '')`;

const EXPECTED: Record<string, string> = {
  rollup_events: `SELECT coalesce(day, '') AS day, type, modality, count(*) AS n FROM events GROUP BY 1, 2, 3`,
  rollup_outlets: `SELECT day, lower(outlet) AS outlet, sum(articles) AS articles, sum(events) AS events, sum(quotes) AS quotes FROM (
      SELECT ${DAY('published')} AS day, coalesce(source, '') AS outlet, 1 AS articles, 0 AS events, 0 AS quotes FROM articles WHERE duplicate_of IS NULL
      UNION ALL SELECT coalesce(day, ''), coalesce(outlet, ''), 0, 1, 0 FROM events
      UNION ALL SELECT coalesce(day, ''), coalesce(outlet, ''), 0, 0, 1 FROM quotes) GROUP BY 1, 2`,
  rollup_actors: `SELECT day, lower(ref) AS ref, sum(articles) AS articles, sum(events) AS events, sum(as_source) AS as_source,
      sum(as_target) AS as_target, sum(quotes) AS quotes FROM (
      SELECT ${PUB('x.article_id')} AS day, x.key AS ref, 1 AS articles, 0 AS events, 0 AS as_source, 0 AS as_target, 0 AS quotes FROM actors x
      UNION ALL SELECT coalesce(day, ''), ref, 0, count(DISTINCT event_id), sum(role = 'source'), sum(role = 'target'), 0 FROM event_actors GROUP BY 1, 2
      UNION ALL SELECT coalesce(day, ''), coalesce(speaker_key, 'name:' || nullif(trim(speaker), '')), 0, 0, 0, 0, 1 FROM quotes
        WHERE coalesce(speaker_key, nullif(trim(speaker), '')) IS NOT NULL) GROUP BY 1, 2`,
  rollup_actor_types: `SELECT lower(ref) AS ref, role, type, coalesce(day, '') AS day, count(*) AS n FROM event_actors GROUP BY 1, 2, 3, 4
      UNION ALL SELECT lower(ref), 'any', type, coalesce(day, ''), count(DISTINCT event_id) FROM event_actors GROUP BY 1, 3, 4`,
  rollup_places: `SELECT day, place, sum(articles) AS articles, sum(events) AS events FROM (
      SELECT ${PUB('x.article_id')} AS day, x.key AS place, 1 AS articles, 0 AS events FROM places x
      UNION ALL SELECT coalesce(day, ''), place_key, 0, 1 FROM events WHERE place_key IS NOT NULL) GROUP BY 1, 2`,
  rollup_pairs: `SELECT coalesce(e.day, '') AS day, lower(s.ref) AS source, lower(t.ref) AS target, count(*) AS n,
      sum(coalesce(e.intensity < 0, 0)) AS conflict, sum(coalesce(e.intensity > 0, 0)) AS cooperation
      FROM events e JOIN event_actors s ON s.event_id = e.id AND s.role = 'source'
      JOIN event_actors t ON t.event_id = e.id AND t.role = 'target' GROUP BY 1, 2, 3`,
};

const TOTALS: Record<string, [string, string[]]> = {
  rollup_actor_totals: ['rollup_actors', ['ref']],
  rollup_place_totals: ['rollup_places', ['place']],
  rollup_pair_totals: ['rollup_pairs', ['source', 'target']],
};

const norm = (rows: Row[]) =>
  rows
    .filter((r) =>
      Object.entries(r).some(([k, v]) => typeof v === 'number' && v !== 0 && !['day'].includes(k)),
    )
    .map((r) =>
      JSON.stringify(
        Object.fromEntries(
          Object.entries(r)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => [k, typeof v === 'string' && k !== 'day' ? v.toLowerCase() : v]),
        ),
      ),
    )
    .sort();

/** Differences between each rollup table and its recomputation: empty when all agree. */
export async function rollupDiffs(db: Kysely<unknown>): Promise<string[]> {
  const diffs: string[] = [];
  const rows = async (q: string) => (await sql.raw<Row>(q).execute(db)).rows;
  for (const [table, q] of Object.entries(EXPECTED)) {
    const want = norm(await rows(q));
    const have = norm(await rows(`SELECT * FROM ${table}`));
    const missing = want.filter((x) => !have.includes(x));
    const extra = have.filter((x) => !want.includes(x));
    if (missing.length || extra.length)
      diffs.push(`${table}: missing ${missing.slice(0, 3).join(' ')} extra ${extra.slice(0, 3).join(' ')}`);
  }
  for (const [table, [daily, keys]] of Object.entries(TOTALS)) {
    const counts =
      table === 'rollup_pair_totals'
        ? ['n', 'conflict', 'cooperation']
        : table === 'rollup_place_totals'
          ? ['articles', 'events']
          : ['articles', 'events', 'as_source', 'as_target', 'quotes'];
    const want = norm(
      await rows(
        `SELECT ${keys.map((k) => `lower(${k}) AS ${k}`).join(', ')}, ${counts.map((c) => `sum(${c}) AS ${c}`).join(', ')} FROM ${daily} GROUP BY ${keys.map((_, i) => i + 1).join(', ')}`,
      ),
    );
    const have = norm(await rows(`SELECT * FROM ${table}`));
    if (JSON.stringify(want) !== JSON.stringify(have)) diffs.push(`${table} disagrees with ${daily}`);
  }
  return diffs;
}
