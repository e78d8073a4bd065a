import { describe, expect, it } from 'vitest';
import {
  dyadTotals,
  dyadTotalsOf,
  escalationIndex,
  type IndexCluster,
  inDyad,
  parseDyad,
  periodOf,
  ROW_DRIVERS,
  robustZ,
  weekLabel,
} from '../../src/analyze/escalation.js';
import { defaultKb } from '../../src/kb/load.js';

const kb = defaultKb();
let next = 1;
function ev(
  day: string | null,
  type: string,
  sources: string[],
  targets: string[],
  extra: Partial<IndexCluster> = {},
): IndexCluster {
  return {
    id: next++,
    type,
    group: 'happened',
    day,
    sources,
    targets,
    intensity: null,
    reports: 1,
    articles: 1,
    text: `${type} on ${day}`,
    ...extra,
  };
}
const RN = { a: 'RUS', b: 'NATO', directed: false };

describe('dyads and periods', () => {
  it('parses A:B as both directions and A>B as one', () => {
    expect(parseDyad('RUS:NATO')).toEqual({ a: 'RUS', b: 'NATO', directed: false });
    expect(parseDyad('RUS>NATO')).toEqual({ a: 'RUS', b: 'NATO', directed: true });
    expect(parseDyad('RUS')).toBeNull();
  });

  it('matches events of the pair in either direction unless directed', () => {
    expect(inDyad({ sources: ['NATO'], targets: ['RUS'] }, RN)).toBe(true);
    expect(inDyad({ sources: ['NATO'], targets: ['RUS'] }, { ...RN, directed: true })).toBe(false);
    expect(inDyad({ sources: ['RUS', 'NATO'], targets: [] }, RN)).toBe(true);
    expect(inDyad({ sources: ['RUS'], targets: ['UKR'] }, RN)).toBe(false);
  });

  it('puts a day in its ISO week, starting on Monday', () => {
    expect(periodOf('2024-03-07', 'week')).toBe('2024-03-04');
    expect(periodOf('2024-03-04', 'week')).toBe('2024-03-04');
    expect(periodOf('2024-03-10', 'week')).toBe('2024-03-04');
    expect(weekLabel('2024-03-04')).toBe('2024-W10');
    expect(weekLabel('2024-12-30')).toBe('2025-W01');
    expect(periodOf('2024-03-07T10:00', 'day')).toBe('2024-03-07');
  });
});

