import { beforeAll, describe, expect, it } from 'vitest';
import { extractRecord } from '../../src/extract/record.js';
import { defaultKb, type KnowledgeBase } from '../../src/kb/load.js';
import { annotate } from '../../src/nlp/annotate.js';

let kb: KnowledgeBase;
beforeAll(() => {
  kb = defaultKb([]);
});

function rec(text: string, published = '2022-06-01') {
  const doc = annotate(
    { id: 't', title: null, url: null, published, publishedPrecision: 'day', source: null, language: 'en' },
    text,
  );
  return extractRecord(doc, kb);
}
const actors = (text: string, published?: string) => rec(text, published).actors.map((a) => a.name);

describe('actors', () => {
  it('resolve role phrases by the publication date', () => {
    expect(actors('The NATO chief visited Tallinn on Monday.', '2022-06-01')).toContain('Jens Stoltenberg');
    expect(actors('The NATO chief visited Tallinn on Monday.', '2025-03-01')).toContain('Mark Rutte');
    const a = rec('Russian Foreign Minister Sergei Lavrov met reporters.', '2022-06-01').actors;
    const lavrov = a.find((x) => x.name === 'Sergey Lavrov')!;
    expect(lavrov.type).toBe('PERSON');
    expect(lavrov.mentions).toHaveLength(2); // the title phrase and the name: one actor
  });

  it('read capitals and seats of government as governments', () => {
    const names = actors('Moscow warned Washington, and the Kremlin said Kyiv would pay.');
    expect(names).toEqual(expect.arrayContaining(['Russia', 'United States', 'Ukraine']));
    expect(names).not.toContain('Moscow');
  });

  it('keep "Russian troops" out of the actor list until they act in an event', () => {
    const r = rec('Russian troops were seen near the border, officials in Riga said.');
    expect(r.actors.map((a) => a.type)).not.toContain('GROUP');
    expect(r.actors.map((a) => a.name)).not.toContain('Armed Forces of the Russian Federation');
  });

  it('trust a bare surname only after the full name, or for someone in office', () => {
    expect(actors('Stoltenberg said the alliance was ready.', '2022-06-01')).toContain('Jens Stoltenberg');
    // In 2015 Zelenskyy held no office: a bare surname is not enough to name him.
    expect(actors('Zelenskyy said the show would go on.', '2015-06-01')).not.toContain('Volodymyr Zelenskyy');
    expect(
      actors('Volodymyr Zelenskyy starred in a show. Zelenskyy said it would go on.', '2015-06-01'),
    ).toContain('Volodymyr Zelenskyy');
  });

  it('report an unnamed spokesperson as the organisation, not the office holder', () => {
    const names = actors('A NATO spokesperson said the alliance was watching closely.', '2022-08-19');
    expect(names).toContain('NATO');
    expect(names.some((n) => /Lungescu/.test(n))).toBe(false);
  });

  it('keep names the knowledge base lacks when a cue types them, marked unresolved', () => {
    const a = rec('Governor Ivan Zzyzxovich said the Khortytsia Regional Council met on Friday.').actors;
    expect(a.find((x) => x.name === 'Ivan Zzyzxovich')).toMatchObject({ type: 'PERSON', resolved: false });
    expect(a.find((x) => x.name === 'Khortytsia Regional Council')).toMatchObject({
      type: 'ORG',
      resolved: false,
    });
  });
});

describe('places', () => {
  it('geocode with the article’s countries: Donetsk in Ukraine', () => {
    const p = rec('Shelling hit a market in Donetsk, Ukrainian officials said.').places;
    const d = p.find((x) => x.name === 'Donetsk')!;
    expect(d.country).toBe('UA');
    expect(d.lat).toBeCloseTo(48.0, 0);
  });

  it('do not pin countries used as actors', () => {
    const r = rec('Poland and Lithuania called on Russia to withdraw.');
    expect(r.places).toEqual([]);
    expect(r.actors.map((a) => a.name)).toEqual(expect.arrayContaining(['Poland', 'Lithuania', 'Russia']));
  });

  it('give each place a precision; a village the gazetteer lacks is placed in its region, not in a namesake', () => {
    const r = rec(
      'Drones struck Russia’s Belgorod region overnight. A barn burned in Nikolskoye, the governor said.',
    );
    const region = r.places.find((x) => x.name === 'Belgorod Oblast')!;
    expect(region.precision).toBe('region');
    const village = r.places.find((x) => x.name === 'Nikolskoye')!;
    expect(village).toMatchObject({ precision: 'region', within: 'Belgorod Oblast', country: 'RU' });
  });

  it('read a capital after "in" as a place, and renamed cities through the alias table', () => {
    const r = rec('Talks were held in Moscow, while sirens sounded in Kharkov.');
    expect(r.places.map((p) => p.name)).toEqual(expect.arrayContaining(['Moscow', 'Kharkiv']));
    expect(r.places.find((p) => p.name === 'Kharkiv')!.country).toBe('UA');
  });
});

describe('weapons', () => {
  it('match designations, aliases and plurals to one system', () => {
    const w = rec('Kyiv asked for more Storm Shadows and SCALP-EG missiles, and HIMARS launchers.').weapons;
    expect(w.map((x) => x.name)).toEqual(expect.arrayContaining(['Storm Shadow', 'HIMARS']));
    expect(w.find((x) => x.name === 'Storm Shadow')!.mentions).toHaveLength(2);
  });
});
