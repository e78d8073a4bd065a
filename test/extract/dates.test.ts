import { describe, expect, it } from 'vitest';
import { dayNumber, formatDay, resolveWeekday, resolveYear } from '../../src/extract/dates/calendar.js';
import { buildDateLexicon, dateLexicon } from '../../src/extract/dates/lexicon.js';
import { extractDates } from '../../src/extract/dates.js';
import type { DateItem } from '../../src/extract/record.js';
import { annotate } from '../../src/nlp/annotate.js';

// 2023-03-15 is a Wednesday.
const PUB = '2023-03-15';

function items(text: string, published: string | null = PUB): DateItem[] {
  const doc = annotate(
    {
      id: 't',
      title: null,
      url: null,
      published,
      publishedPrecision: published ? 'day' : null,
      source: null,
      language: 'en',
    },
    text,
  );
  const out = extractDates(doc);
  for (const d of out) expect(doc.text.slice(d.span[0], d.span[1])).toBe(d.text);
  return out;
}

const dates = (text: string, published: string | null = PUB) =>
  items(text, published).map((d) => [d.text, d.value]);

describe('weekdays lean with the sentence', () => {
  it('past tense: the last such day on or before publication', () => {
    expect(dates('On Tuesday, the minister said the talks had failed.')).toEqual([
      ['On Tuesday', '2023-03-14'],
    ]);
    expect(dates('On Wednesday, the army said it had retreated.')).toEqual([['On Wednesday', '2023-03-15']]);
    expect(dates('Rebels shot down two drones on Sunday, the air force said.')).toEqual([
      ['on Sunday', '2023-03-12'],
    ]);
  });

  it('future cues: the next such day on or after publication', () => {
    expect(dates('The minister is set to address parliament on Tuesday.')).toEqual([
      ['on Tuesday', '2023-03-21'],
    ]);
    expect(dates('Officials will meet on Friday.')).toEqual([['on Friday', '2023-03-17']]);
    expect(dates('A meeting of ministers is due to take place on Thursday.')).toEqual([
      ['on Thursday', '2023-03-16'],
    ]);
    expect(dates('Envoys expected to join the mediators on Friday as disputes remain.')).toEqual([
      ['on Friday', '2023-03-17'],
    ]);
  });

  it('a closing attribution does not date the event before it', () => {
    expect(
      dates('The general is set to meet his counterpart, Ivan Petrov, in Riga on Friday, an aide said.'),
    ).toEqual([['on Friday', '2023-03-17']]);
  });

  it("the verb of the date's own clause wins over a nearer one across a comma", () => {
    expect(dates('The agency, which will publish the data on Monday, said losses were high.')).toEqual([
      ['on Monday', '2023-03-20'],
    ]);
    expect(dates('The envoy, who arrived in Kyiv on Monday, will meet the president.')).toEqual([
      ['on Monday', '2023-03-13'],
    ]);
    expect(
      dates('The general has urged allies to quickly send shells, speaking in Oslo on Tuesday.'),
    ).toEqual([['on Tuesday', '2023-03-14']]);
  });

  it('present tense announces, a possessive weekday names a past event, base-form pasts stay past', () => {
    expect(dates('Voting begins on Sunday.')).toEqual([['on Sunday', '2023-03-19']]);
    expect(dates("Monday's blast damaged the bridge, which remains closed.")).toEqual([
      ['Monday', '2023-03-13'],
    ]);
    expect(dates('Rockets hit the depot overnight into Tuesday.')).toEqual([['Tuesday', '2023-03-14']]);
    expect(dates('Rockets will hit the depot on Friday.')).toEqual([['on Friday', '2023-03-17']]);
  });

  it('last / next / this past are strict; coordinated days share the modifier', () => {
    expect(dates('Last Thursday, troops crossed the river.')).toEqual([['Last Thursday', '2023-03-09']]);
    expect(dates('Next Monday the summit opens.')).toEqual([['Next Monday', '2023-03-20']]);
    expect(dates('As he did this past Wednesday, the mayor thanked the donors.')).toEqual([
      ['this past Wednesday', '2023-03-08'],
    ]);
    expect(dates('The talks are scheduled for this Friday and Saturday.')).toEqual([
      ['this Friday', '2023-03-17'],
      ['Saturday', '2023-03-18'],
    ]);
    expect(dates('The summit was held last Friday and Saturday.')).toEqual([
      ['last Friday', '2023-03-10'],
      ['Saturday', '2023-03-11'],
    ]);
  });

  it('last night', () => {
    expect(dates('Drones attacked the port last night, the governor said.')).toEqual([
      ['last night', '2023-03-14'],
    ]);
  });

  it('today, yesterday, tomorrow', () => {
    expect(dates('The envoy arrived yesterday and leaves tomorrow, he said today.')).toEqual([
      ['yesterday', '2023-03-14'],
      ['tomorrow', '2023-03-16'],
      ['today', '2023-03-15'],
    ]);
  });
});

