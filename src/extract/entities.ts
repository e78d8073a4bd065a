// Mentions grouped into the record's actors, places and weapons: one canonical item per
// real-world entity, each with every span that mentions it.
import { type City, citiesNamed } from '../kb/gazetteer.js';
import { holderAt, type KnowledgeBase } from '../kb/load.js';
import type { Mention } from './mentions.js';
import type { ActorItem, PlaceItem, SpanPair, WeaponItem } from './record.js';

const ROLE_TITLE_CASE = (s: string) =>
  s.replace(/(^|\s)(\p{Ll})/gu, (_m, a: string, b: string) => a + b.toUpperCase());

/** A readable title for an office: its own title, else "<Role> of <holder>". */
export function officeTitle(kb: KnowledgeBase, office: string): string {
  const own = kb.offices.get(office);
  if (own) return own.title;
  const [holder, role] = office.split(':') as [string, string];
  const def = [...kb.roles.values()].find((r) => r.role === role);
  const title = def?.title ?? ROLE_TITLE_CASE(role.replace(/-/g, ' '));
  const h =
    kb.countries.get(holder)?.name ?? kb.orgs.get(holder)?.name ?? kb.places.get(holder)?.name ?? holder;
  return `${title} of ${h}`;
}

/** Offices a person holds on a date, as titles. */
export function rolesOn(kb: KnowledgeBase, person: string, date: string): string[] {
  const p = kb.people.get(person);
  if (!p) return [];
  const out: string[] = [];
  for (const r of p.roles) {
    const t = holderAt(kb, r.office, date);
    if (t?.person === person) out.push(r.title ?? officeTitle(kb, r.office));
  }
  return [...new Set(out)];
}

export function actorName(kb: KnowledgeBase, key: string): string {
  const [kind, ...rest] = key.split(':');
  const id = rest.join(':');
  if (kind === 'new') return rest.slice(1).join(':');
  if (kind === 'person') return kb.people.get(id)?.name ?? id;
  if (kind === 'country' || kind === 'capital') return kb.countries.get(id)?.name ?? id;
  if (kind === 'org') return kb.orgs.get(id)?.name ?? id;
  if (kind === 'outlet') return kb.outlets.get(id)?.name ?? id;
  return id;
}

const span = (m: Mention): SpanPair => [m.start, m.end];

export function buildActors(kb: KnowledgeBase, mentions: Mention[], date: string): ActorItem[] {
  const byKey = new Map<string, ActorItem>();
  for (const m of mentions) {
    // Collectives ("Russian troops") join the actors only through the events they take part in.
    if (m.kind === 'place' || m.kind === 'weapon' || m.kind === 'group') continue;
    let item = byKey.get(m.key);
    if (!item) {
      item = makeActor(kb, m, date);
      byKey.set(m.key, item);
    }
    item.mentions.push(span(m));
  }
  return [...byKey.values()];
}

function makeActor(kb: KnowledgeBase, m: Mention, date: string): ActorItem {
  const [kind, ...rest] = m.key.split(':');
  const id = rest.join(':');
  const base = { name: actorName(kb, m.key), mentions: [] as SpanPair[], key: m.key };
  if (kind === 'new') {
    const type = rest[0] === 'person' ? 'PERSON' : rest[0] === 'org' ? 'ORG' : 'GROUP';
    return { ...base, type, country: null, resolved: false };
  }
  if (kind === 'person') {
    const p = kb.people.get(id);
    return {
      ...base,
      type: 'PERSON',
      country: p?.country ?? null,
      roles: rolesOn(kb, id, date),
      resolved: true,
    };
  }
  if (kind === 'country')
    return { ...base, type: 'COUNTRY', country: kb.countries.get(id)?.iso3 ?? id, resolved: true };
  if (kind === 'outlet')
    return {
      ...base,
      type: 'ORG',
      country: kb.outlets.get(id)?.country ?? null,
      sector: 'MED',
      resolved: true,
    };
  const o = kb.orgs.get(id);
  if (o?.type === 'BLOC') return { ...base, type: 'GROUP', country: null, resolved: true };
  return { ...base, type: 'ORG', country: o?.country ?? null, sector: o?.sector ?? null, resolved: true };
}

export function buildWeapons(kb: KnowledgeBase, mentions: Mention[]): WeaponItem[] {
  const byKey = new Map<string, WeaponItem>();
  for (const m of mentions) {
    if (m.kind !== 'weapon') continue;
    const id = m.key.slice('weapon:'.length);
    let item = byKey.get(id);
    if (!item) {
      const w = kb.weapons.get(id);
      item = { name: w?.name ?? id, class: w?.class ?? null, category: w?.category ?? null, mentions: [] };
      byKey.set(id, item);
    }
    item.mentions.push(span(m));
  }
  return [...byKey.values()];
}

// ---- places ----

