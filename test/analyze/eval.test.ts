import { describe, expect, it } from 'vitest';
import { evalConstructed, evalPipeline, loadLabels, pairwise } from '../../src/analyze/eval.js';

describe('same-event linking measured on the labelled reports', () => {
  it('scores pairs: a link between different events is a false positive, a missed one a false negative', () => {
    const s = pairwise(['a', 'a', 'a', 'b'], [1, 1, 2, 1]);
    expect([s.tp, s.fp, s.fn, s.positives, s.pairs]).toEqual([1, 2, 2, 3, 6]);
    expect(s.precision).toBeCloseTo(1 / 3);
    expect(pairwise(['a', 'a'], [null, null]).recall).toBe(0);
  });

  it('has a labelled set with several outlets per event and hard negatives', () => {
    const { reports } = loadLabels();
    const events = new Set(reports.map((r) => r.event));
    expect(reports.length).toBeGreaterThanOrEqual(100);
    expect(events.has('kharkiv-0611') && events.has('dnipro-0611') && events.has('kharkiv-0613')).toBe(true);
  });

  it('reaches F1 ≥ 0.90 on the constructed records', async () => {
    const r = await evalConstructed();
    expect(r.found).toBe(r.reports);
    expect(r.f1).toBeGreaterThanOrEqual(0.9);
  });

  // End to end: the real extractor on the sample corpus, then the clustering. A regression guard
  // for both; `npm run eval:clusters -- --verbose` lists the pairs it gets wrong.
  it('reaches F1 ≥ 0.90 end to end with the real extractor', async () => {
    const r = await evalPipeline();
    expect(r.found).toBeGreaterThanOrEqual(90);
    expect(r.precision).toBeGreaterThanOrEqual(0.9);
    expect(r.f1).toBeGreaterThanOrEqual(0.9);
  }, 60_000);
});
