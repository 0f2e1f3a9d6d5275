// The waiting list per fase at the end of each month, and now: a uPlot line chart (uPlot is
// loaded by index.html from our own origin as the global `uPlot`).
import { countOf } from './load.js';
import { count } from './format.js';

const SERIES = [
  { fase: null, label: 'Totaal', stroke: '#f8fafc', width: 4 },
  { fase: 'triage', label: 'Triage', stroke: '#ffd166', width: 3 },
  { fase: 'dienst', label: 'Dienst', stroke: '#60a5fa', width: 3 },
  { fase: 'overdracht', label: 'Overdracht', stroke: '#c084fc', width: 3 },
];
// "nov 2026", not "nov 26": beside the deadlines' "23 nov", a two-digit year read as a day.
const monthLabel = new Intl.DateTimeFormat('nl-NL', { month: 'short', year: 'numeric', timeZone: 'Europe/Amsterdam' });
const AXIS = { stroke: '#cbd5e1', font: '17px system-ui, sans-serif', grid: { stroke: '#1e2d45', width: 1 }, ticks: { stroke: '#1e2d45' } };

let chart;

/** `points`: [{ ms, rows }] oldest first (rows of a stock report). */
export function renderTrend(container, points) {
  const data = [points.map((p) => p.ms / 1000), ...SERIES.map((s) => points.map((p) => countOf(p.rows, 'wachtlijst', s.fase ? { fase: s.fase } : {})))];
  const { width, height } = container.getBoundingClientRect();
  if (chart && chart.root.parentNode === container) {
    chart.setData(data);
    return;
  }
  chart?.destroy();
  chart = new uPlot(
    {
      width: Math.max(300, Math.floor(width)),
      height: Math.max(200, Math.floor(height) - 48),
      cursor: { show: false },
      legend: { show: true, live: false },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(5, Math.ceil(max * 1.15))] } },
      axes: [
        { ...AXIS, space: 110, values: (_u, ticks) => ticks.map((t) => monthLabel.format(new Date(t * 1000))) },
        { ...AXIS, size: 64, space: 36, incrs: [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000], values: (_u, ticks) => ticks.map((t) => count(t)) },
      ],
      series: [{}, ...SERIES.map((s) => ({ label: s.label, stroke: s.stroke, width: s.width, points: { size: 8, fill: s.stroke } }))],
    },
    data,
    container,
  );
}

/** Keeps the chart as wide as its panel. */
export function resizeTrend(container) {
  if (!chart) return;
  const { width, height } = container.getBoundingClientRect();
  chart.setSize({ width: Math.max(300, Math.floor(width)), height: Math.max(200, Math.floor(height) - 48) });
}
