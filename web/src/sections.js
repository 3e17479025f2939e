// The sections the dashboard and the report both draw from the same JSON: the overview (KPIs,
// revenue and orders, what deserves a look, top products), the customers (segments, stages, CLV,
// cohorts, win-back), a product's forecast and the reorder plan. No fetching here.
import { barChart, chartFigure, palette } from './charts.js';
import { dataTable, empty, h, section } from './dom.js';
import {
  formatChange, formatDate, formatDecimal, formatInteger, formatMoney, formatPercent,
} from './format.js';

const kpis = [
  { key: 'revenue', label: 'Revenue', money: true },
  { key: 'orders', label: 'Orders', format: formatInteger },
  { key: 'aov', label: 'Average order value', money: true },
  { key: 'customers', label: 'Customers who ordered', format: formatInteger },
  { key: 'new_customers', label: 'New customers', format: formatInteger },
  { key: 'repeat_purchase_rate', label: 'Repeat purchase rate', format: formatPercent },
  { key: 'visitors', label: 'Visitors', format: formatInteger },
  { key: 'conversion_rate', label: 'Conversion rate', format: formatPercent },
  { key: 'revenue_per_visitor', label: 'Revenue per visitor', money: true },
];

const periodNames = { day: 'day', week: 'week', month: 'month' };

function kpiCards(ov) {
  const current = ov.current || {};
  const change = ov.change || {};
  const cards = kpis.filter((k) => k.key in current).map((k) => {
    const value = k.money ? formatMoney(current[k.key], ov.currency) : k.format(current[k.key]);
    const c = change[k.key];
    const direction = c === null || c === undefined || c === 0 ? 'flat' : c > 0 ? 'up' : 'down';
    return h('li', { class: 'kpi' },
      h('span', { class: 'kpi-label' }, k.label),
      h('span', { class: 'kpi-value' }, value),
      h('span', { class: `kpi-change ${direction}` },
        `${formatChange(c)} `, h('span', { class: 'muted' }, `vs previous ${periodNames[ov.period] || 'period'}`)));
  });
  return h('ul', { class: 'kpis', 'aria-label': 'Key figures for the last period' }, cards);
}

function revenueChart(ov) {
  const series = ov.series || [];
  const labels = series.map((p) => formatDate(p.start));
  const title = `Revenue and orders by ${periodNames[ov.period] || 'period'}`;
  return chartFigure(title, {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { type: 'line', label: 'Revenue', data: series.map((p) => p.revenue), borderColor: palette.blue,
          backgroundColor: palette.blue, yAxisID: 'revenue', tension: 0.2 },
        { type: 'bar', label: 'Orders', data: series.map((p) => p.orders), backgroundColor: palette.orange,
          yAxisID: 'orders' },
      ],
    },
    options: {
      scales: {
        revenue: { type: 'linear', position: 'left', beginAtZero: true, title: { display: true, text: 'Revenue' } },
        orders: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false },
          title: { display: true, text: 'Orders' } },
      },
    },
  }, {
    columns: [
      { label: 'Period starting', value: (p) => formatDate(p.start), header: true },
      { label: 'Revenue', value: (p) => formatMoney(p.revenue, ov.currency), numeric: true },
      { label: 'Orders', value: (p) => formatInteger(p.orders), numeric: true },
      { label: 'Average order value', value: (p) => formatMoney(p.aov, ov.currency), numeric: true },
      { label: 'Customers', value: (p) => formatInteger(p.customers), numeric: true },
    ],
    rows: series,
  });
}

function attentionList(ov, { links }) {
  const items = ov.attention || [];
  if (items.length === 0) return empty('Nothing needs a look today.');
  return h('ul', { class: 'attention' }, items.map((a) =>
    h('li', { class: `attention-item severity-${a.severity}` },
      h('span', { class: `badge badge-${a.severity}` }, a.severity),
      h('div', null,
        h('strong', null, a.title),
        a.detail ? h('p', null, a.detail) : null),
      links && a.page ? h('a', { href: a.page }, 'Open', h('span', { class: 'visually-hidden' }, `: ${a.title}`)) : null)));
}

function topProducts(ov) {
  const rows = ov.top_products || [];
  if (rows.length === 0) return empty('No product sold in the last period.');
  return dataTable('Top products in the last period', [
    { label: 'Product', value: (p) => p.title || p.product_id || p.sku, header: true },
    { label: 'Product id or SKU', value: (p) => p.product_id || p.sku || '—' },
    { label: 'Units', value: (p) => formatInteger(p.units), numeric: true },
    { label: 'Revenue', value: (p) => formatMoney(p.revenue, ov.currency), numeric: true },
  ], rows);
}

