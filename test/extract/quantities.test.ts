import { describe, expect, it } from 'vitest';
import { extractQuantities, type Quantity } from '../../src/extract/quantities.js';
import { annotate } from '../../src/nlp/annotate.js';

const META = {
  id: 't',
  title: null,
  url: null,
  published: '2024-05-01',
  publishedPrecision: 'day' as const,
  source: null,
  language: 'en',
};

function qs(text: string): Quantity[] {
  return extractQuantities(annotate(META, text));
}

/** The single quantity of a sentence. */
function one(text: string): Quantity {
  const all = qs(text);
  expect(all, JSON.stringify(all)).toHaveLength(1);
  return all[0]!;
}

const brief = (q: Quantity) => [q.kind, q.value];

describe('kinds', () => {
  it('killed: predicate after, verb before, head noun, death toll', () => {
    expect(brief(one('At least 9 soldiers were killed in the ambush.'))).toEqual(['killed', 9]);
    expect(brief(one('The blast killed 14 villagers.'))).toEqual(['killed', 14]);
    expect(brief(one('The storm of shelling left 7 dead.'))).toEqual(['killed', 7]);
    expect(brief(one('The death toll has risen to 57.'))).toEqual(['killed', 57]);
    expect(brief(one('Two fishermen died when the boat sank.'))).toEqual(['killed', 2]);
    expect(brief(one('The raid "fatally injured" four guards.'))).toEqual(['killed', 4]);
  });

  it('wounded, including hospital cues and a figure after "and"', () => {
    const [k, w] = qs('Officials said 6 people died and 18 were hospitalised.');
    expect(brief(k!)).toEqual(['killed', 6]);
    expect(brief(w!)).toEqual(['wounded', 18]);
    expect(w!.subject).toBe('people');
    expect(brief(one('Eleven miners remain in hospital.'))).toEqual(['wounded', 11]);
    expect(brief(one('A rocket hit the depot, injuring 25.'))).toEqual(['wounded', 25]);
  });

  it('casualties', () => {
    expect(brief(one('The unit suffered 120 casualties in a week.'))).toEqual(['casualties', 120]);
    expect(brief(one('Some 40 people were killed or wounded.'))).toEqual(['casualties', 40]);
  });

  it('displaced and refugees', () => {
    expect(brief(one('The fighting forced 5,000 residents to flee their homes.'))).toEqual([
      'displaced',
      5000,
    ]);
    expect(brief(one('More than two million internally displaced people live in camps.'))).toEqual([
      'displaced',
      2000000,
    ]);
    expect(brief(one('About 3,500 refugees arrived by train.'))).toEqual(['refugees', 3500]);
    expect(brief(one('Nearly 800,000 people have gone abroad.'))).toEqual(['refugees', 800000]);
  });

  it('in need of humanitarian assistance', () => {
    expect(brief(one('Around 4.3 million people are in need of humanitarian aid.'))).toEqual([
      'in_need',
      4300000,
    ]);
  });

  it('troops, including "-strong" and a joined bare figure', () => {
    expect(brief(one('The alliance sent 3,000 paratroopers to the region.'))).toEqual(['troops', 3000]);
    expect(brief(one('A 12,000-strong force crossed the river.'))).toEqual(['troops', 12000]);
    const [a, b] = qs('The army keeps 90,000 soldiers in the north and 15,000 in the south.');
    expect(brief(a!)).toEqual(['troops', 90000]);
    expect(brief(b!)).toEqual(['troops', 15000]);
  });

  it('a casualty predicate overrides a troops noun', () => {
    expect(brief(one('Five marines were wounded on patrol.'))).toEqual(['wounded', 5]);
  });

  it('equipment, with model numbers inside the counted phrase', () => {
    expect(brief(one('The air force received 24 F-35 fighter jets.'))).toEqual(['equipment', 24]);
    expect(brief(one('Two S-300 batteries were moved north.'))).toEqual(['equipment', 2]);
    expect(brief(one('The navy lost three patrol boats.'))).toEqual(['equipment', 3]);
  });

  it('named weapons counted by their plural name', () => {
    const [a, b] = qs('The enemy launched 35 Shaheds and 4 Kalibrs at the port.');
    expect(brief(a!)).toEqual(['equipment', 35]);
    expect(brief(b!)).toEqual(['munitions', 4]);
  });

  it('munitions, keeping the count before a calibre', () => {
    const q = one('The package includes 60,000 155mm artillery shells.');
    expect(brief(q)).toEqual(['munitions', 60000]);
    expect(q.text).toBe('60,000 155mm artillery shells');
    expect(brief(one('They fired 12 rockets at the town.'))).toEqual(['munitions', 12]);
    expect(brief(one('The deal covers 5,000 rounds of tank ammunition.'))).toEqual(['munitions', 5000]);
  });

  it('detained', () => {
    expect(brief(one('Police said 300 people were detained at the rally.'))).toEqual(['detained', 300]);
    expect(brief(one('Border guards arrested 12 smugglers.'))).toEqual(['detained', 12]);
    expect(brief(one('About 250 hostages remain in captivity.'))).toEqual(['detained', 250]);
  });
});

