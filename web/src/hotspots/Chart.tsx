import { LineChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([
  LineChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

/**
 * An alert's reasoning (its own lazy chunk): the daily counts of the last 14 days against the
 * baseline. The canvas is an image with a label; the page also lists the figures in a table.
 */
export default function SeriesChart({
  dates,
  counts,
  baseline,
  countLabel,
  baselineLabel,
  label,
}: {
  dates: string[];
  counts: number[];
  baseline: number[];
  countLabel: string;
  baselineLabel: string;
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const chart = echarts.init(host.current, undefined, { renderer: 'canvas' });
    chart.setOption({
      animation: !window.matchMedia('(prefers-reduced-motion: reduce)').matches,
      tooltip: { trigger: 'axis' },
      legend: { data: [countLabel, baselineLabel], bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 56 },
      xAxis: { type: 'category', data: dates.map((d) => d.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: countLabel,
          type: 'line',
          data: counts,
          itemStyle: { color: '#b42318' },
          lineStyle: { width: 3 },
        },
        {
          name: baselineLabel,
          type: 'line',
          data: baseline,
          itemStyle: { color: '#1d5fa8' },
          lineStyle: { type: 'dashed' },
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [dates, counts, baseline, countLabel, baselineLabel]);
  return <div ref={host} className="chart" role="img" aria-label={label} style={{ height: 300 }} />;
}
