// Escalation: the index of one actor pair per week or day (GET /api/index). Lines are the verbal
// conflict, material conflict and cooperation scores per article; bars beside them are the
// coverage (articles stored for the period), so a rise in events can be told from a rise in news.
// A period without articles is a gap (no point, shaded), never a zero, and a stretch with neither
// articles nor events is cut out and marked "…". Flagged shifts are triangles. Clicking a period
// or a shift lists the events that drove it; an event opens its cluster (every outlet's report)
// and a report opens the reader on its evidence.
import type { EChartsCoreOption } from 'echarts/core';
import { errorText, getJson, isAbort } from './api.js';
import { autoResize, echarts } from './charts.js';
import { h, message } from './dom.js';
import { modalityBadge, typeChip } from './lists.js';
import type { EscalationState, Filters, IndexPeriod } from './state.js';
import type {
  ClusterDetail,
  DyadItem,
  EscalationIndex,
  Family,
  IndexDriver,
  IndexRow,
  IndexShift,
  Page,
} from './types.js';

const FAMILIES: Family[] = ['verbal', 'material', 'cooperation'];
const FAMILY_LABEL: Record<Family, string> = {
  verbal: 'Verbal conflict',
  material: 'Material conflict',
  cooperation: 'Cooperation',
};
const FAMILY_COLOR: Record<Family, string> = {
  verbal: '#d97b0f',
  material: '#b3261e',
  cooperation: '#2c6fbb',
};
const COVERAGE_COLOR = '#cdd3dc';
const COVERAGE = 'Articles (coverage)';
/** More periods than this get a zoom slider. */
const ZOOM_FROM = 60;
/** How close (px) a click must be to a shift marker to pick the shift rather than its period. */
const HIT_RADIUS = 12;

/** A category of the chart: an index row, or a cut-out stretch without articles or events. */
export interface Category {
  label: string;
  row: IndexRow | null;
  /** For a cut: the first and last day left out. */
  from?: string;
  to?: string;
}

const DAY = 86_400_000;
function addDays(day: string, n: number): string {
  const t = Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)) + n * DAY;
  return new Date(t).toISOString().slice(0, 10);
}

/** The rows in order, with a "…" category wherever periods are missing between two rows. */
export function categories(rows: IndexRow[], by: IndexPeriod): Category[] {
  const step = by === 'day' ? 1 : 7;
  const out: Category[] = [];
  let prev: IndexRow | null = null;
  for (const r of rows) {
    if (prev && r.period !== addDays(prev.period, step))
      out.push({ label: '…', row: null, from: addDays(prev.period, step), to: addDays(r.period, -1) });
    out.push({ label: r.label, row: r });
    prev = r;
  }
  return out;
}

/**
 * A markArea over one category's whole band. On a bar series (and with ticks between categories)
 * ECharts stretches [i, i] from tick to tick; elsewhere it would have no width.
 */
const band = (i: number, color: string) => [{ xAxis: i, itemStyle: { color } }, { xAxis: i }];
const GAP_COLOR = 'rgba(120, 128, 140, 0.13)';
const SELECTED_COLOR = 'rgba(255, 214, 102, 0.4)';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));
const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
/** A capped z means the history was flat: any change is off the scale. */
const zText = (z: number) => (Math.abs(z) >= 99 ? `${z > 0 ? '≥ 99' : '≤ −99'} (flat history)` : num(z));
const arrow = (s: IndexShift) => (s.direction === 'up' ? '▲' : '▼');

export interface EscalationCallbacks {
  /** The user picked a pair or a period length (kept in the address). */
  onState: (s: EscalationState) => void;
  /** A report of a cluster was clicked: open the reader on its evidence. */
  onReport: (articleId: string, eventId: number) => void;
}

/** What the chart draws, read back from ECharts (for the browser tests). */
export interface EscalationProbe {
  categories: string[];
  lines: Record<Family, (number | null)[]>;
  coverage: (number | null)[];
  shifts: { index: number; value: number }[];
}