describe('months and years', () => {
  it('a month alone: the last one for past context, the next one for future context', () => {
    expect(dates('In September, the general resigned.')).toEqual([['September', '2022-09']]);
    expect(dates('The vote will take place in September.')).toEqual([['September', '2023-09']]);
    expect(dates('Prices have risen since May.')).toEqual([['May', '2022-05']]);
    expect(dates('In March, the talks collapsed.')).toEqual([['March', '2023-03']]);
  });

  it('late / early / mid keep the precision of what they modify', () => {
    const [late] = items('Fighting intensified in late January.');
    expect(late).toMatchObject({ text: 'late January', value: '2023-01', precision: 'month' });
    expect(dates('Production is expected to resume in early April.')).toEqual([['early April', '2023-04']]);
    const [mid] = items('Prices rose sharply in mid-2022.');
    expect(mid).toMatchObject({ text: 'mid-2022', value: '2022', precision: 'year' });
    expect(dates('The deal expires at the end of March.')).toEqual([['end of March', '2023-03']]);
  });

  it('this month, earlier this month, last month, last year, this week', () => {
    expect(dates('Earlier this month, rebels seized the town.')).toEqual([['Earlier this month', '2023-03']]);
    expect(dates('Last month the ministry reported losses.')).toEqual([['Last month', '2023-02']]);
    expect(dates('Last year, the country joined the alliance.')).toEqual([['Last year', '2022']]);
    const [week] = items('Officials met twice this week.');
    expect(week).toMatchObject({ text: 'this week', value: '2023-03', range: ['2023-03-13', '2023-03-19'] });
    expect(dates('In the past year, prices doubled. Over the last month, attacks grew.')).toEqual([]);
  });

  it('calendar dates and ranges', () => {
    const [d] = items('On March 3, 2022, the convoy stopped.');
    expect(d).toMatchObject({
      text: 'March 3, 2022',
      value: '2022-03-03',
      precision: 'day',
      basis: 'absolute',
    });
    expect(dates('Shelling continued from February 24 to March 3.')).toEqual([
      ['February 24', '2023-02-24'],
      ['March 3', '2023-03-03'],
    ]);
  });

  it('years after a preposition, in ranges and before a singular noun', () => {
    expect(dates('It was the worst crisis since the Second World War (1939-1945).')).toEqual([
      ['1939', '1939'],
      ['1945', '1945'],
    ]);
    expect(dates('The region was contested from 2014 to 2022.')).toEqual([
      ['2014', '2014'],
      ['2022', '2022'],
    ]);
    expect(dates('The 2014 annexation of Crimea was condemned.')).toEqual([['2014', '2014']]);
    expect(dates('Elections are planned for 2024.')).toEqual([['2024', '2024']]);
    expect(dates('The accords of 2014 and 2015 failed.')).toEqual([
      ['2014', '2014'],
      ['2015', '2015'],
    ]);
    expect(dates('Since the port closed in July of last year, ships have waited.')).toEqual([
      ['July of last year', '2022-07'],
    ]);
  });
});

describe("a conflict's Nth day", () => {
  it('counts from the start of the conflict the sentence names', () => {
    expect(dates("As the war's 100th day approached, Kyiv asked for more weapons.")).toEqual([
      ["the war's 100th day", '2022-06-03'],
    ]);
    expect(dates('Day 200 of the war in Sudan brought no respite.', '2024-01-10')).toEqual([
      ['Day 200 of the war', '2023-10-31'],
    ]);
    const [d] = items('On the 30th day of the war, Israeli forces entered Gaza City.', '2024-01-10');
    expect(d).toMatchObject({ value: '2023-11-05', basis: 'conflict', conflict: 'israel-hamas-2023' });
  });

  it('or the one the article is about', () => {
    expect(dates('Ukraine asked for air defence.\nThe invasion entered its 50th day.', '2022-04-20')).toEqual(
      [['its 50th day', '2022-04-14']],
    );
    expect(dates('The war entered its 300th day.')).toEqual([]);
  });

  it('gives way to a date the sentence already has', () => {
    expect(dates('Ukraine says the war, which today entered its 20th day, goes on.', '2022-03-15')).toEqual([
      ['today', '2022-03-15'],
    ]);
  });
});

