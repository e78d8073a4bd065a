import { describe, expect, it } from 'vitest';
import { dyadActor, parseActor } from '../../src/analyze/actors.js';
import { contentWords, placeFit, when } from '../../src/analyze/features.js';
import { framingCounts, outletOf } from '../../src/analyze/outlets.js';
import { attachFigures } from '../../src/analyze/summary.js';
import { defaultKb } from '../../src/kb/load.js';

const kb = defaultKb();

describe('actors at index level', () => {
  it('maps people and state bodies to their state or organisation on the date', () => {
    expect(dyadActor(kb, 'country:RUS', null)).toBe('RUS');
    expect(dyadActor(kb, 'org:RUS-MOD', null)).toBe('RUS');
    expect(dyadActor(kb, 'org:HEZBOLLAH', null)).toBe('HEZBOLLAH');
    expect(dyadActor(kb, 'person:dmitry-peskov', '2023-10-17')).toBe('RUS');
    // Stoltenberg spoke for NATO in 2022; Rutte did in 2025.
    expect(dyadActor(kb, 'person:jens-stoltenberg', '2022-06-01')).toBe('NATO');
    expect(dyadActor(kb, 'person:mark-rutte', '2025-03-01')).toBe('NATO');
    expect(dyadActor(kb, 'org:EU-COMMISSION', null)).toBe('EU');
    expect(dyadActor(kb, 'new:org:Some Militia', null)).toBe('new:org:Some Militia');
  });

  it('reads what a user types for an actor', () => {
    expect(parseActor(kb, 'rus')).toBe('RUS');
    expect(parseActor(kb, 'Russia')).toBe('RUS');
    expect(parseActor(kb, 'nato')).toBe('NATO');
  });
});

describe('dates, places and words', () => {
  it('gives each report the days it can refer to', () => {
    expect(when('2024-03-05', '2024-03-06')).toMatchObject({ kind: 'day', day: '2024-03-05' });
    expect(when('2024-03', '2024-03-06')).toMatchObject({ kind: 'coarse', day: null });
    // Undated: the news of the last two days before publication.
    const w = when(null, '2024-03-06');
    expect([w.kind, w.day, w.hi! - w.lo!]).toEqual(['published', '2024-03-06', 2]);
    expect(when(null, null).kind).toBe('none');
  });

  it('tells places that cannot be one event place', () => {
    const town = (name: string, lat: number, lon: number) => ({
      key: name,
      name,
      lat,
      lon,
      precision: 'town',
    });
    const kharkiv = town('Kharkiv', 49.99, 36.23);
    const dnipro = town('Dnipro', 48.45, 34.98);
    const oblast = { key: 'UA-63', name: 'Kharkiv Oblast', lat: 49.5, lon: 36.5, precision: 'region' };
    expect(placeFit(kharkiv, dnipro)).toBeNull();
    expect(placeFit(kharkiv, oblast)).toBeGreaterThan(0);
    expect(placeFit(kharkiv, null)).toBeGreaterThan(0);
    expect(placeFit(kharkiv, { ...kharkiv })).toBe(1);
  });

  it('reads spelling variants as one word', () => {
    const a = contentWords(kb, 'Strikes hit Kiev and Odessa');
    const b = contentWords(kb, 'A strike hit Kyiv and Odesa');
    expect([...a].filter((w) => b.has(w)).sort()).toEqual(['hit', 'strike', '~kyiv', '~odesa']);
    expect(a.has('and')).toBe(false);
  });
});

describe('outlets and framing', () => {
  it('finds an outlet and its kind by name, alias or domain', () => {
    expect(outletOf(kb, 'Reuters')?.kind).toBe('wire');
    expect(outletOf(kb, 'AL JAZEERA AND NEWS AGENCIES')?.name).toBe('Al Jazeera');
    expect(outletOf(kb, null, 'https://www.bbc.co.uk/news/world-1')?.name).toMatch(/BBC/);
  });

  it('counts framing words by concept, overlapping forms included', () => {
    const f = framingCounts(
      kb,
      'The Kiev regime shelled Donetsk, the special military operation goes on. Kiev said nothing.',
    );
    expect(f).toEqual(
      expect.arrayContaining([
        { concept: 'kyiv', variant: 'kiev', count: 2 },
        { concept: 'ukraine-government', variant: 'regime', count: 1 },
        { concept: 'ukraine-war-name', variant: 'smo', count: 1 },
      ]),
    );
    expect(framingCounts(kb, 'kiev is lower case here')).toEqual([]);
  });
});

describe('figures', () => {
  it('go to the event that holds them, else the nearest fitting event of the news day', () => {
    const events = [
      { id: 1, type: 'ASSAULT', group: 'happened', evidence: [[0, 80]] as [number, number][], current: true },
      {
        id: 2,
        type: 'ASSAULT',
        group: 'happened',
        evidence: [[500, 560]] as [number, number][],
        current: false,
      },
      {
        id: 3,
        type: 'ACCUSE',
        group: 'happened',
        evidence: [[100, 150]] as [number, number][],
        current: true,
      },
      {
        id: 4,
        type: 'ASSAULT',
        group: 'hypothetical',
        evidence: [[300, 340]] as [number, number][],
        current: true,
      },
    ];
    const figs = attachFigures(kb, events, [
      { id: 10, kind: 'killed', start: 40 },
      { id: 11, kind: 'wounded', start: 120 },
      { id: 12, kind: 'killed', start: 520 },
      { id: 13, kind: 'distance', start: 45 },
    ]);
    // 12 lies in the sentence of a background strike (not on the news day): it is that strike's.
    expect([...figs.entries()]).toEqual([
      [10, 1],
      [11, 1],
    ]);
    // With paragraphs: a figure in a background paragraph without a fitting event stays unattached;
    // one in the lead goes to the article's main (first) event.
    const paras: [number, number][] = [
      [0, 90],
      [95, 200],
      [205, 600],
    ];
    const laid = attachFigures(
      kb,
      events,
      [
        { id: 20, kind: 'killed', start: 580 },
        { id: 21, kind: 'killed', start: 120 },
      ],
      paras,
    );
    expect([...laid.entries()]).toEqual([[21, 1]]);
  });
});
