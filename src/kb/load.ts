import { existsSync, statSync } from 'node:fs';
import { fold, Trie } from './match.js';
import { kbPath } from './paths.js';
import {
  KbError,
  type KbFile,
  type KbRow,
  listKbFiles,
  optDate,
  optNum,
  optStr,
  readKbFile,
  str,
  strList,
} from './read.js';
import type {
  Ambiguity,
  Candidate,
  Country,
  LexiconRow,
  Office,
  Organisation,
  Outlet,
  Person,
  Place,
  PlaceAlias,
  Role,
  RoleDef,
  Weapon,
} from './types.js';

export interface Tenure {
  person: string;
  office: string;
  title: string | null;
  start: string | null;
  end: string | null;
  endUnknown: boolean;
}

/** A role noun ("spokesman", "NATO chief"'s "chief") and the role keys it can stand for. */
export interface RoleNoun {
  def: string;
  roles: string[];
  descriptor: boolean;
}

export interface FileStat {
  file: string;
  schema: string;
  entries: number;
  dir: string;
}

export interface KnowledgeBase {
  countries: Map<string, Country>;
  orgs: Map<string, Organisation>;
  people: Map<string, Person>;
  offices: Map<string, Office>;
  places: Map<string, Place>;
  weapons: Map<string, Weapon>;
  outlets: Map<string, Outlet>;
  roles: Map<string, RoleDef>;
  /** Role definitions by role key (`foreign-minister`), descriptors excluded. */
  roleByKey: Map<string, RoleDef>;
  ambiguities: Map<string, Ambiguity>;
  /** Rows of the other files by schema (quote cues, modality cues, the event lexicon, …). */
  lexicons: Map<string, LexiconRow[]>;
  /** Who held which office when, by office id, oldest first. */
  tenures: Map<string, Tenure[]>;
  /** Names, aliases, acronyms, demonyms, metonyms and short forms of every entity. */
  names: Trie<Candidate>;
  roleNouns: Trie<RoleNoun>;
  /** Office titles of their own ("Secretary of State", "NATO Secretary General"). */
  officeTitles: Trie<string>;
  files: FileStat[];
  loadMs: number;
}

export interface LoadOptions {
  /** User knowledge-base folders, read after the packaged one; an entry with the same id replaces it. */
  dirs?: string[];
}

// ---- parsing rows into entries, with errors that name file and line ----

function parseCountry(r: KbRow): Country {
  return {
    id: str(r, 'id'),
    iso2: optStr(r, 'iso2'),
    iso3: optStr(r, 'iso3'),
    cameo: optStr(r, 'cameo'),
    name: str(r, 'name'),
    aliases: strList(r, 'aliases'),
    demonyms: strList(r, 'demonyms'),
    capital: optStr(r, 'capital'),
    metonyms: strList(r, 'metonyms'),
    status: optStr(r, 'status') ?? 'member',
    ...coords(r),
    parent: optStr(r, 'parent'),
  };
}

function coords(r: KbRow): { lat?: number; lon?: number } {
  const lat = optNum(r, 'lat');
  const lon = optNum(r, 'lon');
  if ((lat == null) !== (lon == null))
    throw new KbError(r.file, r.line, 'give both "lat" and "lon" or neither');
  if (lat != null && (lat < -90 || lat > 90)) throw new KbError(r.file, r.line, '"lat" out of range');
  if (lon != null && (lon < -180 || lon > 180)) throw new KbError(r.file, r.line, '"lon" out of range');
  return lat != null && lon != null ? { lat, lon } : {};
}

function parseOrg(r: KbRow): Organisation {
  return {
    id: str(r, 'id'),
    name: str(r, 'name'),
    aliases: strList(r, 'aliases'),
    acronyms: strList(r, 'acronyms'),
    type: str(r, 'type'),
    sector: optStr(r, 'sector'),
    country: optStr(r, 'country'),
    parent: optStr(r, 'parent'),
  };
}

const OFFICE_ID = /^[^:\s]+:[a-z][a-z0-9-]*$/;

