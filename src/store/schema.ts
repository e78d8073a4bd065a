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
  extractions: ExtractionsTable;
  actors: ActorsTable;
  places: PlacesTable;
  weapons: WeaponsTable;
  quantities: QuantitiesTable;
  dates: DatesTable;
  quotes: QuotesTable;
  events: EventsTable;
}

export interface ExtractionsTable {
  article_id: string;
  extractor_version: string;
  record: string;
  extracted_at: string;
}

interface ItemColumns {
  id: Generated<number>;
  article_id: string;
}

export interface ActorsTable extends ItemColumns {
  key: string;
  name: string;
  type: string;
  country: string | null;
  roles: string;
  mentions: string;
}

export interface PlacesTable extends ItemColumns {
  key: string;
  name: string;
  country: string | null;
  lat: number | null;
  lon: number | null;
  kind: string;
  precision: string | null;
  mentions: string;
}

export interface WeaponsTable extends ItemColumns {
  name: string;
  class: string | null;
  mentions: string;
}

export interface QuantitiesTable extends ItemColumns {
  kind: string;
  value: number | null;
  low: number | null;
  high: number | null;
  unit: string | null;
  subject: string | null;
  text: string;
  start: number;
  end: number;
}

export interface DatesTable extends ItemColumns {
  text: string;
  value: string;
  start: number;
  end: number;
}

export interface QuotesTable extends ItemColumns {
  speaker: string | null;
  speaker_key: string | null;
  text: string;
  kind: string;
  cue: string | null;
  medium: string | null;
  date: string | null;
  start: number;
  end: number;
}

export interface EventsTable extends ItemColumns {
  type: string;
  mode: string | null;
  cameo: string | null;
  intensity: number | null;
  source: string;
  target: string;
  source_keys: string;
  target_keys: string;
  modality: string;
  date: string | null;
  place: string | null;
  text: string;
  start: number;
  end: number;
  evidence: string;
}
