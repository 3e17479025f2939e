// The Forecast and inventory page: a product picker over the forecasts (P50/P90 chart), the
// reorder plan with filters and CSV export, and the excess and markdown candidates.
import { api } from '../api.js';
import { downloadCsv } from '../csv.js';
import { h, section } from '../dom.js';
import { formatDate } from '../format.js';
import { forecastChart, forecastsByUnits, planSummary, planTable } from '../sections.js';

const planCsvColumns = ['sku', 'title', 'location', 'supplier', 'on_hand', 'on_order', 'inventory_position',
  'demand_per_day', 'safety_stock', 'reorder_point', 'order_up_to', 'order_quantity', 'order_by_date',
  'stockout_date', 'weeks_of_cover', 'excess_units', 'markdown_candidate', 'reason', 'unit_cost', 'order_value'];

// The first is shown first.
const filters = {
  reorder: { label: 'Reorder now', keep: (l) => l.order_quantity > 0 },
  all: { label: 'Every line', keep: () => true },
  excess: { label: 'Excess stock', keep: (l) => l.excess_units > 0 },
  markdown: { label: 'Markdown candidates', keep: (l) => l.markdown_candidate },
};

export async function renderForecast(main, { load }) {
  const forecastPart = h('div');
  const planPart = h('div');
  main.append(forecastPart, planPart);
  await Promise.all([
    load(forecastPart, async () => drawForecasts(forecastPart, await api('/v1/forecasts'))),
    load(planPart, async () => drawPlan(planPart, await api('/v1/inventory/plan'))),
  ]);
}

function drawForecasts(part, answer) {
  const items = forecastsByUnits(answer.forecasts).slice(0, 200);
  if (items.length === 0) {
    part.replaceChildren(section('Demand forecast', h('p', { class: 'empty' }, 'No product has sales to forecast yet.')));
    return;
  }
  const select = h('select', { id: 'forecast-sku', name: 'sku' },
    items.map((f, i) => h('option', { value: String(i) }, `${f.title || f.sku} (${f.sku}${f.location ? `, ${f.location}` : ''})`)));
  const chart = h('div');
  const show = () => chart.replaceChildren(forecastChart({ ...items[Number(select.value)], by: answer.by }));
  select.addEventListener('change', show);
  part.replaceChildren(section('Demand forecast',
    h('div', { class: 'toolbar' }, h('label', { for: 'forecast-sku' }, 'Product'), select), chart));
  show();
}

function drawPlan(part, plan) {
  const lines = plan.lines || [];
  const suppliers = [...new Set(lines.map((l) => l.supplier).filter(Boolean))].sort();
  const kind = h('select', { id: 'plan-filter', name: 'show' },
    Object.entries(filters).map(([value, f]) => h('option', { value }, f.label)));
  const supplier = h('select', { id: 'plan-supplier', name: 'supplier' },
    h('option', { value: '' }, 'Every supplier'), suppliers.map((s) => h('option', { value: s }, s)));
  const search = h('input', { id: 'plan-search', name: 'search', type: 'search', autocomplete: 'off' });
  const table = h('div');
  const selected = () => {
    const text = search.value.trim().toLowerCase();
    return lines.filter((l) => filters[kind.value].keep(l) && (!supplier.value || l.supplier === supplier.value) &&
      (!text || `${l.sku} ${l.title}`.toLowerCase().includes(text)));
  };
  const redraw = () => table.replaceChildren(
    planTable('Reorder plan lines', selected(), { currency: plan.currency, limit: 50 }));
  for (const input of [kind, supplier]) input.addEventListener('change', redraw);
  search.addEventListener('input', redraw);
  const exportButton = h('button', { type: 'button', id: 'plan-export' }, 'Export these lines (CSV)');
  exportButton.addEventListener('click', () => downloadCsv(`reorder-plan-${plan.as_of}.csv`, planCsvColumns, selected()));
  part.replaceChildren(section(`Reorder plan (as of ${formatDate(plan.as_of)})`, planSummary(plan),
    h('div', { class: 'toolbar' },
      h('label', { for: 'plan-filter' }, 'Show'), kind,
      h('label', { for: 'plan-supplier' }, 'Supplier'), supplier,
      h('label', { for: 'plan-search' }, 'Find'), search, exportButton),
    table));
  redraw();
}