function parseRole(r: KbRow, v: unknown): Role {
  if (typeof v !== 'object' || v === null) throw new KbError(r.file, r.line, 'each role must be an object');
  const o = v as Record<string, unknown>;
  if (typeof o.office !== 'string' || !OFFICE_ID.test(o.office)) {
    throw new KbError(r.file, r.line, `role office "${String(o.office)}" must look like HOLDER:role`);
  }
  const role: Role = { office: o.office };
  if (typeof o.title === 'string') role.title = o.title;
  const start = optDate(r, o, 'start');
  const end = optDate(r, o, 'end');
  if (start) role.start = start;
  if (end) role.end = end;
  if (start && end && end < start)
    throw new KbError(r.file, r.line, `role ${o.office} ends (${end}) before it starts (${start})`);
  if (o.end_unknown === true) role.end_unknown = true;
  if (typeof o.to === 'string') role.to = o.to;
  return role;
}

function parsePerson(r: KbRow): Person {
  const roles = r.value.roles;
  if (roles != null && !Array.isArray(roles)) throw new KbError(r.file, r.line, '"roles" must be a list');
  const gender = optStr(r, 'gender');
  if (gender && gender !== 'm' && gender !== 'f')
    throw new KbError(r.file, r.line, '"gender" must be "m" or "f"');
  const p: Person = {
    id: str(r, 'id'),
    name: str(r, 'name'),
    aliases: strList(r, 'aliases'),
    country: optStr(r, 'country'),
    roles: (roles ?? []).map((x: unknown) => parseRole(r, x)),
  };
  if (r.value.short !== undefined) p.short = strList(r, 'short');
  if (gender) p.gender = gender as 'm' | 'f';
  return p;
}

function parseOffice(r: KbRow): Office {
  const id = str(r, 'id');
  if (!OFFICE_ID.test(id)) throw new KbError(r.file, r.line, `office id "${id}" must look like HOLDER:role`);
  const o: Office = { id, title: str(r, 'title'), aliases: strList(r, 'aliases') };
  if (typeof r.value.single === 'boolean') o.single = r.value.single;
  return o;
}

function parsePlace(r: KbRow): Place {
  const p: Place = {
    id: str(r, 'id'),
    name: str(r, 'name'),
    aliases: strList(r, 'aliases'),
    kind: str(r, 'kind'),
    country: optStr(r, 'country'),
    ...coords(r),
    parent: optStr(r, 'parent'),
  };
  const scale = optStr(r, 'scale');
  if (scale) p.scale = scale;
  return p;
}

function parsePlaceAlias(r: KbRow): PlaceAlias {
  return { alias: str(r, 'alias'), name: str(r, 'name'), country: optStr(r, 'country'), ...coords(r) };
}

function parseWeapon(r: KbRow): Weapon {
  const w: Weapon = {
    id: str(r, 'id'),
    name: str(r, 'name'),
    aliases: strList(r, 'aliases'),
    class: optStr(r, 'class'),
    category: str(r, 'category'),
    origin: optStr(r, 'origin'),
  };
  const range = optNum(r, 'range_km');
  if (range != null) w.range_km = range;
  return w;
}

function parseOutlet(r: KbRow): Outlet {
  return {
    id: str(r, 'id'),
    name: str(r, 'name'),
    aliases: strList(r, 'aliases'),
    domains: strList(r, 'domains'),
    country: optStr(r, 'country'),
    kind: str(r, 'kind'),
    language: optStr(r, 'language'),
  };
}

function parseAmbiguity(r: KbRow): Ambiguity {
  return {
    form: str(r, 'form'),
    ids: strList(r, 'ids'),
    default: optStr(r, 'default'),
    rule: str(r, 'rule'),
  };
}

function parseRoleDef(r: KbRow): RoleDef {
  const role = r.value.role;
  if (role !== null && typeof role !== 'string')
    throw new KbError(r.file, r.line, '"role" must be a string or null');
  return {
    ...(r.value as unknown as RoleDef),
    id: str(r, 'id'),
    role: role as string | null,
    nouns: strList(r, 'nouns'),
    pre_name_titles: strList(r, 'pre_name_titles'),
    abbreviations: strList(r, 'abbreviations'),
    compatible_roles: strList(r, 'compatible_roles'),
  };
}

// ---- loading ----

function addById<T extends { id: string }>(
  map: Map<string, T>,
  rows: KbRow[],
  parse: (r: KbRow) => T,
  seen: Set<string>,
) {
  for (const r of rows) {
    const e = parse(r);
    const key = `${r.file}\u0000${e.id}`;
    if (seen.has(key)) throw new KbError(r.file, r.line, `duplicate id "${e.id}" in this file`);
    seen.add(key);
    map.set(e.id, e);
  }
}