describe('escalation index', () => {
  it('counts clustered events once, weights them by intensity into three families and normalises by articles', () => {
    const clusters = [
      ev('2024-03-05', 'THREATEN', ['RUS'], ['NATO'], { intensity: -4.4, reports: 5 }),
      ev('2024-03-05', 'MOBILIZE', ['NATO'], ['RUS'], { reports: 2 }),
      ev('2024-03-06', 'CONSULT', ['RUS', 'NATO'], [], { intensity: 1 }),
      // Not the pair, not happened, or dated to a month only: none of these is scored.
      ev('2024-03-05', 'ASSAULT', ['RUS'], ['UKR']),
      ev('2024-03-05', 'ASSAULT', ['RUS'], ['NATO'], { group: 'hypothetical' }),
      ev('2024-03-05', 'ASSAULT', ['RUS'], ['NATO'], { group: 'negated' }),
      ev(null, 'ASSAULT', ['RUS'], ['NATO']),
    ];
    const articles = new Map([
      ['2024-03-05', 4],
      ['2024-03-06', 1],
    ]);
    const { rows, undated } = escalationIndex(kb, clusters, articles, RN, { by: 'week' });
    expect(undated).toBe(1);
    expect(rows).toHaveLength(1);
    const r = rows[0]!;
    expect(r).toMatchObject({
      period: '2024-03-04',
      label: '2024-W10',
      articles: 5,
      events: 3,
      reports: 8,
      notCounted: 2,
    });
    expect(r.byType).toEqual({ THREATEN: 1, MOBILIZE: 1, CONSULT: 1 });
    // THREATEN has its own intensity (4.4); MOBILIZE has none, so its family weight (5.3) counts.
    expect(r.score).toEqual({ verbal: 4.4, material: 5.3, cooperation: 1 });
    expect(r.perArticle).toEqual({ verbal: 0.88, material: 1.06, cooperation: 0.2 });
    expect(r.eventsPerArticle).toBe(0.6);
    expect(r.drivers.map((d) => d.type)).toEqual(['MOBILIZE', 'THREATEN', 'CONSULT']);
  });

  it('shows a period without articles as a gap, never a zero, and does not fill missing periods', () => {
    const clusters = [
      ev('2024-01-02', 'ACCUSE', ['RUS'], ['NATO']),
      ev('2024-01-20', 'ACCUSE', ['NATO'], ['RUS']),
    ];
    const { rows } = escalationIndex(kb, clusters, new Map([['2024-01-02', 2]]), RN, { by: 'day' });
    expect(rows.map((r) => [r.period, r.articles, r.perArticle?.verbal ?? null])).toEqual([
      ['2024-01-02', 2, 1],
      ['2024-01-20', 0, null],
    ]);
  });

  it('flags a shift by robust z-score against the trailing window and lists the events behind it', () => {
    // Eight quiet weeks with one accusation each, then a week of strikes.
    const clusters: IndexCluster[] = [];
    const articles = new Map<string, number>();
    const mondays = [
      '2024-01-01',
      '2024-01-08',
      '2024-01-15',
      '2024-01-22',
      '2024-01-29',
      '2024-02-05',
      '2024-02-12',
      '2024-02-19',
      '2024-02-26',
    ];
    mondays.forEach((m, i) => {
      articles.set(m, 10);
      clusters.push(ev(m, 'ACCUSE', ['RUS'], ['NATO'], { intensity: i % 2 ? -2 : -3 }));
    });
    clusters.push(
      ev('2024-02-27', 'ASSAULT', ['RUS'], ['NATO'], {
        intensity: -10,
        reports: 7,
        text: 'strike on the base',
      }),
    );
    clusters.push(ev('2024-02-28', 'ASSAULT', ['RUS'], ['NATO'], { intensity: -9 }));
    const { rows } = escalationIndex(kb, clusters, articles, RN, { by: 'week', window: 8, minHistory: 4 });
    expect(rows).toHaveLength(9);
    const flagged = rows.filter((r) => r.shifts.length);
    expect(flagged.map((r) => r.label)).toEqual(['2024-W09']);
    const shift = flagged[0]!.shifts.find((s) => s.series === 'material')!;
    expect(shift).toMatchObject({ direction: 'up', median: 0, value: 1.9 });
    expect(shift.z).toBe(99);
    expect(shift.drivers.map((d) => d.text)).toEqual(['strike on the base', 'ASSAULT on 2024-02-28']);
    // The verbal series kept its range (0.2 or 0.3 per article): no verbal shift.
    expect(flagged[0]!.shifts.some((s) => s.series === 'verbal')).toBe(false);
  });

  it('computes the robust z-score from the median and the MAD', () => {
    // median 10, |deviations| 0,1,1,2,2 → MAD 1 → scale 1.4826.
    expect(robustZ(16, [10, 9, 11, 8, 12]).z).toBeCloseTo(6 / 1.4826, 4);
    expect(robustZ(10, [10, 9, 11, 8, 12]).z).toBe(0);
    // More than half the history equal: the mean absolute deviation takes over.
    expect(robustZ(5, [1, 1, 1, 3]).z).toBeCloseTo(4 / (0.5 * 1.2533), 4);
    expect(robustZ(2, [0, 0, 0, 0])).toEqual({ z: 99, median: 0 });
    expect(robustZ(0, [0, 0, 0, 0]).z).toBe(0);
  });

  it('needs enough history before it flags anything', () => {
    const clusters = [
      ev('2024-01-01', 'ACCUSE', ['RUS'], ['NATO']),
      ev('2024-01-08', 'ASSAULT', ['RUS'], ['NATO']),
    ];
    const articles = new Map([
      ['2024-01-01', 1],
      ['2024-01-08', 1],
    ]);
    const { rows } = escalationIndex(kb, clusters, articles, RN, { by: 'week' });
    expect(rows.flatMap((r) => r.shifts)).toEqual([]);
  });

  it('lists actor pairs by their events', () => {
    const totals = dyadTotals(kb, [
      ev('2024-01-01', 'ACCUSE', ['RUS'], ['NATO']),
      ev('2024-01-02', 'ASSAULT', ['NATO'], ['RUS']),
      ev('2024-01-02', 'AID', ['USA'], ['UKR'], { group: 'future' }),
    ]);
    expect(totals).toMatchObject([
      { a: 'NATO', b: 'RUS', events: 2, score: { verbal: 2, material: 9.3, cooperation: 0 } },
    ]);
  });
});

describe('at scale', () => {
  it('a row names its heaviest events, at most ROW_DRIVERS, and counts all of them', () => {
    const busy = Array.from({ length: 15 }, (_, i) =>
      ev('2024-03-05', i < 3 ? 'ASSAULT' : 'ACCUSE', ['RUS'], ['NATO'], { intensity: i < 3 ? -10 : -2 }),
    );
    const [row] = escalationIndex(kb, busy, new Map([['2024-03-05', 5]]), RN, { by: 'week' }).rows;
    expect(row!.events).toBe(15);
    expect(row!.drivers).toHaveLength(ROW_DRIVERS);
    expect(row!.drivers.slice(0, 3).map((d) => d.type)).toEqual(['ASSAULT', 'ASSAULT', 'ASSAULT']);
  });

  it('totals over clusters summed by type and actors equal totals over the clusters one by one', () => {
    const cs = [
      ev('2024-03-05', 'ASSAULT', ['RUS'], ['UKR'], { intensity: -10, reports: 3 }),
      ev('2024-03-06', 'ASSAULT', ['RUS'], ['UKR'], { intensity: -9, reports: 1 }),
      ev('2024-03-06', 'ACCUSE', ['UKR'], ['RUS'], { reports: 2 }),
      ev('2024-03-07', 'ACCUSE', ['UKR'], ['RUS'], { reports: 1, group: 'hypothetical' }),
    ];
    const groups = [
      {
        type: 'ASSAULT',
        group: 'happened',
        sources: ['RUS'],
        targets: ['UKR'],
        n: 2,
        reports: 4,
        weight: 19,
        unweighted: 0,
      },
      {
        type: 'ACCUSE',
        group: 'happened',
        sources: ['UKR'],
        targets: ['RUS'],
        n: 1,
        reports: 2,
        weight: 0,
        unweighted: 1,
      },
      {
        type: 'ACCUSE',
        group: 'hypothetical',
        sources: ['UKR'],
        targets: ['RUS'],
        n: 1,
        reports: 1,
        weight: 0,
        unweighted: 1,
      },
    ];
    expect(dyadTotalsOf(kb, groups)).toEqual(dyadTotals(kb, cs));
    expect(dyadTotalsOf(kb, groups)).toMatchObject([{ a: 'RUS', b: 'UKR', events: 3, reports: 6 }]);
  });
});
