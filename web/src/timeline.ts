// Timeline: events per period by PLOVER type, stacked. Wheel or the slider zooms; dragging across
// the bars (a brush) sets the date filter. It shows every date for the other filters, with the
// selected dates shaded, so the context stays visible while a range is chosen.
import type { EChartsCoreOption } from 'echarts/core';
import { errorText, getJson, isAbort } from './api.js';
import { autoResize, echarts } from './charts.js';
import { EVENT_TYPES, typeColor } from './colors.js';
import { h, message } from './dom.js';
import { boundDay, eventParams, type Filters, inRange } from './state.js';
import type { Series } from './types.js';

const DAY = 86_400_000;
type Bucket = 'day' | 'week' | 'month';

const dayMs = (d: string) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10));
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

function bucketStart(t: number, b: Bucket): number {
  if (b === 'day') return t;
  const d = new Date(t);
  if (b === 'week') return t - ((d.getUTCDay() + 6) % 7) * DAY;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function nextBucket(t: number, b: Bucket): number {
  if (b === 'day') return t + DAY;
  if (b === 'week') return t + 7 * DAY;
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

function label(t: number, b: Bucket): string {
  const d = isoDay(t);
  return b === 'month' ? d.slice(0, 7) : b === 'week' ? `week of ${d}` : d;
}

/** Finest period that keeps the number of bars readable for a span of days. */
function bucketFor(spanDays: number): Bucket {
  if (spanDays <= 150) return 'day';
  if (spanDays <= 1000) return 'week';
  return 'month';
}

export interface TimelineData {
  /** Events matching every filter (the dates included). */
  total: number;
  undated: number;
}

export class Timeline {
  readonly el: HTMLElement;
  private chartEl: HTMLElement;
  private head: HTMLElement;
  private msg: HTMLElement;
  private chart: echarts.ECharts | null = null;
  private starts: number[] = [];
  private bucket: Bucket = 'day';
  private rendered = false;

  constructor(
    el: HTMLElement,
    private readonly onRange: (since: string, until: string) => void,
  ) {
    this.el = el;
    this.head = h('div', { class: 'panel-note', id: 'timeline-total' });
    this.chartEl = h('div', {
      class: 'chart timeline-chart',
      role: 'img',
      'aria-label': 'Events per period',
    });
    this.msg = h('div', { class: 'panel-msg' });
    el.append(
      h(
        'header',
        { class: 'panel-head' },
        h('h2', {}, 'Timeline'),
        this.head,
        h(
          'div',
          { class: 'panel-tools' },
          h(
            'button',
            { type: 'button', class: 'small', onclick: () => this.useVisible() },
            'Filter to visible dates',
          ),
          h('button', { type: 'button', class: 'small', onclick: () => this.onRange('', '') }, 'All dates'),
        ),
      ),
      this.msg,
      this.chartEl,
      h('p', { class: 'hint' }, 'Drag across the bars to set the dates; scroll or use the slider to zoom.'),
    );
  }

  async update(f: Filters, signal: AbortSignal): Promise<TimelineData | null> {
    this.el.setAttribute('aria-busy', 'true');
    let s: Series;
    try {
      // Every date for the other filters: the selected range is shaded within its context.
      s = await getJson<Series>('series', { ...eventParams(f, false), by: 'type', interval: 'day' }, signal);
    } catch (e) {
      if (isAbort(e)) return null;
      this.el.removeAttribute('aria-busy');
      this.head.textContent = '';
      this.msg.replaceChildren(message(errorText(e), 'error'));
      this.chartEl.hidden = true;
      return null;
    }
    this.el.removeAttribute('aria-busy');
    const dated = f.since || f.until;
    const rows = s.items.filter((r): r is typeof r & { period: string; type: string } =>
      Boolean(r.period && r.type),
    );
    const inSel = dated ? rows.filter((r) => inRange(r.period, f)) : rows;
    const total = inSel.reduce((n, r) => n + r.count, 0) + (dated ? 0 : s.undated);
    this.head.dataset.total = String(total);
    this.head.textContent = dated
      ? `${total.toLocaleString('en')} events from ${f.since ? boundDay(f.since, false) : 'the start'} to ${f.until ? boundDay(f.until, true) : 'the end'}`
      : `${total.toLocaleString('en')} events${s.undated ? ` (${s.undated.toLocaleString('en')} without a day are not on the timeline)` : ''}`;

    if (rows.length === 0) {
      this.msg.replaceChildren(message('No events match these filters.'));
      this.chartEl.hidden = true;
      return { total, undated: s.undated };
    }
    this.msg.replaceChildren(
      total === 0 ? message('No events match these filters in the selected dates.') : '',
    );
    this.chartEl.hidden = false;
    this.draw(rows, f);
    return { total, undated: dated ? 0 : s.undated };
  }

  private draw(rows: { period: string; type: string; count: number }[], f: Filters): void {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const r of rows) {
      const t = dayMs(r.period);
      if (t < min) min = t;
      if (t > max) max = t;
    }
    const selFrom = f.since ? dayMs(boundDay(f.since, false)) : min;
    const selTo = f.until ? dayMs(boundDay(f.until, true)) : max;
    const focus =
      f.since || f.until ? (Math.max(selTo, selFrom) - Math.min(selFrom, selTo)) / DAY : (max - min) / DAY;
    let b = bucketFor(focus);
    // Too many bars over the whole span makes the chart slow: go coarser.
    while (b !== 'month' && (max - min) / DAY / (b === 'day' ? 1 : 7) > 3000)
      b = b === 'day' ? 'week' : 'month';
    this.bucket = b;

    const starts: number[] = [];
    for (let t = bucketStart(min, b); t <= max; t = nextBucket(t, b)) starts.push(t);
    this.starts = starts;
    const index = new Map(starts.map((t, i) => [t, i]));
    const byType = new Map<string, number[]>();
    for (const r of rows) {
      let arr = byType.get(r.type);
      if (!arr) {
        arr = new Array<number>(starts.length).fill(0);
        byType.set(r.type, arr);
      }
      const i = index.get(bucketStart(dayMs(r.period), b));
      if (i != null) arr[i] = (arr[i] ?? 0) + r.count;
    }
    const types = [
      ...EVENT_TYPES.filter((t) => byType.has(t)),
      ...[...byType.keys()].filter((t) => !EVENT_TYPES.includes(t)),
    ];

    // The selected dates, as category indices (shaded, and where the zoom starts).
    const i0 = f.since ? starts.findIndex((t) => nextBucket(t, b) > selFrom) : -1;
    let i1 = -1;
    if (f.until)
      for (let i = starts.length - 1; i >= 0; i--)
        if ((starts[i] ?? 0) <= selTo) {
          i1 = i;
          break;
        }
    const dated = Boolean(f.since || f.until);
    const a = dated ? Math.max(0, i0 < 0 ? 0 : i0) : 0;
    const z = dated ? (i1 < 0 ? starts.length - 1 : i1) : starts.length - 1;
    const pad = Math.max(2, Math.round((z - a) * 0.15));

    const categories = starts.map((t) => label(t, b));
    const option: EChartsCoreOption = {
      animation: false,
      useUTC: true,
      color: types.map(typeColor),
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true, order: 'valueDesc' },
      legend: {
        type: 'scroll',
        top: 0,
        left: 0,
        right: 0,
        itemWidth: 12,
        itemHeight: 10,
        textStyle: { fontSize: 11 },
      },
      grid: { left: 40, right: 12, top: 34, bottom: 58 },
      xAxis: { type: 'category', data: categories, axisTick: { alignWithLabel: true } },
      yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eceef1' } } },
      dataZoom: [
        {
          type: 'inside',
          zoomOnMouseWheel: true,
          moveOnMouseMove: false,
          moveOnMouseWheel: false,
          startValue: Math.max(0, a - pad),
          endValue: Math.min(starts.length - 1, z + pad),
        },
        {
          type: 'slider',
          height: 18,
          bottom: 8,
          startValue: Math.max(0, a - pad),
          endValue: Math.min(starts.length - 1, z + pad),
          showDetail: false,
          brushSelect: false,
        },
      ],
      brush: {
        xAxisIndex: 0,
        brushType: 'lineX',
        brushMode: 'single',
        throttleType: 'debounce',
        throttleDelay: 300,
        transformable: false,
        brushStyle: { color: 'rgba(40,60,90,0.12)', borderColor: 'rgba(40,60,90,0.5)' },
        outOfBrush: { colorAlpha: 0.35 },
      },
      toolbox: { show: false },
      series: types.map((t, k) => ({
        name: t,
        type: 'bar',
        stack: 'events',
        barMaxWidth: 28,
        barMinHeight: 0,
        emphasis: { focus: 'series' },
        data: byType.get(t),
        ...(k === 0 && dated
          ? {
              markArea: {
                silent: true,
                itemStyle: { color: 'rgba(255, 214, 102, 0.25)' },
                data: [[{ xAxis: a }, { xAxis: z }]],
              },
            }
          : {}),
      })),
    };
    if (!this.chart) {
      this.chart = echarts.init(this.chartEl, null, { renderer: 'canvas' });
      autoResize(this.chart, this.chartEl);
      this.chart.on('brushEnd', (p) => this.brushed(p as { areas?: { coordRange?: number[] }[] }));
      this.chart.on('finished', () => {
        if (this.rendered) return;
        this.rendered = true;
        // What bench/dashboard.ts measures: the first timeline on screen.
        performance.mark('redline:timeline-rendered');
        this.el.dataset.rendered = 'true';
      });
    }
    this.chart.setOption(option, { notMerge: true });
    this.chartEl.dataset.bucket = b;
    this.chart.dispatchAction({
      type: 'takeGlobalCursor',
      key: 'brush',
      brushOption: { brushType: 'lineX', brushMode: 'single' },
    });
  }

  private rangeOf(i0: number, i1: number): [string, string] | null {
    const lo = Math.max(0, Math.min(i0, i1));
    const hi = Math.min(this.starts.length - 1, Math.max(i0, i1));
    const s = this.starts[lo];
    const e = this.starts[hi];
    if (s == null || e == null) return null;
    return [isoDay(s), isoDay(nextBucket(e, this.bucket) - DAY)];
  }

  private brushed(p: { areas?: { coordRange?: number[] }[] }): void {
    const r = p.areas?.[0]?.coordRange;
    if (!r || r.length < 2) return;
    const range = this.rangeOf(Math.round(r[0]!), Math.round(r[1]!));
    this.chart?.dispatchAction({ type: 'brush', areas: [] });
    if (range) this.onRange(range[0], range[1]);
  }

  private useVisible(): void {
    if (!this.chart) return;
    const dz = (this.chart.getOption() as { dataZoom?: { startValue?: number; endValue?: number }[] })
      .dataZoom?.[0];
    if (dz?.startValue == null || dz.endValue == null) return;
    const range = this.rangeOf(dz.startValue, dz.endValue);
    if (range) this.onRange(range[0], range[1]);
  }
}
