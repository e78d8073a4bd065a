// The view's state lives in the URL: filters (shared by every panel) and the open article, so a
// view can be shared, reloaded and navigated with the back button.
import type { Params } from './api.js';

export interface Filters {
  /** Search text: the evidence sentence or the quote contains it. */
  q: string;
  /** Actor key (`country:RUS`) or name. */
  actor: string;
  type: string[];
  modality: string[];
  outlet: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD, inclusive. */
  since: string;
  until: string;
}

export interface ReaderState {
  article: string;
  /** `e<id>` (an event) or `q<id>` (a quote) to highlight, or ''. */
  hl: string;
}

export type IndexPeriod = 'day' | 'week';

/** The escalation panel: the actor pair ('' = the default pair) and the period. */
export interface EscalationState {
  dyad: string;
  by: IndexPeriod;
}

export interface ViewState {
  filters: Filters;
  reader: ReaderState | null;
  escalation: EscalationState;
}

export const EMPTY: Filters = { q: '', actor: '', type: [], modality: [], outlet: '', since: '', until: '' };

export const DEFAULT_ESCALATION: EscalationState = { dyad: '', by: 'week' };

const list = (s: string | null) =>
  s
    ? s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : [];

export function parseState(search: string): ViewState {
  const p = new URLSearchParams(search);
  const filters: Filters = {
    q: p.get('q') ?? '',
    actor: p.get('actor') ?? '',
    type: list(p.get('type')).map((t) => t.toUpperCase()),
    modality: list(p.get('modality')).map((m) => m.toLowerCase()),
    outlet: p.get('outlet') ?? '',
    since: p.get('since') ?? '',
    until: p.get('until') ?? '',
  };
  const article = p.get('read');
  const escalation: EscalationState = {
    dyad: p.get('dyad')?.trim() ?? '',
    by: p.get('by')?.toLowerCase() === 'day' ? 'day' : 'week',
  };
  return { filters, reader: article ? { article, hl: p.get('hl') ?? '' } : null, escalation };
}

export function toSearch(s: ViewState): string {
  const p = new URLSearchParams();
  const f = s.filters;
  if (f.q) p.set('q', f.q);
  if (f.actor) p.set('actor', f.actor);
  if (f.type.length) p.set('type', f.type.join(','));
  if (f.modality.length) p.set('modality', f.modality.join(','));
  if (f.outlet) p.set('outlet', f.outlet);
  if (f.since) p.set('since', f.since);
  if (f.until) p.set('until', f.until);
  // Defaults stay out of the address, so a default pair follows the actor filter.
  if (s.escalation.dyad) p.set('dyad', s.escalation.dyad);
  if (s.escalation.by !== 'week') p.set('by', s.escalation.by);
  if (s.reader) {
    p.set('read', s.reader.article);
    if (s.reader.hl) p.set('hl', s.reader.hl);
  }
  const q = p.toString();
  return q ? `?${q}` : '';
}

export const sameFilters = (a: Filters, b: Filters) => JSON.stringify(a) === JSON.stringify(b);

export const hasFilters = (f: Filters) => !sameFilters(f, EMPTY);

/** Parameters of /api/events and /api/series for these filters. */
export function eventParams(f: Filters, dates = true): Params {
  return {
    text: f.q,
    actor: f.actor,
    type: f.type.join(','),
    modality: f.modality.join(','),
    outlet: f.outlet,
    since: dates ? f.since : '',
    until: dates ? f.until : '',
  };
}

/** Parameters of /api/quotes: the actor is the speaker; quotes have no type or modality. */
export function quoteParams(f: Filters): Params {
  return { text: f.q, speaker: f.actor, outlet: f.outlet, since: f.since, until: f.until };
}

/** Does a day (YYYY-MM-DD) fall within the filter's dates (which may be a year or a month)? */
export function inRange(day: string, f: Pick<Filters, 'since' | 'until'>): boolean {
  if (f.since && day < f.since) return false;
  if (f.until && day.slice(0, f.until.length) > f.until) return false;
  return true;
}

/** A YYYY or YYYY-MM bound as the day it stands for (its first, or with `end` its last day). */
export function boundDay(s: string, end: boolean): string {
  if (!s || s.length === 10) return s;
  if (s.length === 7) {
    if (!end) return `${s}-01`;
    return new Date(Date.UTC(+s.slice(0, 4), +s.slice(5, 7), 0)).toISOString().slice(0, 10);
  }
  return end ? `${s}-12-31` : `${s}-01-01`;
}
