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

// ---- analysis: escalation index, actor pairs, clusters

export type Family = 'verbal' | 'material' | 'cooperation';
export type FamilyScores = Record<Family, number>;

export interface IndexDriver {
  cluster: number;
  type: string;
  family: Family;
  weight: number;
  sources: string[];
  targets: string[];
  reports: number;
  text: string | null;
}

export interface IndexShift {
  series: Family;
  z: number;
  direction: 'up' | 'down';
  median: number;
  value: number;
  drivers: IndexDriver[];
}

export interface IndexRow {
  period: string;
  label: string;
  articles: number;
  events: number;
  reports: number;
  byType: Record<string, number>;
  score: FamilyScores;
  /** null: no articles stored for the period, a gap (never 0). */
  perArticle: FamilyScores | null;
  eventsPerArticle: number | null;
  notCounted: number;
  shifts: IndexShift[];
  drivers: IndexDriver[];
}

export interface EscalationIndex {
  dyad: { a: string; b: string; directed: boolean; aLabel: string; bLabel: string };
  by: 'day' | 'week';
  rows: IndexRow[];
  undated: number;
  outside: number;
  settings: { window: number; threshold: number; minHistory: number };
  clusters: Record<
    string,
    { day: string | null; place: string | null; articles: number; outlets: string[]; outletKinds: string[] }
  >;
  labels: Record<string, string>;
}

export interface DyadItem {
  dyad: string;
  a: string;
  b: string;
  aLabel: string;
  bLabel: string;
  events: number;
  reports: number;
}

export interface ClusterReport {
  eventId: number;
  articleId: string;
  title: string | null;
  outlet: string | null;
  outletKind: string | null;
  published: string | null;
  modality: string;
  date: string | null;
  text: string;
  span: Span;
  evidence: Span[];
}

export interface ClusterLink {
  claimId: number;
  counterId: number;
  kind: string;
  role: 'claim' | 'counter';
  other: {
    id: number;
    type: string;
    day: string | null;
    sourceNames: string[];
    targetNames: string[];
    text: string | null;
  };
}

export interface ClusterDetail {
  id: number;
  type: string;
  group: string;
  day: string | null;
  date: string | null;
  place: string | null;
  sourceNames: string[];
  targetNames: string[];
  articles: number;
  outlets: string[];
  outletKinds: string[];
  firstArticle: string | null;
  firstPublished: string | null;
  text: string | null;
  disagreements: {
    figures?: { kind: string; values: { value: string; outlets: string[] }[] }[];
    dates?: { date: string; outlets: string[] }[];
    places?: { place: string; outlets: string[] }[];
    framing?: { concept: string; variants: { label: string; outlets: string[] }[] }[];
  };
  reports: ClusterReport[];
  links: ClusterLink[];
}