describe('bounds', () => {
  it.each([
    ['More than 80 civilians were wounded.', 'min'],
    ['Over 80 civilians were wounded.', 'min'],
    ['At least 80 civilians were wounded.', 'min'],
    ['Up to 80 civilians were wounded.', 'max'],
    ['Nearly 80 civilians were wounded.', 'max'],
    ['Almost 80 civilians were wounded.', 'max'],
    ['Fewer than 80 civilians were wounded.', 'max'],
    ['As many as 80 civilians were wounded.', 'max'],
    ['Around 80 civilians were wounded.', 'approx'],
    ['About 80 civilians were wounded.', 'approx'],
    ['Some 80 civilians were wounded.', 'approx'],
    ['80 civilians were wounded.', 'exact'],
    ['80 or more civilians were wounded.', 'min'],
  ])('%s → %s', (text, bound) => {
    const q = one(text);
    expect(q.bound).toBe(bound);
    expect(q.value).toBe(80);
    expect(q.low).toBeNull();
  });

  it('keeps the bound words in the text and span', () => {
    const text = 'Officials said more than 80 civilians were wounded.';
    const q = one(text);
    expect(q.text).toBe('more than 80 civilians were wounded');
    expect(text.slice(q.span[0], q.span[1])).toBe(q.text);
  });

  it('ranges: "between … and", dashes and "to"', () => {
    for (const text of [
      'Between 10 and 15 tanks were destroyed.',
      'They destroyed 10-15 tanks.',
      'They destroyed 10 to 15 tanks.',
    ]) {
      const q = one(text);
      expect([q.kind, q.value, q.low, q.high, q.bound]).toEqual(['equipment', 10, 10, 15, 'range']);
    }
    const m = one('The repairs will cost $1.5 to 2 billion.');
    expect([m.low, m.high]).toEqual([1500000000, 2000000000]);
  });
});

describe('vague amounts are ranges with value = low', () => {
  it.each([
    ['Dozens of civilians were killed.', 24, 99],
    ['Scores of civilians were killed.', 40, 99],
    ['Hundreds of civilians were killed.', 200, 900],
    ['Several hundred civilians were killed.', 200, 900],
    ['Thousands of civilians were killed.', 2000, 9000],
    ['Tens of thousands of civilians were killed.', 20000, 90000],
    ['Hundreds of thousands of civilians were killed.', 200000, 900000],
    ['A few thousand civilians were killed.', 2000, 5000],
  ])('%s', (text, low, high) => {
    const q = one(text);
    expect([q.kind, q.value, q.low, q.high, q.bound]).toEqual(['killed', low, low, high, 'range']);
  });

  it('"a dozen" and "half a million" are exact numbers', () => {
    expect(one('The strike killed a dozen people.').value).toBe(12);
    expect(one('Half a million people fled the city.').value).toBe(500000);
  });
});

describe('number words', () => {
  it.each([
    ['Twenty-five soldiers were killed.', 25],
    ['Two hundred and fifty soldiers were killed.', 250],
    ['Six million people have fled their homes.', 6000000],
    ['1.5 billion people need aid.', 1500000000],
    ['Three thousand soldiers were killed.', 3000],
  ])('%s', (text, value) => {
    expect(one(text).value).toBe(value);
  });
});

describe('money', () => {
  it('dollars in USD without a currency field', () => {
    const q = one('Washington announced $275 million in military aid.');
    expect([q.kind, q.value, q.unit, q.currency]).toEqual(['money', 275000000, 'USD', undefined]);
    expect(q.subject).toBe('military aid');
    expect(one('The fund holds $2.3bn.').value).toBe(2300000000);
    expect(one('Tokyo pledged 500 million dollars.').value).toBe(500000000);
  });

  it('other currencies carry a currency code', () => {
    const e = one('Brussels approved €1.5 billion for reconstruction.');
    expect([e.kind, e.value, e.currency, e.unit]).toEqual(['money', 1500000000, 'EUR', 'EUR']);
    const r = one('The budget sets aside 300 billion roubles for the army.');
    expect([r.value, r.currency]).toEqual([300000000000, 'RUB']);
    expect(one('London gave £50m to the fund.').currency).toBe('GBP');
  });
});