/** The overview: KPI cards, the revenue/orders chart, the attention list, top products. */
export function overviewSections(ov, { links = true } = {}) {
  return [
    section(`Last ${periodNames[ov.period] || 'period'} (to ${formatDate(ov.as_of)})`, kpiCards(ov)),
    section('Sales over time', revenueChart(ov)),
    section('What deserves a look', attentionList(ov, { links })),
    section('Top products', topProducts(ov)),
  ];
}

function groupSection(title, groups, currency) {
  if (!groups || groups.length === 0) return section(title, empty('No customers to group yet.'));
  return section(title,
    barChart(`Customers by ${title.toLowerCase().replace(/s$/, '')}`, groups.map((g) => g.name),
      groups.map((g) => g.customers), { label: 'Customers', format: formatInteger }),
    dataTable(`${title}: size and value`, [
      { label: 'Name', value: (g) => g.name, header: true },
      { label: 'Customers', value: (g) => formatInteger(g.customers), numeric: true },
      { label: 'Spend', value: (g) => formatMoney(g.spend, currency), numeric: true },
      { label: 'CLV', value: (g) => formatMoney(g.clv, currency), numeric: true },
    ], groups));
}

function clvHistogram(histogram, currency) {
  const edges = (histogram && histogram.edges) || [];
  const counts = (histogram && histogram.counts) || [];
  if (counts.length === 0) return empty('No customer lifetime values yet.');
  const labels = counts.map((_, i) => `${formatMoney(edges[i], currency)}–${formatMoney(edges[i + 1], currency)}`);
  return barChart('Customers by lifetime value', labels, counts,
    { label: 'Customers', color: palette.purple, format: formatInteger });
}

function cohortTable(cohorts) {
  if (!cohorts || cohorts.length === 0) return empty('No cohorts yet.');
  const months = Math.max(...cohorts.map((c) => (c.retention || []).length));
  const columns = [
    { label: 'Cohort (first order)', value: (c) => c.cohort, header: true },
    { label: 'Customers', value: (c) => formatInteger(c.customers), numeric: true },
  ];
  for (let m = 0; m < months; ++m) {
    const at = (c) => (c.retention || [])[m];
    columns.push({
      label: `Month ${m}`,
      value: (c) => (at(c) === undefined || at(c) === null ? '' : formatPercent(at(c))),
      numeric: true,
      cellClass: (c) => (at(c) === undefined || at(c) === null ? null : `heat-${Math.round(at(c) * 10)}`),
    });
  }
  return dataTable('Share of each cohort ordering again, by month since its first order', columns, cohorts,
    { className: 'heatmap' });
}

function winbackTable(cs, currency) {
  const rows = cs.winback_due || [];
  if (rows.length === 0) return empty('No customer is due a win-back message.');
  return dataTable('Customers due a win-back message', [
    { label: 'Customer', value: (c) => c.customer_id, header: true },
    { label: 'First name', value: (c) => c.first_name || '—' },
    { label: 'Segment', value: (c) => c.segment },
    { label: 'Stage', value: (c) => c.stage },
    { label: 'Lifetime value', value: (c) => formatMoney(c.clv, currency), numeric: true },
    { label: 'P(alive)', value: (c) => formatPercent(c.p_alive), numeric: true },
    { label: 'Win-back from', value: (c) => formatDate(c.winback_start) },
  ], rows);
}

/** The customers' sections: sizes, segments, stages, CLV, cohorts, win-back due. */
export function customerSections(cs, { currency = cs.currency } = {}) {
  return [
    section('Customers', h('ul', { class: 'kpis' },
      h('li', { class: 'kpi' }, h('span', { class: 'kpi-label' }, 'Customers'),
        h('span', { class: 'kpi-value' }, formatInteger(cs.customers))),
      h('li', { class: 'kpi' }, h('span', { class: 'kpi-label' }, 'At risk'),
        h('span', { class: 'kpi-value' }, formatInteger(cs.at_risk_count))),
      h('li', { class: 'kpi' }, h('span', { class: 'kpi-label' }, 'As of'),
        h('span', { class: 'kpi-value' }, formatDate(cs.as_of))))),
    h('div', { class: 'columns' }, groupSection('Segments', cs.segments, currency),
      groupSection('Stages', cs.stages, currency)),
    section('Customer lifetime value', clvHistogram(cs.clv_histogram, currency)),
    section('Cohort retention', cohortTable(cs.cohorts)),
    section('Win-back due', winbackTable(cs, currency)),
  ];
}

