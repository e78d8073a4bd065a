// The dashboard: one page of panels over the API, all driven by the filters in the URL.
import './style.css';
import { errorText, getJson, isAbort } from './api.js';
import { CONFLICT_TYPES, COOPERATION_TYPES, MODALITIES } from './colors.js';
import { debounce, h } from './dom.js';
import { Escalation } from './escalation.js';
import { EventTable, QuoteStream } from './lists.js';
import type { EventMap } from './map.js';
import { Network } from './network.js';
import { Reader } from './reader.js';
import {
  boundDay,
  EMPTY,
  type Filters,
  hasFilters,
  parseState,
  sameFilters,
  toSearch,
  type ViewState,
} from './state.js';
import { Timeline } from './timeline.js';
import type { Actor, EventItem, Outlet, Page, QuoteItem, Stats } from './types.js';

let state: ViewState = parseState(location.search);
let ctl: AbortController | null = null;
const actors = new Map<string, Actor>();

const panel = (id: string, cls = '') => h('section', { id, class: `panel ${cls}` });
const timelineEl = panel('timeline', 'wide');
const mapEl = panel('map');
const networkEl = panel('network');
const escalationEl = panel('escalation', 'wide');
const eventsEl = panel('events', 'wide-md');
const quotesEl = panel('quotes');
const readerEl = h('aside', { id: 'reader', class: 'reader' });
const statsEl = h('p', { class: 'stats' });
const banner = h('div', { class: 'banner', role: 'alert', hidden: true });
const chips = h('div', { class: 'chips', 'aria-live': 'polite' });

// ---- filters form
const qInput = h('input', {
  type: 'search',
  id: 'f-q',
  name: 'q',
  placeholder: 'Search sentences and quotes',
  'aria-label': 'Search text',
});
const actorInput = h('input', {
  type: 'search',
  id: 'f-actor',
  name: 'actor',
  list: 'actor-list',
  placeholder: 'Actor (name or key)',
  'aria-label': 'Actor',
});
const actorList = h('datalist', { id: 'actor-list' });
const outletSelect = h(
  'select',
  { id: 'f-outlet', name: 'outlet', 'aria-label': 'Outlet' },
  h('option', { value: '' }, 'Any outlet'),
);
const sinceInput = h('input', { type: 'date', id: 'f-since', name: 'since', 'aria-label': 'From date' });
const untilInput = h('input', { type: 'date', id: 'f-until', name: 'until', 'aria-label': 'To date' });

function checkGroup(id: string, label: string, groups: [string, readonly string[]][]) {
  const summary = h('summary', {}, label);
  const boxes: HTMLInputElement[] = [];
  const body = h('div', { class: 'checks' });
  for (const [title, values] of groups) {
    const fs = h('fieldset', {}, title ? h('legend', {}, title) : null);
    for (const v of values) {
      const box = h('input', { type: 'checkbox', value: v, name: id });
      boxes.push(box);
      fs.append(h('label', {}, box, ` ${v}`));
    }
    body.append(fs);
  }
  const el = h('details', { class: 'dropdown', id }, summary, body);
  return {
    el,
    get: () => boxes.filter((b) => b.checked).map((b) => b.value),
    set(values: string[]) {
      for (const b of boxes) b.checked = values.includes(b.value);
      summary.textContent = values.length
        ? `${label}: ${values.length <= 2 ? values.join(', ') : `${values.length} chosen`}`
        : `${label}: any`;
    },
    onChange(fn: () => void) {
      body.addEventListener('change', fn);
    },
  };
}
const typeGroup = checkGroup('f-type', 'Type', [
  ['Conflict', CONFLICT_TYPES],
  ['Cooperation', COOPERATION_TYPES],
]);
const modalityGroup = checkGroup('f-modality', 'Modality', [['', MODALITIES]]);

const form = h(
  'form',
  { class: 'filters', role: 'search', onsubmit: (ev: Event) => ev.preventDefault() },
  qInput,
  actorInput,
  actorList,
  typeGroup.el,
  modalityGroup.el,
  outletSelect,
  h('label', { class: 'date' }, 'From ', sinceInput),
  h('label', { class: 'date' }, 'to ', untilInput),
  h('button', { type: 'button', id: 'f-clear', onclick: () => setFilters({ ...EMPTY }) }, 'Clear filters'),
);

