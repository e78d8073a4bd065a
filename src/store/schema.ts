import type { Generated } from 'kysely';

export interface ArticlesTable {
  seq: Generated<number>;
  id: string;
  url: string | null;
  title: string | null;
  published: string | null;
  published_precision: string | null;
  source: string | null;
  language: string | null;
  language_reliable: number;
  text: string;
  text_hash: string;
  raw_hash: string;
  simhash: string;
  band0: number;
  band1: number;
  band2: number;
  band3: number;
  origin: string;
  story_index: number;
  story_count: number;
  dateline_place: string | null;
  dateline_wire: string | null;
  byline: string | null;
  skip_reason: string | null;
  duplicate_of: string | null;
  duplicate_kind: string | null;
  cleaning_log: string;
  ingested_at: string;
}

export interface Database {
  articles: ArticlesTable;
}
