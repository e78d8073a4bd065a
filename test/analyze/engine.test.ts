// The same-event rules on single pairs of reports: what may and may not be one event.
import { describe, expect, it } from 'vitest';
import { eventsCompatible } from '../../src/analyze/engine.js';
import {
  type ArticleInfo,
  type EventInput,
  eventReport,
  type PlaceInfo,
} from '../../src/analyze/features.js';
import { defaultKb } from '../../src/kb/load.js';

const kb = defaultKb();

const article = (id: string): ArticleInfo => ({
  id,
  seq: 1,
  outlet: id,
  published: '2024-07-09',
  signature: new Set(),
});

const place = (name: string, lat: number, lon: number, precision = 'town'): PlaceInfo => ({
  key: `place:${name}`,
  name,
  lat,
  lon,
  precision,
});

let nextId = 1;
function report(articleId: string, e: Partial<EventInput> & Pick<EventInput, 'type' | 'sourceKeys'>) {
  return eventReport(
    kb,
    {
      id: nextId++,
      articleId,
      modality: 'asserted',
      targetKeys: [],
      date: null,
      place: null,
      text: '',
      intensity: null,
      start: 0,
      ...e,
    },
    article(articleId),
  );
}

describe('same-event compatibility', () => {
  it('an attack "from Lebanon" and one by Hezbollah can be one event; by another state they cannot', () => {
    const fromLebanon = report('a', {
      type: 'ASSAULT',
      sourceKeys: ['country:LBN'],
      targetKeys: ['country:ISR'],
    });
    const hezbollah = report('b', {
      type: 'ASSAULT',
      sourceKeys: ['org:HEZBOLLAH'],
      targetKeys: ['country:ISR'],
    });
    const syria = report('c', { type: 'ASSAULT', sourceKeys: ['country:SYR'], targetKeys: ['country:ISR'] });
    expect(eventsCompatible(fromLebanon, hezbollah)).toBe(true);
    expect(eventsCompatible(hezbollah, fromLebanon)).toBe(true);
    expect(eventsCompatible(hezbollah, syria)).toBe(false);
  });

  it("a statement's place never separates two reports of it; an attack's does", () => {
    const blackSea = place('black-sea', 43.4, 34.3, 'water');
    const africa = place('africa', 2, 20, 'macro-region');
    const kharkiv = place('kharkiv', 49.99, 36.23);
    const dnipro = place('dnipro', 48.45, 34.98);
    const accuse = (id: string, p: PlaceInfo) =>
      report(id, { type: 'ACCUSE', sourceKeys: ['country:UKR'], targetKeys: ['country:RUS'], place: p });
    expect(eventsCompatible(accuse('a', kharkiv), accuse('b', dnipro))).toBe(true);
    expect(eventsCompatible(accuse('a', blackSea), accuse('b', africa))).toBe(true);
    const strike = (id: string, p: PlaceInfo) =>
      report(id, { type: 'ASSAULT', sourceKeys: ['country:RUS'], targetKeys: ['country:UKR'], place: p });
    expect(eventsCompatible(strike('a', kharkiv), strike('b', dnipro))).toBe(false);
  });
});