/** An actor typed by name becomes its key when the name is known. */
function actorValue(text: string): string {
  const t = text.trim();
  if (!t) return '';
  const lower = t.toLowerCase();
  for (const a of actors.values())
    if (a.name.toLowerCase() === lower || a.key.toLowerCase() === lower) return a.key;
  return t;
}
const actorName = (v: string) => actors.get(v)?.name ?? v;

function readForm(): Filters {
  const since = sinceInput.value;
  const until = untilInput.value;
  const cur = state.filters;
  return {
    q: qInput.value.trim(),
    actor: actorValue(actorInput.value),
    type: typeGroup.get(),
    modality: modalityGroup.get(),
    outlet: outletSelect.value,
    // A date input cannot show a month or a year: keep the URL's value while the input shows its day.
    since: since === boundDay(cur.since, false) ? cur.since : since,
    until: until === boundDay(cur.until, true) ? cur.until : until,
  };
}

function fillForm(f: Filters): void {
  if (document.activeElement !== qInput) qInput.value = f.q;
  actorInput.value = f.actor ? actorName(f.actor) : '';
  typeGroup.set(f.type);
  modalityGroup.set(f.modality);
  if (f.outlet && ![...outletSelect.options].some((o) => o.value === f.outlet))
    outletSelect.append(h('option', { value: f.outlet }, f.outlet));
  outletSelect.value = f.outlet;
  sinceInput.value = boundDay(f.since, false);
  untilInput.value = boundDay(f.until, true);
  renderChips(f);
}

function renderChips(f: Filters): void {
  const chip = (label: string, clear: Partial<Filters>) =>
    h(
      'button',
      {
        type: 'button',
        class: 'chip',
        title: 'Remove this filter',
        onclick: () => setFilters({ ...state.filters, ...clear }),
      },
      label,
      h('span', { 'aria-hidden': 'true' }, ' ×'),
    );
  const list: HTMLElement[] = [];
  if (f.q) list.push(chip(`Text: “${f.q}”`, { q: '' }));
  if (f.actor) list.push(chip(`Actor: ${actorName(f.actor)}`, { actor: '' }));
  if (f.type.length) list.push(chip(`Type: ${f.type.join(', ')}`, { type: [] }));
  if (f.modality.length) list.push(chip(`Modality: ${f.modality.join(', ')}`, { modality: [] }));
  if (f.outlet) list.push(chip(`Outlet: ${f.outlet}`, { outlet: '' }));
  if (f.since || f.until)
    list.push(chip(`Dates: ${f.since || '…'} to ${f.until || '…'}`, { since: '', until: '' }));
  chips.replaceChildren(...list);
}

for (const el of [actorInput, outletSelect, sinceInput, untilInput])
  el.addEventListener('change', () => setFilters(readForm()));
qInput.addEventListener('change', () => setFilters(readForm()));
qInput.addEventListener(
  'input',
  debounce(() => setFilters(readForm()), 500),
);
typeGroup.onChange(() => setFilters(readForm()));
modalityGroup.onChange(() => setFilters(readForm()));

// ---- panels
const timeline = new Timeline(timelineEl, (since, until) => setFilters({ ...state.filters, since, until }));
const network = new Network(
  networkEl,
  (key) => setFilters({ ...state.filters, actor: key }),
  (key) => actors.get(key)?.name,
);
const onActor = (key: string) => setFilters({ ...state.filters, actor: key });
const openEvent = (e: EventItem) => openReader(e.articleId, `e${e.id}`);
const openQuote = (q: QuoteItem) => openReader(q.articleId, `q${q.id}`);
const table = new EventTable(eventsEl, { onActor, onEvent: openEvent, onQuote: openQuote });
const quotes = new QuoteStream(quotesEl, { onActor, onEvent: openEvent, onQuote: openQuote });
const reader = new Reader(
  readerEl,
  () => closeReader(),
  (hl) => {
    if (state.reader) navigate({ ...state, reader: { ...state.reader, hl } }, false);
  },
);
const escalation = new Escalation(escalationEl, {
  onState: (es) => navigate({ ...state, escalation: es }),
  onReport: (article, event) => openReader(article, `e${event}`),
});
let map: EventMap | null = null;
const mapReady = import('./map.js').then(({ EventMap }) => {
  map = new EventMap(mapEl, openEvent);
  return map;
});