export class Escalation {
  readonly el: HTMLElement;
  private select: HTMLSelectElement;
  private byButtons: Record<IndexPeriod, HTMLButtonElement>;
  private note: HTMLElement;
  private msg: HTMLElement;
  private chartEl: HTMLElement;
  private hint: HTMLElement;
  private detail: HTMLElement;
  private driversEl: HTMLElement;
  private clusterEl: HTMLElement;
  private chart: echarts.ECharts | null = null;
  private pairs: DyadItem[] | null = null;
  private data: EscalationIndex | null = null;
  private cats: Category[] = [];
  private gaps: ReturnType<typeof band>[] = [];
  private state: EscalationState = { dyad: '', by: 'week' };
  private loadedKey = '';
  private ctl: AbortController | null = null;
  private clusterCtl: AbortController | null = null;

  constructor(
    el: HTMLElement,
    private readonly cb: EscalationCallbacks,
  ) {
    this.el = el;
    this.select = h('select', { id: 'esc-dyad', 'aria-label': 'Actor pair' });
    this.select.addEventListener('change', () => this.cb.onState({ ...this.state, dyad: this.select.value }));
    const byButton = (by: IndexPeriod, label: string) =>
      h(
        'button',
        {
          type: 'button',
          class: 'seg',
          'data-by': by,
          'aria-pressed': 'false',
          onclick: () => {
            if (by !== this.state.by) this.cb.onState({ ...this.state, by });
          },
        },
        label,
      );
    this.byButtons = { week: byButton('week', 'Week'), day: byButton('day', 'Day') };
    this.note = h('span', { class: 'panel-note', id: 'esc-note' });
    this.msg = h('div', { class: 'panel-msg' });
    this.chartEl = h('div', {
      class: 'chart escalation-chart',
      role: 'img',
      'aria-label': 'Escalation index of the actor pair per period',
    });
    this.hint = h(
      'p',
      { class: 'hint' },
      'Lines: score per article stored for the period (events counted once, however many outlets carried them, weighted by intensity). Grey bars: articles stored (coverage). Shaded: no articles, a gap rather than a zero; “…”: periods with neither articles nor events. ',
      h('span', { class: 'shift-key' }, '▲▼'),
      ' a flagged shift. Click a period or a shift for the events that drove it.',
    );
    this.driversEl = h('div', { class: 'esc-drivers', id: 'esc-drivers', 'aria-live': 'polite' });
    this.clusterEl = h('div', { class: 'esc-cluster', id: 'esc-cluster', 'aria-live': 'polite' });
    this.detail = h('div', { class: 'esc-detail' }, this.driversEl, this.clusterEl);
    el.append(
      h(
        'header',
        { class: 'panel-head' },
        h('h2', {}, 'Escalation'),
        this.note,
        h(
          'div',
          { class: 'panel-tools' },
          this.select,
          h(
            'div',
            { class: 'seg-group', role: 'group', 'aria-label': 'Period' },
            this.byButtons.week,
            this.byButtons.day,
          ),
        ),
      ),
      this.msg,
      this.chartEl,
      this.hint,
      this.detail,
    );
  }

  /** Load the index for the pair and period in the address and the dashboard's actor and dates. */
  async update(s: EscalationState, f: Filters): Promise<void> {
    const key = JSON.stringify([s, f.actor, f.since, f.until]);
    if (key === this.loadedKey) return;
    this.loadedKey = key;
    this.state = s;
    for (const [by, b] of Object.entries(this.byButtons)) b.setAttribute('aria-pressed', String(by === s.by));
    this.ctl?.abort();
    const ctl = new AbortController();
    this.ctl = ctl;
    this.el.setAttribute('aria-busy', 'true');
    try {
      await this.load(s, f, ctl.signal);
    } catch (e) {
      if (isAbort(e)) return;
      this.showMessage(message(errorText(e), 'error'));
      // A failed load is tried again on the next change.
      this.loadedKey = '';
    } finally {
      if (this.ctl === ctl) this.el.removeAttribute('aria-busy');
    }
  }