/** Every knowledge-base file: the packaged folder first, then the user's folders in order. */
export function readAllFiles(dirs: string[]): { files: KbFile[]; stats: FileStat[] } {
  const files: KbFile[] = [];
  const stats: FileStat[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      throw new KbError(dir, null, 'knowledge-base folder not found');
    for (const path of listKbFiles(dir)) {
      const f = readKbFile(path, dir);
      files.push(f);
      stats.push({ file: f.name, schema: f.schema, entries: f.rows.length, dir });
    }
  }
  return { files, stats };
}

export function loadKb(opts: LoadOptions = {}): KnowledgeBase {
  const t0 = performance.now();
  const { files, stats } = readAllFiles([kbPath(), ...(opts.dirs ?? [])]);
  const kb: KnowledgeBase = {
    countries: new Map(),
    orgs: new Map(),
    people: new Map(),
    offices: new Map(),
    places: new Map(),
    weapons: new Map(),
    outlets: new Map(),
    roles: new Map(),
    roleByKey: new Map(),
    ambiguities: new Map(),
    lexicons: new Map(),
    tenures: new Map(),
    names: new Trie(),
    roleNouns: new Trie(),
    officeTitles: new Trie(),
    files: stats,
    loadMs: 0,
  };
  const seen = new Set<string>();
  const aliases: PlaceAlias[] = [];
  for (const f of files) {
    switch (f.schema) {
      case 'country':
        addById(kb.countries, f.rows, parseCountry, seen);
        break;
      case 'organisation':
        addById(kb.orgs, f.rows, parseOrg, seen);
        break;
      case 'person':
        addById(kb.people, f.rows, parsePerson, seen);
        break;
      case 'office':
        addById(kb.offices, f.rows, parseOffice, seen);
        break;
      case 'place':
        addById(kb.places, f.rows, parsePlace, seen);
        break;
      case 'place-alias':
        for (const r of f.rows) aliases.push(parsePlaceAlias(r));
        break;
      case 'weapon':
        addById(kb.weapons, f.rows, parseWeapon, seen);
        break;
      case 'outlet':
        addById(kb.outlets, f.rows, parseOutlet, seen);
        break;
      case 'ambiguity':
        for (const r of f.rows) {
          const a = parseAmbiguity(r);
          kb.ambiguities.set(fold(a.form), a);
        }
        break;
      case 'role':
        addById(kb.roles, f.rows, parseRoleDef, seen);
        break;
      default: {
        const list = kb.lexicons.get(f.schema) ?? [];
        for (const r of f.rows) list.push(r.value as LexiconRow);
        kb.lexicons.set(f.schema, list);
      }
    }
  }
  addAliasPlaces(kb, aliases);
  compile(kb);
  kb.loadMs = performance.now() - t0;
  return kb;
}

/** Renamed and transliterated city names become place entries of their own, grouped by target. */
function addAliasPlaces(kb: KnowledgeBase, aliases: PlaceAlias[]): void {
  for (const a of aliases) {
    const id = `city:${fold(a.name).replace(/[^a-z0-9]+/g, '-')}-${(a.country ?? 'xx').toLowerCase()}`;
    const existing = kb.places.get(id);
    if (existing) {
      if (!existing.aliases.includes(a.alias)) existing.aliases.push(a.alias);
      if (existing.lat == null && a.lat != null && a.lon != null) {
        existing.lat = a.lat;
        existing.lon = a.lon;
      }
      continue;
    }
    kb.places.set(id, {
      id,
      name: a.name,
      aliases: [a.alias],
      kind: 'city',
      country: a.country,
      ...(a.lat != null && a.lon != null ? { lat: a.lat, lon: a.lon } : {}),
    });
  }
}

function lastWord(name: string): string | null {
  const words = name.split(/\s+/).filter((w) => /^\p{Lu}/u.test(w));
  return words.length >= 2 ? words.at(-1)!.replace(/[.,]$/, '') : null;
}

