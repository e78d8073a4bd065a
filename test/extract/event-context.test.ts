// Event coding that needs the whole record (dates, coreference, the article's actors): the date
// of a predicate's own clause, well-known events named without actors, "it" for a singular group.
import { beforeAll, describe, expect, it } from 'vitest';
import { type EventItem, extractRecord } from '../../src/extract/record.js';
import { type KnowledgeBase, loadKb } from '../../src/kb/load.js';
import { annotate } from '../../src/nlp/annotate.js';

let kb: KnowledgeBase;
beforeAll(() => {
  kb = loadKb();
});

function events(text: string, published: string): EventItem[] {
  const doc = annotate(
    { id: 't', title: null, url: null, published, publishedPrecision: 'day', source: null, language: 'en' },
    text,
  );
  return extractRecord(doc, kb).events;
}

const brief = (es: EventItem[]) => es.map((e) => [e.type, e.source.join('+'), e.target.join('+'), e.date]);

describe('the date of an event is the date of its own clause', () => {
  it('a main-clause statement does not take the date of a since-clause', () => {
    const es = events(
      'Ukraine accused Moscow of choking its exports since Russia quit the grain deal in July.',
      '2023-10-17',
    );
    expect(brief(es.filter((e) => e.type === 'ACCUSE'))).toEqual([['ACCUSE', 'Ukraine', 'Russia', null]]);
  });

  it('"since May 10, when it launched …" dates the when-clause; "since May 10" is no clause', () => {
    const es = events(
      'The Russian army has been advancing in the region since May 10, when it launched an offensive along the border with Ukraine.',
      '2024-06-11',
    );
    const dated = es.filter((e) => e.type === 'ASSAULT').map((e) => e.date);
    expect(dated.length).toBeGreaterThan(0);
    expect(new Set(dated)).toEqual(new Set(['2024-05-10']));
  });

  it('a relative clause keeps its date; the vow around it does not take it', () => {
    const es = events(
      'Israel has vowed to retaliate for the barrage, in which Iran fired missiles at Israel on October 1.',
      '2024-10-22',
    );
    expect(brief(es.filter((e) => e.type !== 'ACCUSE'))).toEqual([
      ['THREATEN', 'Israel', 'Iran', null],
      ['ASSAULT', 'Iran', 'Israel', '2024-10-01'],
    ]);
  });

  it('a past verb after "before the" is not a future event', () => {
    const es = events(
      'Israel struck a Hezbollah depot in Lebanon, hours before the group fired rockets at Israel.',
      '2024-07-09',
    );
    expect(es.filter((e) => e.type === 'ASSAULT').map((e) => e.modality)).toEqual(['asserted', 'asserted']);
  });
});

describe('well-known events named without actors (kb/named-events.jsonl)', () => {
  const text = 'Ukraine has lost thousands of soldiers since the start of the full-scale invasion.';

  it('take source, target and date from the knowledge base', () => {
    expect(brief(events(text, '2024-05-01').filter((e) => e.type === 'ASSAULT'))).toEqual([
      ['ASSAULT', 'Russia', 'Ukraine', '2022-02-24'],
    ]);
  });

  it('only after the event, and only in an article about its actors', () => {
    expect(events(text, '2022-01-10').filter((e) => e.type === 'ASSAULT')).toEqual([]);
    expect(events('The film shows the start of the full-scale invasion.', '2024-05-01')).toEqual([]);
  });
});

describe('"it" and "they" for a group', () => {
  it('"the Israeli military … it" is one actor; plural troops are "they"', () => {
    const es = events('The Israeli military said it struck a depot in Gaza.', '2024-07-09');
    expect(brief(es).map((e) => e.slice(0, 2))).toEqual([['ASSAULT', 'Israel Defense Forces']]);
    expect(brief(events('Russian troops said they shelled Kharkiv.', '2024-07-09'))[0]?.slice(0, 3)).toEqual([
      'ASSAULT',
      'Armed Forces of the Russian Federation',
      'Ukraine',
    ]);
  });
});
