// The charts of the dashboard and the report: Chart.js with only the parts they use registered
// (line, bar, filled band), no animation, and beside each canvas its aria-label and the same
// numbers as a table for screen readers and for copying.
import {
  BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale,
  LineController, LineElement, PointElement, Tooltip,
} from 'chart.js';
import { dataTable, h } from './dom.js';

Chart.register(BarController, BarElement, CategoryScale, Filler, Legend, LinearScale,
  LineController, LineElement, PointElement, Tooltip);
Chart.defaults.animation = false;
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
Chart.defaults.color = '#1f2933';

/** Colours with at least 3:1 contrast against white (WCAG's non-text contrast). */
export const palette = {
  blue: '#1d5fbf',
  orange: '#b4530a',
  green: '#1c7c3c',
  purple: '#6b3fa0',
  grey: '#52606d',
  band: 'rgba(29, 95, 191, 0.18)',
};

/**
 * A chart in a <figure>: title (the caption and the canvas's aria-label), Chart.js config,
 * and the table alternative: columns [{label, value, numeric}] over rows.
 */
export function chartFigure(title, config, table) {
  const canvas = h('canvas', { role: 'img', 'aria-label': title });
  const figure = h('figure', { class: 'chart' },
    h('figcaption', null, title),
    h('div', { class: 'chart-box' }, canvas),
    h('details', { class: 'chart-data' },
      h('summary', null, 'Show the numbers as a table'),
      dataTable(title, table.columns, table.rows)));
  // Drawn once the figure is in the page (Chart.js measures its container).
  requestAnimationFrame(() => {
    if (!canvas.isConnected) return;
    const chart = new Chart(canvas, {
      ...config,
      options: { responsive: true, maintainAspectRatio: false, ...config.options },
    });
    canvas.chart = chart;
  });
  return figure;
}

/** A bar chart of one series: labels and values. */
export function barChart(title, labels, values, { label = title, color = palette.blue, format = String } = {}) {
  return chartFigure(title, {
    type: 'bar',
    data: { labels, datasets: [{ label, data: values, backgroundColor: color }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
  }, {
    columns: [{ label: 'Name', value: (i) => labels[i], header: true },
      { label, value: (i) => format(values[i]), numeric: true }],
    rows: labels.map((_, i) => i),
  });
}