  private async load(s: EscalationState, f: Filters, signal: AbortSignal): Promise<void> {
    this.pairs ??= (await getJson<Page<DyadItem>>('index/dyads', { limit: 1000 }, signal)).items;
    if (!this.pairs.length) {
      this.select.replaceChildren(h('option', { value: '' }, 'No actor pairs'));
      this.select.disabled = true;
      this.note.textContent = '';
      this.showMessage(
        message(
          'No two actors have events yet, so there is no escalation index to draw. Ingest articles (redline ingest), then reload.',
        ),
      );
      return;
    }
    this.select.disabled = false;
    let dyad = s.dyad;
    let fallback = '';
    if (!dyad && f.actor) {
      // The actor filter's busiest pair, when the user has not picked one.
      const mine = await getJson<Page<DyadItem>>('index/dyads', { actor: f.actor, limit: 1 }, signal);
      dyad = mine.items[0]?.dyad ?? '';
      if (!dyad) fallback = `No pair with ${f.actor} has events: showing the busiest pair. `;
    }
    dyad ||= this.pairs[0]!.dyad;
    this.fillSelect(dyad);
    const idx = await getJson<EscalationIndex>(
      'index',
      { dyad, by: s.by, since: f.since, until: f.until },
      signal,
    );
    this.data = idx;
    const pair = `${idx.dyad.aLabel} ${idx.dyad.directed ? '→' : '–'} ${idx.dyad.bLabel}`;
    const shifts = idx.rows.reduce((n, r) => n + r.shifts.length, 0);
    this.el.dataset.dyad = dyad;
    this.el.dataset.by = idx.by;
    this.el.dataset.rows = String(idx.rows.length);
    this.note.textContent = `${fallback}${pair}${idx.dyad.directed ? '' : ' (both directions)'} · ${plural(idx.rows.length, idx.by === 'week' ? 'week' : 'day')} · ${plural(shifts, 'shift')}${idx.undated ? ` · ${plural(idx.undated, 'event')} dated only to a month or year left out` : ''}`;
    this.driversEl.replaceChildren();
    this.clusterEl.replaceChildren();
    if (!idx.rows.length) {
      this.showMessage(
        message(`No articles or events for ${pair}${f.since || f.until ? ' in these dates' : ''}.`),
      );
      return;
    }
    this.msg.replaceChildren();
    this.chartEl.hidden = false;
    this.hint.hidden = false;
    this.draw(idx);
    this.driversEl.replaceChildren(
      h('p', { class: 'muted' }, 'Click a period or a shift marker to list the events that drove it.'),
    );
  }

  private showMessage(m: HTMLElement): void {
    this.msg.replaceChildren(m);
    this.chartEl.hidden = true;
    this.hint.hidden = true;
    this.driversEl.replaceChildren();
    this.clusterEl.replaceChildren();
    delete this.el.dataset.rows;
  }

  private fillSelect(dyad: string): void {
    const pairs = this.pairs ?? [];
    const opts = pairs.map((p) =>
      h('option', { value: p.dyad }, `${p.aLabel} – ${p.bLabel} (${plural(p.events, 'event')})`),
    );
    // A pair typed into the address (a direction, a name) keeps its own entry.
    if (!pairs.some((p) => p.dyad === dyad)) opts.unshift(h('option', { value: dyad }, dyad));
    this.select.replaceChildren(...opts);
    this.select.value = dyad;
  }

