// The Pricing page: the recommended price of every product within the rules (the server's
// GET /v1/pricing/recommendations with its default rules), their expected weekly effect, the
// rules that bound them as a chart, filters, and exports as CSV and as Shopify's product import.
import { api } from '../api.js';
import { barChart, palette } from '../charts.js';
import { downloadCsv } from '../csv.js';
import { dataTable, empty, h, section } from '../dom.js';
import { formatDate, formatDecimal, formatInteger, formatMoney } from '../format.js';

const ownOptimum = "objective's own optimum";

const csvColumns = ['sku', 'product', 'title', 'category', 'current_price', 'recommended_price', 'change_pct',
  'units_change', 'revenue_change', 'profit_change', 'profit_change_low', 'profit_change_high', 'weekly_units',
  'elasticity', 'elasticity_ci_low', 'elasticity_ci_high', 'pooling', 'cost', 'compare_at_price',
  'lowest_competitor_price', 'days_since_change', 'inventory', 'binding_rule', 'reason'];

// The first is shown first.
const filters = {
  changed: { label: 'Price changes', keep: (r) => r.recommended_price !== r.current_price },
  all: { label: 'Every product', keep: () => true },
  up: { label: 'Price rises', keep: (r) => r.recommended_price > r.current_price },
  down: { label: 'Price cuts', keep: (r) => r.recommended_price < r.current_price },
};

export async function renderPricing(main, { load }) {
  const part = h('div');
  main.append(part);
  await load(part, async () => draw(part, await api('/v1/pricing/recommendations')));
}

function ruleOf(r) {
  return r.binding_rule || ownOptimum;
}

function signedMoney(v) {
  if (v === null || v === undefined) return '—';
  return `${v > 0 ? '+' : ''}${formatMoney(v)}`;
}

function summary(r) {
  const e = r.expected || {};
  return h('p', null,
    `As of ${formatDate(r.as_of)}, maximizing expected ${r.objective}: ${formatInteger(r.n_changed)} of `,
    `${formatInteger(r.n_products)} products change price. Expected a week, by the estimated elasticities: units `,
    `${formatDecimal(e.units_change)}, revenue ${signedMoney(e.revenue_change)}, profit ${signedMoney(e.profit_change)}. `,
    `Inventory rules: ${r.inventory === 'plan' ? 'from the reorder plan' : r.inventory}.`);
}

function bindingChart(rows) {
  const counts = new Map();
  for (const r of rows) counts.set(ruleOf(r), (counts.get(ruleOf(r)) || 0) + 1);
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  return barChart('Products by the rule that bound their price', sorted.map(([k]) => k), sorted.map(([, v]) => v),
    { label: 'Products', color: palette.purple, format: formatInteger });
}

const columns = [
  { label: 'SKU', value: (r) => r.sku, header: true },
  { label: 'Product', value: (r) => r.title || r.product || '—' },
  { label: 'Price', value: (r) => formatMoney(r.current_price), numeric: true },
  { label: 'Recommended', value: (r) => formatMoney(r.recommended_price), numeric: true },
  { label: 'Change', value: (r) => `${r.change_pct > 0 ? '+' : ''}${formatDecimal(r.change_pct)}%`, numeric: true },
  { label: 'Profit a week (interval)', numeric: true, value: (r) => (r.profit_change === null ? '— (no cost)'
    : `${signedMoney(r.profit_change)} [${signedMoney(r.profit_change_low)}, ${signedMoney(r.profit_change_high)}]`) },
  { label: 'Elasticity', numeric: true,
    value: (r) => `${formatDecimal(r.elasticity)} [${formatDecimal(r.elasticity_ci_low)}, ${formatDecimal(r.elasticity_ci_high)}]` },
  { label: 'Bound by', value: (r) => ruleOf(r) },
  { label: 'Why', value: (r) => r.reason },
];

function shopifyRows(rows) {
  const money = (v) => (v === null || v === undefined ? '' : v.toFixed(2));
  return rows.map((r) => ({
    Handle: r.product || r.sku,
    'Variant SKU': r.sku,
    'Variant Price': money(r.recommended_price),
    'Variant Compare At Price': money(r.compare_at_price),
  }));
}

function draw(part, r) {
  const rows = r.recommendations || [];
  if (rows.length === 0) {
    part.replaceChildren(section('Price recommendations', empty('No active product with a price and sales to learn from yet.')));
    return;
  }
  const kind = h('select', { id: 'pricing-filter', name: 'show' },
    Object.entries(filters).map(([value, f]) => h('option', { value }, f.label)));
  const rules = [...new Set(rows.map(ruleOf))].sort();
  const rule = h('select', { id: 'pricing-rule', name: 'rule' },
    h('option', { value: '' }, 'Any rule'), rules.map((k) => h('option', { value: k }, k)));
  const search = h('input', { id: 'pricing-search', name: 'search', type: 'search', autocomplete: 'off' });
  const table = h('div');
  const selected = () => {
    const text = search.value.trim().toLowerCase();
    return rows.filter((x) => filters[kind.value].keep(x) && (!rule.value || ruleOf(x) === rule.value) &&
      (!text || `${x.sku} ${x.title} ${x.category}`.toLowerCase().includes(text)));
  };
  const redraw = () => {
    const shown = selected();
    table.replaceChildren(shown.length === 0 ? empty('No product matches these filters.')
      : dataTable(`Recommended prices (${formatInteger(Math.min(shown.length, 100))} of ${formatInteger(shown.length)}, `
        + 'the largest expected gain first)', columns, shown.slice(0, 100)));
  };
  for (const input of [kind, rule]) input.addEventListener('change', redraw);
  search.addEventListener('input', redraw);
  const exportCsv = h('button', { type: 'button', id: 'pricing-export' }, 'Export these rows (CSV)');
  exportCsv.addEventListener('click', () => downloadCsv(`price-recommendations-${r.as_of}.csv`, csvColumns, selected()));
  const exportShopify = h('button', { type: 'button', id: 'pricing-export-shopify' }, 'Export for Shopify import');
  exportShopify.addEventListener('click', () => downloadCsv(`shopify-prices-${r.as_of}.csv`,
    ['Handle', 'Variant SKU', 'Variant Price', 'Variant Compare At Price'], shopifyRows(selected())));
  part.replaceChildren(
    section('Price recommendations', summary(r),
      h('p', { class: 'muted' }, 'Within the default rules of `mercato pricing recommend` (margin, change size and '
        + 'frequency, endings, competitors, inventory; docs/pricing.md), which also sets others.'),
      bindingChart(rows)),
    section('Products',
      h('div', { class: 'toolbar' },
        h('label', { for: 'pricing-filter' }, 'Show'), kind,
        h('label', { for: 'pricing-rule' }, 'Bound by'), rule,
        h('label', { for: 'pricing-search' }, 'Find'), search, exportCsv, exportShopify),
      table));
  redraw();
}