function compile(kb: KnowledgeBase): void {
  const n = kb.names;
  for (const c of kb.countries.values()) {
    n.add(c.name, { kind: 'country', id: c.id, via: 'name' });
    for (const a of c.aliases) n.add(a, { kind: 'country', id: c.id, via: 'alias' });
    for (const d of c.demonyms) n.add(d, { kind: 'country', id: c.id, via: 'demonym' });
    for (const m of c.metonyms) n.add(m, { kind: 'country', id: c.id, via: 'metonym' });
  }
  for (const o of kb.orgs.values()) {
    n.add(o.name, { kind: 'org', id: o.id, via: 'name' });
    for (const a of o.aliases) n.add(a, { kind: 'org', id: o.id, via: 'alias' });
    for (const a of o.acronyms) n.add(a, { kind: 'org', id: o.id, via: 'acronym' }, { exact: true });
  }
  for (const p of kb.people.values()) {
    n.add(p.name, { kind: 'person', id: p.id, via: 'name' });
    for (const a of p.aliases) n.add(a, { kind: 'person', id: p.id, via: 'alias' });
    const shorts = p.short ?? [p.name, ...p.aliases].map(lastWord).filter((x): x is string => !!x);
    for (const s of shorts) n.add(s, { kind: 'person', id: p.id, via: 'short' });
    for (const r of p.roles) {
      const list = kb.tenures.get(r.office) ?? [];
      list.push({
        person: p.id,
        office: r.office,
        title: r.title ?? null,
        start: r.start ?? null,
        end: r.end ?? null,
        endUnknown: r.end_unknown === true,
      });
      kb.tenures.set(r.office, list);
    }
  }
  for (const list of kb.tenures.values()) list.sort((a, b) => (a.start ?? '').localeCompare(b.start ?? ''));
  for (const p of kb.places.values()) {
    const via = p.id.startsWith('city:') ? 'place-alias' : 'name';
    n.add(p.name, { kind: 'place', id: p.id, via });
    for (const a of p.aliases) n.add(a, { kind: 'place', id: p.id, via: via === 'name' ? 'alias' : via });
  }
  for (const w of kb.weapons.values()) {
    n.add(w.name, { kind: 'weapon', id: w.id, via: 'name' });
    for (const a of w.aliases) n.add(a, { kind: 'weapon', id: w.id, via: 'alias' });
  }
  for (const o of kb.outlets.values()) {
    n.add(o.name, { kind: 'outlet', id: o.id, via: 'name' });
    for (const a of o.aliases) n.add(a, { kind: 'outlet', id: o.id, via: 'alias' });
  }
  for (const d of kb.roles.values()) {
    if (d.role && !d.descriptor) kb.roleByKey.set(d.role, d);
    const noun: RoleNoun = {
      def: d.id,
      roles: d.role ? [d.role] : (d.compatible_roles ?? []),
      descriptor: d.descriptor === true,
    };
    for (const form of [...d.nouns, ...(d.pre_name_titles ?? [])]) kb.roleNouns.add(form.toLowerCase(), noun);
    for (const form of d.abbreviations ?? []) kb.roleNouns.add(form, noun, { exact: true });
  }
  for (const o of kb.offices.values()) {
    for (const t of [o.title, ...o.aliases]) kb.officeTitles.add(t, o.id);
  }
}

let cached: KnowledgeBase | null = null;
let cachedKey = '';

/** The knowledge base for this process: the packaged one plus REDLINE_KB folders (colon-separated). */
export function defaultKb(dirs: string[] = userDirsFromEnv()): KnowledgeBase {
  const key = dirs.join('\u0000');
  if (!cached || key !== cachedKey) {
    cached = loadKb({ dirs });
    cachedKey = key;
  }
  return cached;
}

export function userDirsFromEnv(): string[] {
  return (process.env.REDLINE_KB ?? '').split(':').filter(Boolean);
}

// Partial dates cover a period: a start counts from its first day, an end to its last.
const firstDay = (d: string) => (d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d);
const lastDay = (d: string) => (d.length === 4 ? `${d}-12-31` : d.length === 7 ? `${d}-31` : d);
const midpoint = (d: string) => (d.length === 4 ? `${d}-07-01` : d.length === 7 ? `${d}-15` : d);

/**
 * Who held an office on a date (YYYY, YYYY-MM or YYYY-MM-DD). A day-precision end is exclusive,
 * so on a handover day the successor holds the office; where imprecise dates overlap, the later
 * start wins.
 */
export function holderAt(kb: KnowledgeBase, office: string, date: string): Tenure | null {
  const list = kb.tenures.get(office);
  if (!list) return null;
  const d = midpoint(date);
  let best: Tenure | null = null;
  for (const t of list) {
    if (t.start && firstDay(t.start) > d) continue;
    if (t.end && (t.end.length === 10 ? d >= t.end : d > lastDay(t.end))) continue;
    if (!best || firstDay(t.start ?? '0000') >= firstDay(best.start ?? '0000')) best = t;
  }
  return best;
}