/**
 * The forecast of one SKU (an item of /v1/forecasts) as a chart: its history when the answer
 * holds one, then the P50 forecast under the P90 line, the band between them filled.
 */
export function forecastChart(item) {
  const history = item.history || [];
  const points = item.periods || [];
  const labels = [...history, ...points].map((p) => formatDate(p.start));
  const pad = (n) => new Array(n).fill(null);
  const title = `Demand for ${item.title || item.sku}${item.location ? ` at ${item.location}` : ''}: ` +
    `forecast by ${item.by || 'period'} (P50, with the band up to P90)`;
  const datasets = [
    { label: 'P90', data: [...pad(history.length), ...points.map((p) => p.p90)], borderColor: palette.blue,
      backgroundColor: palette.band, borderDash: [4, 4], fill: '+1', pointRadius: 0 },
    { label: 'P50 forecast', data: [...pad(history.length), ...points.map((p) => p.p50)],
      borderColor: palette.blue, backgroundColor: palette.blue, pointRadius: 2 },
  ];
  if (history.length > 0) {
    datasets.push({ label: 'Units sold', data: [...history.map((p) => p.units), ...pad(points.length)],
      borderColor: palette.grey, backgroundColor: palette.grey, pointRadius: 2 });
  }
  return chartFigure(title, {
    type: 'line',
    data: { labels, datasets },
    options: { scales: { y: { beginAtZero: true, title: { display: true, text: 'Units' } } } },
  }, {
    columns: [
      { label: 'Period starting', value: (p) => formatDate(p.start), header: true },
      { label: 'Units sold', value: (p) => (p.units === undefined ? '' : formatDecimal(p.units)), numeric: true },
      { label: 'P50', value: (p) => (p.p50 === undefined ? '' : formatDecimal(p.p50)), numeric: true },
      { label: 'P90', value: (p) => (p.p90 === undefined ? '' : formatDecimal(p.p90)), numeric: true },
    ],
    rows: [...history, ...points],
  });
}

/** The forecasts' SKUs by expected units over the horizon, most first. */
export function forecastsByUnits(forecasts) {
  const units = (f) => (f.periods || []).reduce((sum, p) => sum + (p.p50 || 0), 0);
  return [...(forecasts || [])].sort((a, b) => units(b) - units(a));
}

const planColumns = (currency) => [
  { label: 'SKU', value: (l) => l.sku, header: true },
  { label: 'Product', value: (l) => l.title || '—' },
  { label: 'Location', value: (l) => l.location || '—' },
  { label: 'Supplier', value: (l) => l.supplier || '—' },
  { label: 'On hand', value: (l) => formatDecimal(l.on_hand), numeric: true },
  { label: 'Order', value: (l) => formatDecimal(l.order_quantity), numeric: true },
  { label: 'Order by', value: (l) => formatDate(l.order_by_date) },
  { label: 'Stock-out', value: (l) => formatDate(l.stockout_date) },
  { label: 'Weeks of cover', value: (l) => formatDecimal(l.weeks_of_cover), numeric: true },
  { label: 'Excess units', value: (l) => formatDecimal(l.excess_units), numeric: true },
  { label: 'Markdown', value: (l) => (l.markdown_candidate ? 'yes' : 'no') },
  { label: 'Order value', value: (l) => formatMoney(l.order_value, currency), numeric: true },
  { label: 'Why', value: (l) => l.reason },
];

/** The reorder plan's lines as a table (at most `limit` of them, saying how many are left out). */
export function planTable(caption, lines, { currency, limit = 200 } = {}) {
  if (lines.length === 0) return empty('No line matches.');
  const shown = lines.slice(0, limit);
  return h('div', null, dataTable(caption, planColumns(currency), shown),
    lines.length > limit ? h('p', { class: 'muted' }, `${formatInteger(lines.length - limit)} more lines in the CSV export.`) : null);
}

/** The plan's summary figures. */
export function planSummary(plan) {
  const s = plan.summary || {};
  const card = (label, value) => h('li', { class: 'kpi' }, h('span', { class: 'kpi-label' }, label),
    h('span', { class: 'kpi-value' }, value));
  return h('ul', { class: 'kpis', 'aria-label': 'Reorder plan summary' },
    card('Lines', formatInteger(s.lines)), card('Reorder now', formatInteger(s.reorder_now)),
    card('Units to order', formatDecimal(s.units_to_order)),
    card('Order value', formatMoney(s.order_value, plan.currency)),
    card('Excess stock', formatInteger(s.excess)), card('Markdown candidates', formatInteger(s.markdown_candidates)));
}