const toRad = Math.PI / 180;
export function km(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dLat = (b.lat - a.lat) * toRad;
  const dLon = (b.lon - a.lon) * toRad;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.sin(dLon / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(h));
}

const PRECISION: Record<string, string> = {
  city: 'town',
  town: 'town',
  village: 'town',
  facility: 'point',
  region: 'region',
  water: 'region',
  other: 'point',
};

interface Anchor {
  lat: number;
  lon: number;
  country: string | null;
  name: string;
  /** Text offset of the mention, to find the region a small place is said to be in. */
  at: number;
}

/**
 * Pick the populated place a name means: prefer the countries the article is about and places
 * near the regions it names (the Nikolskoye in Belgorod region), then population.
 */
export function chooseCity(
  cands: City[],
  countries: Set<string>,
  anchors: { lat: number; lon: number }[],
): City | null {
  let best: City | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const c of cands) {
    let s = Math.log10(c.population + 10);
    if (countries.has(c.country)) s += 3;
    const near = anchors.length ? Math.min(...anchors.map((a) => km(a, c))) : Number.POSITIVE_INFINITY;
    if (near < 150) s += 4;
    else if (near < 400) s += 2;
    if (s > bestScore) {
      best = c;
      bestScore = s;
    }
  }
  return best;
}

export function buildPlaces(kb: KnowledgeBase, mentions: Mention[], text: string): PlaceItem[] {
  const countries = new Set<string>();
  for (const m of mentions) {
    if (m.kind === 'country') {
      const c = kb.countries.get(m.key.slice('country:'.length));
      if (c?.iso2) countries.add(c.iso2);
    }
  }
  const anchors: Anchor[] = [];
  for (const m of mentions) {
    if (m.kind !== 'place' || !m.key.startsWith('place:')) continue;
    const p = kb.places.get(m.key.slice('place:'.length));
    if (p?.lat != null && p.lon != null && p.scale !== 'macro' && p.kind === 'region') {
      anchors.push({ lat: p.lat, lon: p.lon, country: p.country, name: p.name, at: m.start });
    }
    if (p?.country) countries.add(p.country);
  }
  const byKey = new Map<string, PlaceItem>();
  for (const m of mentions) {
    if (m.kind !== 'place') continue;
    let item = byKey.get(m.key);
    if (!item) {
      const made = makePlace(kb, m, text, countries, anchors);
      if (!made) continue;
      item = made;
      byKey.set(m.key, item);
    }
    item.mentions.push(span(m));
  }
  return [...byKey.values()];
}

function makePlace(
  kb: KnowledgeBase,
  m: Mention,
  text: string,
  countries: Set<string>,
  anchors: Anchor[],
): PlaceItem | null {
  const [kind, ...rest] = m.key.split(':');
  const id = rest.join(':');
  if (kind === 'place') {
    const p = kb.places.get(id);
    if (!p) return null;
    const precision = p.scale === 'macro' ? 'macro-region' : (PRECISION[p.kind] ?? 'region');
    return {
      name: p.name,
      country: p.country,
      lat: p.lat ?? null,
      lon: p.lon ?? null,
      kind: p.kind,
      precision,
      mentions: [],
      key: m.key,
    };
  }
  if (kind === 'capital') {
    const c = kb.countries.get(id);
    const city = c?.capital && c.iso2 ? citiesNamed(c.capital).find((x) => x.country === c.iso2) : undefined;
    if (!c || !city) return null;
    return {
      name: c.capital!,
      country: c.iso2,
      lat: city.lat,
      lon: city.lon,
      kind: 'city',
      precision: 'town',
      mentions: [],
      key: m.key,
    };
  }
  if (kind === 'new') {
    const name = text.slice(m.start, m.end);
    const city = chooseCity(citiesNamed(name), countries, anchors);
    // A region named just before ("…in Russia's Belgorod region … in Nikolskoye") that is far from
    // every same-named town in the gazetteer: the place is a smaller one inside that region. Say so
    // at region precision rather than pin the wrong town.
    const region = anchors.filter((a) => a.at < m.start && m.start - a.at < 600).at(-1);
    if (region && (!city || km(region, city) > 300)) {
      return {
        name,
        country: region.country,
        lat: region.lat,
        lon: region.lon,
        kind: 'village',
        precision: 'region',
        within: region.name,
        mentions: [],
        key: m.key,
      };
    }
    if (!city) return null;
    // A small namesake abroad ("in August" → August, Wisconsin) is noise, not a place in the story.
    if (!countries.has(city.country) && city.population < 100_000) return null;
    const kindOf = city.population >= 100_000 ? 'city' : city.population >= 10_000 ? 'town' : 'village';
    return {
      name: city.name,
      country: city.country,
      lat: city.lat,
      lon: city.lon,
      kind: kindOf,
      precision: 'town',
      geonameId: city.geonameId,
      mentions: [],
      key: m.key,
    };
  }
  return null;
}
