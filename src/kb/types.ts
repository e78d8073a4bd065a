// Entry types of the knowledge-base files (see kb/README.md for the schemas).

export interface Country {
  id: string;
  iso2: string | null;
  iso3: string | null;
  cameo: string | null;
  name: string;
  aliases: string[];
  demonyms: string[];
  capital: string | null;
  metonyms: string[];
  status: string;
  lat?: number;
  lon?: number;
  parent?: string | null;
}

export interface Organisation {
  id: string;
  name: string;
  aliases: string[];
  acronyms: string[];
  type: string;
  sector: string | null;
  country: string | null;
  parent: string | null;
}

export interface Role {
  office: string;
  title?: string;
  start?: string;
  end?: string;
  end_unknown?: boolean;
  to?: string;
}

export interface Person {
  id: string;
  name: string;
  aliases: string[];
  short?: string[];
  gender?: 'm' | 'f';
  country?: string | null;
  roles: Role[];
}

export interface Office {
  id: string;
  title: string;
  aliases: string[];
  single?: boolean;
}

export interface Place {
  id: string;
  name: string;
  aliases: string[];
  kind: string;
  country: string | null;
  lat?: number;
  lon?: number;
  parent?: string | null;
  scale?: string;
}

export interface PlaceAlias {
  alias: string;
  name: string;
  country: string | null;
  lat?: number;
  lon?: number;
}

export interface Weapon {
  id: string;
  name: string;
  aliases: string[];
  class: string | null;
  category: string;
  origin?: string | null;
  range_km?: number;
}

export interface Outlet {
  id: string;
  name: string;
  aliases: string[];
  domains: string[];
  country: string | null;
  kind: string;
  language: string | null;
}

export interface Ambiguity {
  form: string;
  ids: string[];
  default?: string | null;
  rule: string;
}

export interface RoleDef {
  id: string;
  role: string | null;
  kind?: string;
  title?: string;
  nouns: string[];
  scope?: string;
  sector?: string;
  single?: boolean;
  descriptor?: boolean;
  modifier?: boolean;
  compatible_roles?: string[];
  pre_name_titles?: string[];
  abbreviations?: string[];
}

/** A knowledge-base row of a lexicon file: its own header documents the fields. */
export type LexiconRow = Record<string, unknown> & { id?: string };

export type EntityKind = 'country' | 'org' | 'person' | 'place' | 'weapon' | 'outlet';

/** What a surface form can name, and how it was listed. */
export interface Candidate {
  kind: EntityKind;
  id: string;
  via: 'name' | 'alias' | 'acronym' | 'demonym' | 'metonym' | 'short' | 'place-alias';
}