describe('counted from an earlier date of the article', () => {
  it('"two days earlier", "a week later" count from the last date precise to the day', () => {
    expect(
      dates(
        'Drones struck the port on 10 March. Two days earlier, a missile hit the station. Talks resumed a week later.',
      ),
    ).toEqual([
      ['10 March', '2023-03-10'],
      ['Two days earlier', '2023-03-08'],
      ['a week later', '2023-03-15'],
    ]);
  });

  it('not before an event, and not without a date to count from', () => {
    expect(dates('Shelling resumed on 10 March, two days before the vote.')).toEqual([
      ['10 March', '2023-03-10'],
    ]);
    expect(dates('A day later, the town fell.')).toEqual([]);
  });
});

describe("a date that names a noun's event", () => {
  it('takes no tense from the clause around it: the last such day, unless a future cue precedes it', () => {
    // Published 15 March 2023: "will" would otherwise send 1 February to 2024.
    expect(
      dates('Any attack will be met with force, officials said over the barrage of February 1.'),
    ).toEqual([['February 1', '2023-02-01']]);
    expect(dates('Israel will respond to the February 1 attack.')).toEqual([['February 1', '2023-02-01']]);
    expect(dates('Leaders will meet at the upcoming March 1 summit.')).toEqual([['March 1', '2024-03-01']]);
  });
});

describe('false positives', () => {
  it.each([
    'The missile flies at 10 times the speed of sound.',
    'Units remain on 24-hour combat duty.',
    'Under Article 5, an attack on one is an attack on all.',
    'F-16 jets and 155mm shells arrived.',
    'It is one for all and all for one.',
    'The range is 2,000 kilometres.',
    'He is 45 years old.',
    'Troops were deployed, ten times more than a year before.',
    'Washington now believes the risk is lower.',
    'Theresa May said they may march.',
    'The Sunday Times reported that the plan was dropped.',
    'The ceasefire, agreed on Good Friday, held.',
    'The army has a fleet of 2000 tanks.',
    'Since the 9/11 attacks, security has changed.',
    'Two days later, the town fell.',
  ])('%s', (text) => {
    expect(dates(text)).toEqual([]);
  });
});

describe('without a publication date', () => {
  it('keeps only dates that do not need it', () => {
    expect(dates('On Tuesday, the army said it had taken the town on 12 March 2022.', null)).toEqual([
      ['12 March 2022', '2022-03-12'],
    ]);
    expect(dates('In September, the general resigned. Last year was hard.', null)).toEqual([]);
    expect(dates("The war's 100th day in Ukraine passed quietly.", null)).toEqual([
      ["The war's 100th day", '2022-06-03'],
    ]);
    expect(dates('It happened in 2014.', null)).toEqual([['2014', '2014']]);
  });

  it('treats a publication month as too coarse for weekdays', () => {
    const doc = annotate(
      {
        id: 't',
        title: null,
        url: null,
        published: '2023-03',
        publishedPrecision: 'month',
        source: null,
        language: 'en',
      },
      'On Tuesday, the army said it had taken the town.',
    );
    expect(extractDates(doc)).toEqual([]);
  });
});

describe('calendar', () => {
  const wed = dayNumber(2023, 3, 15);
  it('resolves weekdays around a reference day', () => {
    expect(formatDay(resolveWeekday(wed, 3, 'before'))).toBe('2023-03-08');
    expect(formatDay(resolveWeekday(wed, 3, 'on-or-before'))).toBe('2023-03-15');
    expect(formatDay(resolveWeekday(wed, 3, 'after'))).toBe('2023-03-22');
    expect(formatDay(resolveWeekday(wed, 1, 'nearest'))).toBe('2023-03-13');
    expect(formatDay(resolveWeekday(wed, 6, 'nearest'))).toBe('2023-03-18');
  });

  it('picks the year of a month written without one', () => {
    expect(resolveYear(wed, 9, null, 'past')).toBe(2022);
    expect(resolveYear(wed, 9, null, 'future')).toBe(2023);
    expect(resolveYear(wed, 3, null, 'past')).toBe(2023);
    expect(resolveYear(wed, 3, 20, 'past')).toBe(2022);
    expect(resolveYear(wed, 4, 2, 'neutral')).toBe(2023);
  });
});

describe('lexicon', () => {
  it('loads the packaged date knowledge', () => {
    const lex = dateLexicon();
    expect(lex.conflicts.map((c) => c.id)).toContain('russia-ukraine-2022');
    expect(formatDay(lex.conflicts.find((c) => c.id === 'russia-ukraine-2022')!.start)).toBe('2022-02-24');
    expect(lex.futureCues.length).toBeGreaterThan(5);
  });

  it('rejects unknown entry types with the file and line', () => {
    expect(() => buildDateLexicon([{ file: 'x.jsonl', line: 3, value: { type: 'nonsense' } }])).toThrow(
      /x.jsonl:3/,
    );
  });
});