  private draw(idx: EscalationIndex): void {
    const cats = categories(idx.rows, idx.by);
    this.cats = cats;
    const line = (f: Family) => cats.map((c) => (c.row?.perArticle ? c.row.perArticle[f] : null));
    this.gaps = cats.flatMap((c, i) => (!c.row || c.row.articles === 0 ? [band(i, GAP_COLOR)] : []));
    const shifts = cats.flatMap((c, i) =>
      (c.row?.shifts ?? []).map((s) => ({
        value: [i, s.value],
        symbolRotate: s.direction === 'down' ? 180 : 0,
        itemStyle: { color: FAMILY_COLOR[s.series] },
      })),
    );
    const zoom = cats.length > ZOOM_FROM;
    const option: EChartsCoreOption = {
      animation: false,
      legend: {
        top: 0,
        left: 0,
        right: 0,
        type: 'scroll',
        itemWidth: 14,
        itemHeight: 9,
        textStyle: { fontSize: 11 },
        data: [...FAMILIES.map((f) => FAMILY_LABEL[f]), COVERAGE, 'Shift'],
      },
      grid: { left: 42, right: 42, top: 42, bottom: zoom ? 62 : 30 },
      tooltip: {
        trigger: 'axis',
        triggerOn: 'mousemove',
        className: 'esc-tooltip',
        confine: true,
        axisPointer: { type: 'shadow' },
        formatter: (p: unknown) => this.tooltip(p),
      },
      xAxis: {
        type: 'category',
        data: cats.map((c) => c.label),
        triggerEvent: true,
        // A tick between every two periods: the shaded bands run from tick to tick.
        axisTick: { interval: 0 },
      },
      yAxis: [
        {
          type: 'value',
          name: 'score / article',
          nameTextStyle: { align: 'left', color: '#6b7280' },
          min: 0,
          splitLine: { lineStyle: { color: '#eceef1' } },
        },
        {
          type: 'value',
          name: 'articles',
          nameTextStyle: { align: 'right', color: '#6b7280' },
          min: 0,
          minInterval: 1,
          position: 'right',
          splitLine: { show: false },
        },
      ],
      ...(zoom
        ? {
            dataZoom: [
              { type: 'inside', startValue: cats.length - ZOOM_FROM, endValue: cats.length - 1 },
              {
                type: 'slider',
                height: 16,
                bottom: 6,
                startValue: cats.length - ZOOM_FROM,
                endValue: cats.length - 1,
                showDetail: false,
              },
            ],
          }
        : {}),
      series: [
        {
          id: 'coverage',
          name: COVERAGE,
          type: 'bar',
          yAxisIndex: 1,
          data: cats.map((c) => (c.row ? c.row.articles : null)),
          barMaxWidth: 24,
          itemStyle: { color: COVERAGE_COLOR },
          emphasis: { disabled: true },
          z: 1,
          // Periods without articles are shaded; the selected one is added on click.
          markArea: { silent: true, data: this.gaps },
        },
        ...FAMILIES.map((f) => ({
          id: f,
          name: FAMILY_LABEL[f],
          type: 'line',
          yAxisIndex: 0,
          data: line(f),
          // A period without articles has no value: the line breaks there.
          connectNulls: false,
          showAllSymbol: true,
          symbol: 'circle',
          symbolSize: 6,
          color: FAMILY_COLOR[f],
          lineStyle: { width: 2 },
          z: 3,
        })),
        {
          id: 'shifts',
          name: 'Shift',
          type: 'scatter',
          yAxisIndex: 0,
          symbol: 'triangle',
          symbolSize: 15,
          color: '#1f2430',
          itemStyle: { borderColor: '#1f2430', borderWidth: 1 },
          data: shifts,
          z: 5,
        },
      ],
    };
    if (!this.chart) {
      this.chart = echarts.init(this.chartEl, null, { renderer: 'canvas' });
      autoResize(this.chart, this.chartEl);
      // A tooltip shown by a click would otherwise stay over the chart while the lists are read.
      this.chartEl.addEventListener('mouseleave', () => this.chart?.dispatchAction({ type: 'hideTip' }));
      this.chart.getZr().on('click', (e) => this.clicked([e.offsetX, e.offsetY]));
      this.chart.on('click', (p) => {
        const x = p as { componentType?: string; value?: unknown; dataIndex?: number };
        // An axis label: its period (the label's index is the category's).
        if (x.componentType === 'xAxis' && typeof x.dataIndex === 'number') this.showPeriod(x.dataIndex);
      });
    }
    this.chart.setOption(option, { notMerge: true });
  }

  /** A click in the plot: a shift marker when one is under the pointer, else the period there. */
  private clicked(pt: [number, number]): void {
    const chart = this.chart;
    if (!chart?.containPixel({ gridIndex: 0 }, pt)) return;
    let hit: { i: number; s: IndexShift; d: number } | null = null;
    for (const [i, c] of this.cats.entries())
      for (const s of c.row?.shifts ?? []) {
        const p = chart.convertToPixel({ seriesId: 'shifts' }, [i, s.value]) as number[] | undefined;
        if (!p) continue;
        const d = Math.hypot((p[0] ?? 0) - pt[0], (p[1] ?? 0) - pt[1]);
        if (d <= HIT_RADIUS && (!hit || d < hit.d)) hit = { i, s, d };
      }
    const v = chart.convertFromPixel({ gridIndex: 0 }, pt) as number[] | undefined;
    const i = Math.round(v?.[0] ?? -1);
    if (hit) this.showShift(hit.i, hit.s);
    else if (i >= 0 && i < this.cats.length) this.showPeriod(i);
    // The lists below now say what the tooltip said; it would only cover the chart.
    chart.dispatchAction({ type: 'hideTip' });
  }