describe('distance and speed', () => {
  it('kilometres, miles converted to km, glued and hyphenated units', () => {
    const q = one('The missile has a range of up to 2,500 kilometres.');
    expect([q.kind, q.value, q.unit, q.bound]).toEqual(['distance', 2500, 'km', 'max']);
    expect(one('The town lies 30 miles from the border.').value).toBeCloseTo(48.28, 2);
    expect(one('The drone flew 200km.').value).toBe(200);
    expect(one('They built a 40-kilometre trench.').value).toBe(40);
  });

  it('Mach numbers and "times the speed of sound"', () => {
    const m = one('The missile reaches Mach 9.');
    expect([m.kind, m.value, m.unit]).toEqual(['speed', 9, 'Mach']);
    expect(brief(one('It flies at ten times the speed of sound.'))).toEqual(['speed', 10]);
  });
});

describe('claimant', () => {
  it.each([
    ['According to the UN, 500 civilians were killed.', 'the UN'],
    ['The health ministry said 500 civilians were killed.', 'The health ministry'],
    ['500 civilians were killed, the health ministry said.', 'the health ministry'],
    ['500 civilians were killed, said the health ministry.', 'the health ministry'],
    ['The regional governor, Ivan Petrov, said 500 civilians were killed.', 'Ivan Petrov'],
    ['Central Command (CENTCOM) said 500 civilians were killed.', 'Central Command'],
  ])('%s', (text, claimant) => {
    expect(one(text).claimant).toBe(claimant);
  });

  it('leaves a time adjunct out', () => {
    expect(one('The ministry on Tuesday said 500 civilians were killed.').claimant).toBe('The ministry');
  });

  it('is null when nobody is named', () => {
    expect(one('500 civilians were killed.').claimant).toBeNull();
  });
});

describe('not quantities', () => {
  it.each([
    'The war entered its 176th day.',
    'The treaty was signed on 24 February 2022.',
    'The offensive began on February 24 with 5 attacks.',
    'Under Article 5, an attack on one member is an attack on all.',
    'The army fired 155mm shells.',
    'He flew an F-16 and a MiG-31 over the S-400 site.',
    'Talks resumed at 10:30 on Monday.',
    'Inflation reached 12 percent.',
    'Prices rose by 40% in a year.',
    'In 2014 the peninsula was annexed.',
    'It was a 24-hour operation.',
    'A 12-year-old boy was found.',
    'No one was injured in the blast.',
    'It is one for all and all for one.',
    'The summit lasted two days.',
    'The drones hit two air bases.',
    'Three rounds of talks ended without a deal.',
    'The reform was ten times more ambitious.',
    'He was sentenced to 12 years in prison.',
    'Resolution 2231 lapsed.',
  ])('%s', (text) => {
    expect(qs(text)).toEqual([]);
  });

  it('"two of them" does not count again', () => {
    const all = qs('Eleven people remain in hospital, two of them in a serious condition.');
    expect(all.map(brief)).toEqual([['wounded', 11]]);
  });
});

describe('sentence structure', () => {
  it('reads the predicate past an aside and a short prepositional phrase', () => {
    expect(brief(one('At least 18 people, including three children, were killed.'))).toEqual(['killed', 18]);
    expect(brief(one('Tens of thousands of residents of the valley have been displaced.'))).toEqual([
      'displaced',
      20000,
    ]);
  });

  it('an active verb with an object does not make its subject victims', () => {
    expect(qs('Two gunmen killed the mayor.')).toEqual([]);
    expect(brief(one('Seven sailors died the same day.'))).toEqual(['killed', 7]);
  });

  it('a bracketed currency conversion is not a second figure', () => {
    const all = qs('The package is worth 2.5 billion euros ($2.7 billion).');
    expect(all.map((q) => [q.value, q.currency])).toEqual([[2500000000, 'EUR']]);
  });
});

describe('record shape', () => {
  it('spans point into the text and every field is present', () => {
    const text = 'Ukraine said 40 drones were shot down.\nThe UN said 12 people were killed.';
    const all = qs(text);
    expect(all.map(brief)).toEqual([
      ['equipment', 40],
      ['killed', 12],
    ]);
    for (const q of all) {
      expect(text.slice(q.span[0], q.span[1])).toBe(q.text);
      expect(q).toHaveProperty('low');
      expect(q).toHaveProperty('high');
      expect(q).toHaveProperty('subject');
      expect(q).toHaveProperty('unit');
      expect(q).toHaveProperty('bound');
      expect(q).toHaveProperty('claimant');
    }
  });
});
