// Network: actors as nodes, who acts on whom as directed edges (warm for conflict, cool for
// cooperation, thicker for more events). Clicking an actor filters the whole dashboard to it.
import type { EChartsCoreOption } from 'echarts/core';
import { errorText, getJson, isAbort } from './api.js';
import { autoResize, echarts } from './charts.js';
import { CONFLICT_COLOR, COOPERATION_COLOR, familyColor, NEUTRAL_COLOR } from './colors.js';
import { h, message } from './dom.js';
import { eventParams, type Filters } from './state.js';
import type { Series } from './types.js';

const TOP_PAIRS = 60;

interface Node {
  id: string;
  name: string;
  value: number;
}

export class Network {
  readonly el: HTMLElement;
  private chartEl: HTMLElement;
  private msg: HTMLElement;
  private note: HTMLElement;
  private chart: echarts.ECharts | null = null;
  private nodes: Node[] = [];

  constructor(
    el: HTMLElement,
    private readonly onActor: (key: string) => void,
    private readonly nameOf: (key: string) => string | undefined,
  ) {
    this.el = el;
    this.chartEl = h('div', { class: 'chart network-chart', role: 'img', 'aria-label': 'Actor network' });
    this.msg = h('div', { class: 'panel-msg' });
    this.note = h('span', { class: 'panel-note' });
    el.append(
      h('header', { class: 'panel-head' }, h('h2', {}, 'Network'), this.note),
      this.msg,
      this.chartEl,
      h(
        'p',
        { class: 'legend' },
        h('span', { class: 'swatch line', style: `background:${CONFLICT_COLOR}` }),
        'conflict ',
        h('span', { class: 'swatch line', style: `background:${COOPERATION_COLOR}` }),
        'cooperation ',
        h('span', { class: 'swatch line', style: `background:${NEUTRAL_COLOR}` }),
        'neither · arrows point from actor to target, thickness by number of events · click an actor to filter to it',
      ),
    );
  }

  /** Viewport coordinates of an actor's node (for the browser tests). */
  nodePosition(key: string): [number, number] | null {
    if (!this.chart) return null;
    const i = this.nodes.findIndex((n) => n.id === key);
    if (i < 0) return null;
    const chart = this.chart as unknown as {
      getModel(): {
        getSeriesByIndex(i: number): { getData(): { getItemLayout(i: number): number[] | undefined } };
      };
    };
    const layout = chart.getModel().getSeriesByIndex(0).getData().getItemLayout(i);
    if (!layout) return null;
    // Layout points are in the graph's own coordinates (it can be panned and zoomed).
    const p = this.chart.convertToPixel({ seriesIndex: 0 }, layout) as number[] | undefined;
    if (!p) return null;
    const r = this.chartEl.getBoundingClientRect();
    return [r.left + (p[0] ?? 0), r.top + (p[1] ?? 0)];
  }

  /** A readable name: the API's, the actor list's, else the key without its prefix. */
  private label(key: string, name: string | undefined): string {
    if (name && name !== key) return name;
    return this.nameOf(key) ?? key.slice(key.indexOf(':') + 1);
  }

  async update(f: Filters, signal: AbortSignal): Promise<void> {
    let s: Series;
    this.el.setAttribute('aria-busy', 'true');
    try {
      s = await getJson<Series>(
        'series',
        { ...eventParams(f), by: 'pair', interval: 'total', top: TOP_PAIRS },
        signal,
      );
    } catch (e) {
      if (isAbort(e)) return;
      this.el.removeAttribute('aria-busy');
      this.msg.replaceChildren(message(errorText(e), 'error'));
      this.chartEl.hidden = true;
      return;
    }
    this.el.removeAttribute('aria-busy');
    const pairs = s.items.filter((p) => p.source && p.target);
    this.note.textContent = pairs.length
      ? `${pairs.length} busiest actor pairs${pairs.length >= TOP_PAIRS ? ` (top ${TOP_PAIRS})` : ''}`
      : '';
    if (!pairs.length) {
      this.msg.replaceChildren(message('No events between two actors match these filters.'));
      this.chartEl.hidden = true;
      this.nodes = [];
      return;
    }
    this.msg.replaceChildren();
    this.chartEl.hidden = false;

    const nodes = new Map<string, Node>();
    const touch = (id: string, name: string, n: number) => {
      const x = nodes.get(id);
      if (x) x.value += n;
      else nodes.set(id, { id, name, value: n });
    };
    for (const p of pairs) {
      touch(p.source!, this.label(p.source!, p.sourceName), p.count);
      touch(p.target!, this.label(p.target!, p.targetName), p.count);
    }
    const maxNode = Math.max(...[...nodes.values()].map((n) => n.value));
    const maxEdge = Math.max(...pairs.map((p) => p.count));
    this.nodes = [...nodes.values()];
    const selected = f.actor.toLowerCase();
    const small = this.nodes.length < 16;
    const named = new Set(
      [...this.nodes]
        .sort((a, b) => b.value - a.value)
        .slice(0, 18)
        .map((n) => n.id),
    );

    const option: EChartsCoreOption = {
      animationDuration: 300,
      tooltip: {
        confine: true,
        formatter: (x: { dataType: string; data: { name?: string; value?: number; tip?: string } }) =>
          x.dataType === 'edge' ? (x.data.tip ?? '') : `${x.data.name}: ${x.data.value} events`,
      },
      series: [
        {
          type: 'graph',
          layout: 'force',
          roam: true,
          draggable: true,
          force: {
            initLayout: 'circular',
            // Few nodes spread out more, so a small network still fills the panel.
            repulsion: small ? 320 : 110,
            edgeLength: small ? [70, 130] : [40, 110],
            gravity: small ? 0.15 : 0.22,
            layoutAnimation: false,
          },
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: [0, 7],
          label: { show: true, position: 'right', fontSize: 11, color: '#222' },
          labelLayout: { hideOverlap: true },
          emphasis: { focus: 'adjacency', label: { show: true }, lineStyle: { opacity: 1 } },
          data: this.nodes.map((n) => {
            const on = n.id.toLowerCase() === selected || n.name.toLowerCase() === selected;
            return {
              id: n.id,
              name: n.name,
              value: n.value,
              symbolSize: 8 + 26 * Math.sqrt(n.value / maxNode),
              itemStyle: {
                color: on ? '#ffd666' : '#4b5563',
                borderColor: on ? '#7a5b00' : '#fff',
                borderWidth: on ? 2 : 1,
              },
              // Only the busiest actors are named; the rest on hover, so labels stay readable.
              label: on ? { show: true, fontWeight: 'bold' } : { show: named.has(n.id) },
            };
          }),
          links: pairs.map((p) => ({
            source: p.source,
            target: p.target,
            tip: `${nodes.get(p.source!)?.name} → ${nodes.get(p.target!)?.name}: ${p.count} events (${p.conflict ?? 0} conflict, ${p.cooperation ?? 0} cooperation)`,
            lineStyle: {
              width: 1 + 6 * (p.count / maxEdge),
              color: familyColor(p.conflict ?? 0, p.cooperation ?? 0),
              opacity: 0.75,
              curveness: 0.15,
            },
          })),
        },
      ],
    };
    if (!this.chart) {
      this.chart = echarts.init(this.chartEl, null, { renderer: 'canvas' });
      autoResize(this.chart, this.chartEl);
      this.chart.on('click', (p) => {
        const d = p as { dataType?: string; data?: { id?: string } };
        if (d.dataType === 'node' && d.data?.id) this.onActor(d.data.id);
      });
    }
    this.chart.setOption(option, { notMerge: true });
  }
}