  /** Shade the chosen period on the chart. */
  private mark(i: number): void {
    this.chart?.setOption({
      series: [{ id: 'coverage', markArea: { data: [...this.gaps, band(i, SELECTED_COLOR)] } }],
    });
    this.el.dataset.selected = this.cats[i]?.label ?? '';
  }

  private periodName(r: IndexRow): string {
    return this.data?.by === 'week' ? `Week ${r.label} (from ${r.period})` : r.label;
  }

  showPeriod(i: number): void {
    const c = this.cats[i];
    if (!c) return;
    this.mark(i);
    this.clusterEl.replaceChildren();
    if (!c.row) {
      this.driversEl.replaceChildren(
        h('h3', {}, 'No articles, no events'),
        h('p', { class: 'muted' }, `Nothing was stored from ${c.from} to ${c.to}.`),
      );
      return;
    }
    const r = c.row;
    const head = h(
      'p',
      { class: 'muted' },
      r.articles
        ? `${plural(r.articles, 'article')} stored · ${plural(r.events, 'event')} counted (${plural(r.reports, 'report')})`
        : `No articles stored for this period: ${plural(r.events, 'event')} (${plural(r.reports, 'report')}) are shown but not normalised — a gap, not a zero.`,
      r.notCounted
        ? ` · ${plural(r.notCounted, 'event')} that did not happen (hypothetical, negated, future) not counted`
        : '',
    );
    const shiftLinks = r.shifts.map((s) =>
      h(
        'li',
        {},
        h(
          'button',
          { type: 'button', class: 'link', 'data-shift': s.series, onclick: () => this.showShift(i, s) },
          `${arrow(s)} ${FAMILY_LABEL[s.series]} shift, z = ${zText(s.z)}`,
        ),
      ),
    );
    this.driversEl.dataset.kind = 'period';
    this.driversEl.dataset.period = r.label;
    this.driversEl.replaceChildren(
      h('h3', {}, this.periodName(r)),
      head,
      shiftLinks.length ? h('ul', { class: 'shift-list' }, shiftLinks) : '',
      this.driverList(r.drivers, 'No counted events of this pair in this period.'),
      r.events > r.drivers.length
        ? h('p', { class: 'muted small' }, `The ${r.drivers.length} heaviest of ${r.events} events.`)
        : '',
    );
  }

  showShift(i: number, s: IndexShift): void {
    const r = this.cats[i]?.row;
    if (!r) return;
    this.mark(i);
    this.clusterEl.replaceChildren();
    this.driversEl.dataset.kind = 'shift';
    this.driversEl.dataset.period = r.label;
    this.driversEl.replaceChildren(
      h('h3', {}, `${arrow(s)} ${FAMILY_LABEL[s.series]} shift · ${this.periodName(r)}`),
      h(
        'p',
        { class: 'muted' },
        `z = ${zText(s.z)}: ${num(s.value)} per article against a median of ${num(s.median)} over the previous ${this.data?.settings.window ?? ''} covered periods. The events that drove it:`,
      ),
      this.driverList(s.drivers, 'No events of this family in this period.'),
    );
  }

  private names(ids: string[]): string {
    return ids.map((x) => this.data?.labels[x] ?? x).join(', ') || '—';
  }

