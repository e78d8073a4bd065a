// Map: geocoded events on an offline base map (Natural Earth countries from world-atlas), circles
// sized by how many events happened there. Only places known to town or point precision become
// pins; events placed in a region or a sea are listed under the map instead. A tile server can be
// configured (it is used instead of the offline map) for users who have one.
import 'leaflet/dist/leaflet.css';
import type * as Leaflet from 'leaflet';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import atlasUrl from 'world-atlas/countries-50m.json?url';
import { errorText, getJson, isAbort } from './api.js';
import { familyColor, isConflict, typeColor } from './colors.js';
import { h, message } from './dom.js';
import { eventParams, type Filters } from './state.js';
import type { EventItem, GeoFeature, Page, Place } from './types.js';

/** Precisions too coarse for a pin: a point would claim a place the source never named. */
const NOT_PINNED = new Set(['region', 'macro-region', 'country', 'continent', 'water']);
/** The newest this many geocoded events are mapped: the export is the only per-event source. */
const MAX_EVENTS = 2000;
const TILE_KEY = 'redline.tileUrl';

type L = typeof Leaflet;

interface Spot {
  key: string;
  name: string;
  lat: number;
  lon: number;
  precision: string | null;
  events: EventItem[];
  conflict: number;
  cooperation: number;
}

let leaflet: Promise<L> | null = null;
function loadLeaflet(): Promise<L> {
  leaflet ??= import('leaflet').then((m) => (m as unknown as { default?: L }).default ?? (m as unknown as L));
  return leaflet;
}

export function tileUrl(): string {
  try {
    return localStorage.getItem(TILE_KEY) ?? import.meta.env.VITE_TILE_URL ?? '';
  } catch {
    return import.meta.env.VITE_TILE_URL ?? '';
  }
}

export class EventMap {
  readonly el: HTMLElement;
  private mapEl: HTMLElement;
  private msg: HTMLElement;
  private note: HTMLElement;
  private unpinned: HTMLElement;
  private map: Leaflet.Map | null = null;
  private layer: Leaflet.LayerGroup | null = null;
  private L: L | null = null;

  constructor(
    el: HTMLElement,
    private readonly onOpen: (e: EventItem) => void,
  ) {
    this.el = el;
    this.mapEl = h('div', { class: 'map', id: 'map-canvas' });
    this.msg = h('div', { class: 'panel-msg' });
    this.note = h('span', { class: 'panel-note' });
    this.unpinned = h('p', { class: 'unpinned' });
    const input = h('input', {
      type: 'url',
      placeholder: 'https://tiles.example.org/{z}/{x}/{y}.png',
      value: tileUrl(),
      'aria-label': 'Tile URL template',
    });
    const settings = h(
      'details',
      { class: 'map-settings' },
      h('summary', {}, 'Base map'),
      h(
        'form',
        {
          onsubmit: (ev: Event) => {
            ev.preventDefault();
            try {
              if (input.value.trim()) localStorage.setItem(TILE_KEY, input.value.trim());
              else localStorage.removeItem(TILE_KEY);
            } catch {
              // Storage can be disabled; the setting then lasts for this page only.
            }
            void this.setBase(input.value.trim());
          },
        },
        h('label', {}, 'Tile server URL ({z}/{x}/{y}); empty for the offline map ', input),
        h('button', { type: 'submit', class: 'small' }, 'Use'),
      ),
    );
    el.append(
      h('header', { class: 'panel-head' }, h('h2', {}, 'Map'), this.note, settings),
      this.msg,
      this.mapEl,
      h(
        'p',
        { class: 'legend' },
        h('span', { class: 'swatch dot conflict' }),
        'mostly conflict ',
        h('span', { class: 'swatch dot cooperation' }),
        'mostly cooperation ',
        h('span', { class: 'swatch dot place' }),
        'place mentioned · size by number of events or articles',
      ),
      this.unpinned,
    );
  }

  private base: Leaflet.Layer | null = null;
  private atlas: Promise<GeoJSON.FeatureCollection> | null = null;