// For the browser tests: where an actor's node is drawn.
(window as unknown as { redline: object }).redline = {
  nodePosition: (key: string) => network.nodePosition(key),
  escalation: {
    probe: () => escalation.probe(),
    point: (label: string, series?: 'verbal' | 'material' | 'cooperation') => escalation.point(label, series),
  },
};

function navigate(next: ViewState, push = true): void {
  const filtersChanged = !sameFilters(next.filters, state.filters);
  state = next;
  const url = `${location.pathname}${toSearch(state)}`;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
  apply(filtersChanged);
}

function setFilters(f: Filters): void {
  if (sameFilters(f, state.filters)) return;
  navigate({ ...state, filters: f });
}

function openReader(article: string, hl: string): void {
  navigate({ ...state, reader: { article, hl } });
}

function closeReader(): void {
  navigate({ ...state, reader: null });
}

/** Refresh the panels (when the filters changed) and the reader. */
function apply(filtersChanged: boolean): void {
  fillForm(state.filters);
  document.body.classList.toggle('filtered', hasFilters(state.filters));
  if (state.reader) void reader.open(state.reader);
  else reader.close();
  // The escalation panel reloads only when its pair, period, the actor or the dates change.
  void escalation.update(state.escalation, state.filters);
  if (!filtersChanged) return;
  ctl?.abort();
  ctl = new AbortController();
  const signal = ctl.signal;
  const f = state.filters;
  banner.hidden = true;
  const total = timeline.update(f, signal).then((t) => t?.total ?? null);
  void network.update(f, signal);
  void table.update(f, signal);
  void quotes.update(f, signal);
  void mapReady.then((m) => m.update(f, signal, total));
}

// A dropdown closes when the user clicks elsewhere or presses Escape.
document.addEventListener('click', (ev) => {
  for (const d of document.querySelectorAll<HTMLDetailsElement>('details.dropdown[open]'))
    if (!d.contains(ev.target as Node)) d.open = false;
});
document.addEventListener('keydown', (ev) => {
  if (ev.key === 'Escape')
    for (const d of document.querySelectorAll<HTMLDetailsElement>('details.dropdown[open]')) d.open = false;
});

window.addEventListener('popstate', () => {
  const next = parseState(location.search);
  const changed = !sameFilters(next.filters, state.filters);
  state = next;
  apply(changed);
});

async function loadLookups(): Promise<void> {
  try {
    const [stats, actorPage, outletPage] = await Promise.all([
      getJson<Stats>('stats'),
      getJson<Page<Actor>>('actors', { limit: 1000, sort: '-events' }),
      getJson<Page<Outlet>>('outlets', { limit: 500, sort: '-articles' }),
    ]);
    statsEl.textContent = `${stats.articles.toLocaleString('en')} articles · ${stats.events.toLocaleString('en')} events · ${stats.quotes.toLocaleString('en')} quotes${stats.firstPublished ? ` · published ${stats.firstPublished} to ${stats.lastPublished}` : ''}`;
    if (stats.articles === 0) {
      banner.replaceChildren(
        'This database holds no articles yet. Run ',
        h('code', {}, 'redline ingest <files>'),
        ' or ',
        h('code', {}, 'redline demo'),
        ', then reload.',
      );
      banner.hidden = false;
    }
    for (const a of actorPage.items) actors.set(a.key, a);
    actorList.replaceChildren(
      ...actorPage.items
        .filter((a) => a.events > 0)
        .map((a) => h('option', { value: a.name }, `${a.events} events`)),
    );
    for (const o of outletPage.items)
      if (o.outlet && ![...outletSelect.options].some((x) => x.value === o.outlet))
        outletSelect.append(h('option', { value: o.outlet }, `${o.outlet} (${o.articles})`));
    fillForm(state.filters);
  } catch (e) {
    if (isAbort(e)) return;
    banner.replaceChildren(errorText(e));
    banner.hidden = false;
  }
}

const app = document.getElementById('app')!;
app.replaceChildren(
  h(
    'header',
    { class: 'top' },
    h('h1', {}, h('a', { href: '/', title: 'All events, no filters' }, 'Redline')),
    statsEl,
    h('a', { class: 'api-link', href: '/api/openapi.json', target: '_blank', rel: 'noopener' }, 'API'),
  ),
  form,
  chips,
  banner,
  h('main', { class: 'grid' }, timelineEl, mapEl, networkEl, escalationEl, eventsEl, quotesEl),
  readerEl,
);
fillForm(state.filters);
void loadLookups();
apply(true);
