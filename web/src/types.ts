// The API's response shapes the dashboard reads (docs/API.md; the OpenAPI document is the reference).

export type Span = [number, number];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Geo {
  key: string;
  name: string;
  country: string | null;
  lat: number;
  lon: number;
  precision: string | null;
  kind: string;
}

export interface EventItem {
  id: number;
  articleId: string;
  type: string;
  mode: string | null;
  intensity: number | null;
  source: string[];
  target: string[];
  sourceKeys: string[];
  targetKeys: string[];
  modality: string;
  date: string | null;
  day: string | null;
  place: string | null;
  placeKey: string | null;
  geo: Geo | null;
  text: string;
  span: Span;
  evidence: Span[];
  outlet: string | null;
  published: string | null;
  title: string | null;
}

export interface QuoteItem {
  id: number;
  articleId: string;
  speaker: string | null;
  speakerKey: string | null;
  text: string;
  kind: string;
  cue: string | null;
  medium: string | null;
  date: string | null;
  day: string | null;
  span: Span;
  outlet: string | null;
  published: string | null;
  title: string | null;
}

export interface SeriesItem {
  period: string | null;
  type?: string;
  source?: string;
  sourceName?: string;
  target?: string;
  targetName?: string;
  count: number;
  conflict?: number;
  cooperation?: number;
}

export interface Series {
  by: 'type' | 'pair';
  interval: string;
  total: number;
  undated: number;
  items: SeriesItem[];
}

export interface Actor {
  key: string;
  name: string;
  type: string | null;
  events: number;
}

export interface Outlet {
  outlet: string | null;
  articles: number;
}

export interface Place {
  key: string;
  name: string;
  lat: number | null;
  lon: number | null;
  kind: string;
  precision: string | null;
  articles: number;
  events: number;
}

export interface Stats {
  articles: number;
  events: number;
  quotes: number;
  firstPublished: string | null;
  lastPublished: string | null;
}

export interface ArticleLayers {
  actors: { id: number; key: string; name: string; type: string; roles: string[]; mentions: Span[] }[];
  places: { id: number; key: string; name: string; precision: string | null; mentions: Span[] }[];
  weapons: { id: number; name: string; class: string | null; mentions: Span[] }[];
  quotes: { id: number; speaker: string | null; text: string; kind: string; span: Span }[];
  quantities: { id: number; kind: string; text: string; span: Span }[];
  dates: { id: number; text: string; value: string; span: Span }[];
  events: {
    id: number;
    type: string;
    source: string[];
    target: string[];
    modality: string;
    date: string | null;
    text: string;
    span: Span;
    evidence: Span[];
    trigger: Span | null;
  }[];
}

export interface Article {
  id: string;
  url: string | null;
  title: string | null;
  published: string | null;
  source: string | null;
  byline: string | null;
  text: string;
  layers: ArticleLayers;
}

export interface GeoFeature {
  geometry: { type: 'Point'; coordinates: [number, number] } | null;
  properties: EventItem & { placePrecision: string | null };
}