  private async setBase(url: string): Promise<void> {
    const L = this.L;
    if (!L || !this.map) return;
    if (this.base) this.map.removeLayer(this.base);
    if (url) {
      this.base = L.tileLayer(url, { maxZoom: 18, attribution: 'Tiles: your configured server' });
    } else {
      this.atlas ??= fetch(atlasUrl)
        .then((r) => r.json() as Promise<Topology>)
        .then((t) => feature(t, t.objects.countries as GeometryCollection) as GeoJSON.FeatureCollection);
      const world = await this.atlas;
      // GeoJSON passes its options on to each polygon, so they take the canvas renderer too:
      // thousands of coastline vertices draw much faster on a canvas than as SVG paths.
      const options: Leaflet.GeoJSONOptions & Leaflet.PathOptions = {
        pane: 'basemap',
        renderer: L.canvas({ pane: 'basemap' }),
        interactive: false,
        style: { color: '#aab2bf', weight: 0.6, fillColor: '#eef0f3', fillOpacity: 1 },
        attribution: 'Natural Earth (world-atlas)',
      };
      this.base = L.geoJSON(world, options);
    }
    this.base.addTo(this.map);
  }

  private async init(): Promise<void> {
    if (this.map) return;
    const L = await loadLeaflet();
    this.L = L;
    const map = L.map(this.mapEl, {
      worldCopyJump: true,
      minZoom: 1,
      maxZoom: 12,
      zoomSnap: 0.5,
      preferCanvas: false,
    }).setView([35, 25], 2);
    map.createPane('basemap').style.zIndex = '250';
    map.getContainer().style.background = '#d7e3ef';
    this.map = map;
    this.layer = L.layerGroup().addTo(map);
    new ResizeObserver(() => map.invalidateSize()).observe(this.mapEl);
    await this.setBase(tileUrl());
  }

  /** `total`: how many events match (from the timeline), to say when the map shows only the newest. */
  async update(f: Filters, signal: AbortSignal, total: Promise<number | null>): Promise<void> {
    this.el.setAttribute('aria-busy', 'true');
    let features: GeoFeature[];
    let places: Place[] = [];
    // /api/places cannot narrow by actor or search text: its places would not match the events.
    const showPlaces = !f.actor && !f.q;
    try {
      const [geo, pl] = await Promise.all([
        getJson<{ features: GeoFeature[] }>(
          'events.geojson',
          { ...eventParams(f), sort: '-date', limit: MAX_EVENTS },
          signal,
        ),
        showPlaces
          ? getJson<Page<Place>>(
              'places',
              {
                geocoded: 'true',
                sort: '-articles',
                limit: 500,
                since: f.since,
                until: f.until,
                outlet: f.outlet,
                type: f.type.join(','),
                modality: f.modality.join(','),
              },
              signal,
            )
          : Promise.resolve({ items: [], nextCursor: null }),
        this.init(),
      ]);
      features = geo.features;
      places = pl.items;
    } catch (e) {
      if (isAbort(e)) return;
      this.el.removeAttribute('aria-busy');
      this.msg.replaceChildren(message(errorText(e), 'error'));
      return;
    }
    this.el.removeAttribute('aria-busy');
    this.draw(features, places, showPlaces, await total);
  }