  private driverList(drivers: IndexDriver[], empty: string): HTMLElement {
    if (!drivers.length) return h('p', { class: 'muted' }, empty);
    return h(
      'ol',
      { class: 'drivers' },
      drivers.map((d) => {
        const info = this.data?.clusters[String(d.cluster)];
        const text = d.text && d.text.length > 220 ? `${d.text.slice(0, 217)}…` : (d.text ?? '');
        return h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'driver',
              'data-cluster': d.cluster,
              title: 'Show every report of this event',
              onclick: () => void this.openCluster(d.cluster),
            },
            h(
              'span',
              { class: 'driver-head' },
              typeChip(d.type),
              ` ${this.names(d.sources)} → ${this.names(d.targets)}`,
            ),
            h(
              'span',
              { class: 'muted small' },
              `${plural(d.reports, 'report')}${info?.outlets.length ? ` · ${info.outlets.join(', ')}` : ''}${info?.day ? ` · ${info.day}` : ''} · weight ${num(d.weight)}`,
            ),
            text ? h('span', { class: 'driver-text' }, text) : '',
          ),
        );
      }),
    );
  }

  async openCluster(id: number): Promise<void> {
    this.clusterCtl?.abort();
    const ctl = new AbortController();
    this.clusterCtl = ctl;
    for (const b of this.driversEl.querySelectorAll<HTMLElement>('button.driver'))
      b.classList.toggle('on', b.dataset.cluster === String(id));
    this.clusterEl.setAttribute('aria-busy', 'true');
    this.clusterEl.replaceChildren(message('Loading the reports…', 'loading'));
    let c: ClusterDetail;
    try {
      c = await getJson<ClusterDetail>(`clusters/${id}`, {}, ctl.signal);
    } catch (e) {
      if (isAbort(e)) return;
      this.clusterEl.removeAttribute('aria-busy');
      this.clusterEl.replaceChildren(message(errorText(e), 'error'));
      return;
    }
    this.clusterEl.removeAttribute('aria-busy');
    this.clusterEl.dataset.cluster = String(id);
    this.clusterEl.replaceChildren(...this.clusterView(c));
  }

  private clusterView(c: ClusterDetail): (HTMLElement | string)[] {
    const who = `${c.sourceNames.join(', ') || '?'}${c.targetNames.length ? ` → ${c.targetNames.join(', ')}` : ''}`;
    const d = c.disagreements;
    const vs = (xs: { outlets: string[] }[], name: (i: number) => string) =>
      xs
        .map((x, i) => `${name(i)} (${x.outlets.map((o) => o.replace(/^\((.*)\)$/, '$1')).join(', ')})`)
        .join(' vs ');
    const differ: string[] = [];
    for (const f of d.figures ?? []) differ.push(`${f.kind}: ${vs(f.values, (i) => f.values[i]!.value)}`);
    if (d.dates) differ.push(`date: ${vs(d.dates, (i) => d.dates![i]!.date)}`);
    if (d.places) differ.push(`place: ${vs(d.places, (i) => d.places![i]!.place)}`);
    for (const f of d.framing ?? [])
      differ.push(`words for ${f.concept}: ${vs(f.variants, (i) => f.variants[i]!.label)}`);
    return [
      h(
        'h3',
        {},
        typeChip(c.type),
        ` ${who}`,
        h('span', { class: 'muted' }, ` · ${c.day ?? c.date ?? 'undated'}${c.place ? ` · ${c.place}` : ''}`),
      ),
      h(
        'p',
        { class: 'muted' },
        `Carried by ${plural(c.articles, 'article')}: ${c.outlets.join(', ') || 'unknown outlets'}${c.outletKinds.length ? ` (${c.outletKinds.join(', ')})` : ''}${c.firstPublished ? ` · earliest report ${c.firstPublished}` : ''}`,
      ),
      differ.length
        ? h(
            'div',
            { class: 'differ' },
            h('strong', {}, 'Reports differ on '),
            h(
              'ul',
              {},
              differ.map((x) => h('li', {}, x)),
            ),
          )
        : '',
      c.links.length
        ? h(
            'ul',
            { class: 'links' },
            c.links.map((l) =>
              h(
                'li',
                {},
                l.role === 'claim' ? `Answered by (${l.kind}): ` : `Answers (${l.kind}): `,
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'link',
                    'data-link': l.other.id,
                    onclick: () => void this.openCluster(l.other.id),
                  },
                  typeChip(l.other.type),
                  ` ${l.other.sourceNames.join(', ') || '?'}${l.other.targetNames.length ? ` → ${l.other.targetNames.join(', ')}` : ''}${l.other.day ? ` · ${l.other.day}` : ''}`,
                ),
              ),
            ),
          )
        : '',
      h('h4', {}, `${plural(c.reports.length, 'report')} — click one to read it`),
      h(
        'ol',
        { class: 'reports' },
        c.reports.map((r) =>
          h(
            'li',
            {},
            h(
              'button',
              {
                type: 'button',
                class: 'report',
                'data-article': r.articleId,
                'data-event': r.eventId,
                title: 'Open the article at this report',
                onclick: () => this.cb.onReport(r.articleId, r.eventId),
              },
              h(
                'span',
                { class: 'report-head' },
                h('strong', {}, r.outlet ?? 'Unknown outlet'),
                r.outletKind ? h('span', { class: 'muted small' }, ` ${r.outletKind}`) : '',
                h('span', { class: 'muted small' }, ` · ${r.published ?? 'no date'} `),
                modalityBadge(r.modality),
              ),
              r.title ? h('span', { class: 'report-title' }, r.title) : '',
              h('span', { class: 'report-text' }, `“${r.text}”`),
            ),
          ),
        ),
      ),
    ];
  }

  private tooltip(params: unknown): string {
    const list = (Array.isArray(params) ? params : [params]) as { dataIndex: number }[];
    const i = list[0]?.dataIndex;
    const c = i == null ? undefined : this.cats[i];
    if (!c) return '';
    if (!c.row) return `<b>…</b><br>No articles or events from ${c.from} to ${c.to}`;
    const r = c.row;
    const lines = [`<b>${esc(this.periodName(r))}</b>`];
    lines.push(
      `${plural(r.articles, 'article')} · ${plural(r.events, 'event')} (${plural(r.reports, 'report')})`,
    );
    if (r.perArticle) {
      const pa = r.perArticle;
      for (const f of FAMILIES)
        lines.push(
          `<span style="color:${FAMILY_COLOR[f]}">●</span> ${FAMILY_LABEL[f]}: ${num(pa[f])} per article (score ${num(r.score[f])})`,
        );
    } else lines.push('<i>No articles stored: a gap, not a zero</i>');
    for (const s of r.shifts)
      lines.push(
        `<b style="color:${FAMILY_COLOR[s.series]}">${arrow(s)} ${FAMILY_LABEL[s.series]} shift, z = ${zText(s.z)}</b> (${num(s.value)} against a median of ${num(s.median)})`,
      );
    if (r.notCounted) lines.push(`${plural(r.notCounted, 'event')} that did not happen, not counted`);
    if (r.drivers.length) lines.push('<span style="color:#6b7280">Click for the events that drove it</span>');
    return lines.join('<br>');
  }

  /** For the browser tests: what the chart holds, as ECharts has it. */
  probe(): EscalationProbe | null {
    if (!this.chart || this.chartEl.hidden) return null;
    const o = this.chart.getOption() as {
      xAxis: { data: string[] }[];
      series: { id: string; data: unknown[] }[];
    };
    const data = (id: string) => o.series.find((s) => s.id === id)?.data ?? [];
    const values = (id: string) => data(id).map((v) => (typeof v === 'number' ? v : null));
    return {
      categories: o.xAxis[0]?.data ?? [],
      lines: { verbal: values('verbal'), material: values('material'), cooperation: values('cooperation') },
      coverage: values('coverage'),
      shifts: data('shifts').map((d) => {
        const v = (d as { value: number[] }).value;
        return { index: v[0] ?? -1, value: v[1] ?? 0 };
      }),
    };
  }

  /** Viewport coordinates of a period (inside the plot, above the axis) or of its shift marker. */
  point(label: string, series?: Family): [number, number] | null {
    const i = this.cats.findIndex((c) => c.label === label);
    if (!this.chart || i < 0) return null;
    const shift = series ? this.cats[i]!.row?.shifts.find((s) => s.series === series) : undefined;
    if (series && !shift) return null;
    const p = this.chart.convertToPixel({ seriesId: 'shifts' }, [i, shift ? shift.value : 0]) as number[];
    const r = this.chartEl.getBoundingClientRect();
    return [r.left + (p[0] ?? 0), r.top + (p[1] ?? 0) - (shift ? 0 : 12)];
  }
}
