// ECharts, with only the parts the dashboard uses (keeps the bundle small).
import { BarChart, GraphChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  BrushComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  GraphChart,
  LineChart,
  ScatterChart,
  BrushComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export { echarts };

/** Resize a chart with its container (window resizes, phone rotation, panels reflowing). */
export function autoResize(chart: echarts.ECharts, el: HTMLElement): void {
  new ResizeObserver(() => chart.resize()).observe(el);
}