  private draw(features: GeoFeature[], places: Place[], showPlaces: boolean, total: number | null): void {
    const L = this.L!;
    const map = this.map!;
    const layer = this.layer!;
    layer.clearLayers();

    const spots = new Map<string, Spot>();
    for (const ft of features) {
      const c = ft.geometry?.coordinates;
      if (!c) continue;
      const e = ft.properties;
      const key = e.placeKey ?? `${c[1]},${c[0]}`;
      let s = spots.get(key);
      if (!s) {
        s = {
          key,
          name: e.place ?? key,
          lat: c[1],
          lon: c[0],
          precision: e.placePrecision,
          events: [],
          conflict: 0,
          cooperation: 0,
        };
        spots.set(key, s);
      }
      s.events.push(e);
      if ((e.intensity ?? 0) < 0 || (e.intensity == null && isConflict(e.type))) s.conflict++;
      else if ((e.intensity ?? 0) > 0 || (e.intensity == null && !isConflict(e.type))) s.cooperation++;
    }
    const all = [...spots.values()];
    const pins = all.filter((s) => !NOT_PINNED.has(s.precision ?? 'region'));
    const coarse = all.filter((s) => NOT_PINNED.has(s.precision ?? 'region'));
    const pinned = new Set(pins.map((s) => s.key));
    const maxN = Math.max(1, ...pins.map((s) => s.events.length));

    if (showPlaces) {
      const maxA = Math.max(1, ...places.map((p) => p.articles));
      for (const p of places) {
        if (p.lat == null || p.lon == null || pinned.has(p.key) || NOT_PINNED.has(p.precision ?? 'region'))
          continue;
        L.circleMarker([p.lat, p.lon], {
          radius: 2.5 + 5 * Math.sqrt(p.articles / maxA),
          color: '#5f6b7a',
          weight: 1,
          fillColor: '#ffffff',
          fillOpacity: 0.7,
          className: 'place-marker',
        })
          .bindTooltip(`${p.name}: mentioned in ${p.articles} article${p.articles === 1 ? '' : 's'}`)
          .addTo(layer);
      }
    }
    // Biggest first so small circles stay clickable on top; the biggest are named on the map.
    pins.sort((a, b) => b.events.length - a.events.length);
    const named = new Set(pins.slice(0, 5).map((s) => s.key));
    for (const s of pins) {
      const n = s.events.length;
      const color = familyColor(s.conflict, s.cooperation);
      L.circleMarker([s.lat, s.lon], {
        radius: 4 + 14 * Math.sqrt(n / maxN),
        color: '#ffffff',
        weight: 1,
        fillColor: color,
        fillOpacity: 0.75,
        className: 'event-marker',
      })
        .bindTooltip(
          named.has(s.key) ? s.name : `${s.name}: ${n} event${n === 1 ? '' : 's'}`,
          named.has(s.key)
            ? { permanent: true, direction: 'right', className: 'pin-label', offset: [6, 0] }
            : {},
        )
        .bindPopup(() => this.popup(s), { maxWidth: 320 })
        .addTo(layer);
    }

    const events = pins.reduce((n, s) => n + s.events.length, 0);
    this.mapEl.dataset.pins = String(pins.length);
    this.mapEl.dataset.events = String(events);
    this.note.textContent = features.length
      ? `${events.toLocaleString('en')} events at ${pins.length} places${
          total != null && total > MAX_EVENTS
            ? ` (of the newest ${MAX_EVENTS.toLocaleString('en')} of ${total.toLocaleString('en')} events)`
            : ''
        }`
      : '';
    this.unpinned.replaceChildren(
      ...(coarse.length
        ? [
            'Not pinned (known only to a region or wider): ',
            coarse
              .sort((a, b) => b.events.length - a.events.length)
              .slice(0, 12)
              .map((s) => `${s.name} (${s.events.length})`)
              .join(' · '),
            coarse.length > 12 ? ` · and ${coarse.length - 12} more` : '',
          ]
        : []),
    );
    this.msg.replaceChildren(
      features.length === 0
        ? message('No geocoded events match these filters.')
        : pins.length === 0
          ? message('No events with a town-level place match these filters.')
          : '',
    );
    if (pins.length) {
      const bounds = L.latLngBounds(pins.map((s) => [s.lat, s.lon] as [number, number]));
      map.fitBounds(bounds.pad(0.3), { maxZoom: 5, animate: false });
    } else map.setView([35, 25], 2, { animate: false });
  }

  private popup(s: Spot): HTMLElement {
    const list = h('ul', { class: 'popup-events' });
    for (const e of s.events.slice(0, 6)) {
      list.append(
        h(
          'li',
          {},
          h(
            'button',
            { type: 'button', class: 'link', onclick: () => this.onOpen(e) },
            h('span', { class: 'type-chip', style: `--c:${typeColor(e.type)}` }, e.type),
            ` ${e.source.join(', ') || '?'} → ${e.target.join(', ') || '—'}`,
            h('span', { class: 'muted' }, ` ${e.day ?? ''}`),
          ),
        ),
      );
    }
    return h(
      'div',
      {},
      h('strong', {}, s.name),
      ` · ${s.events.length} event${s.events.length === 1 ? '' : 's'}`,
      list,
      s.events.length > 6 ? h('p', { class: 'muted' }, `and ${s.events.length - 6} more`) : null,
    );
  }
}
