// The Recommendations page: each model's offline figures, the model chosen per surface, catalog
// coverage, the storefront events, and what recommendations earned as their holdout experiments
// measured it (the store records no click on a recommended item); try a customer, a product or a
// cart.
import { api } from '../api.js';
import { dataTable, empty, h, section } from '../dom.js';
import { describe, facts, humanize } from '../facts.js';
import { formatChange, formatInteger, formatMoney, formatPercent, formatTime } from '../format.js';
import { recommendationTable } from '../recommendation_list.js';

export async function renderRecommendations(main, { load }) {
  const figures = h('div');
  main.append(figures, section('Try it', tryForm('customer', 'Customer (email or id)', 'ann@example.com', load),
    tryForm('product', 'Product SKU', 'SKU-1', load),
    tryForm('cart', 'Cart SKUs, separated by commas', 'SKU-1, SKU-2', load)));
  await load(figures, async () => {
    const r = await api('/v1/dashboard/recommendations');
    figures.replaceChildren(...modelSections(r));
  });
}

// The offline figures as a merchant reads them (the answer's keys arrive sorted by name): the
// model, the surface it was tried on and whether it serves it, then recall (what a surface's
// model is chosen by), precision, hit rate, NDCG, MAP and coverage; a figure the route adds later
// follows them.
const leadingKeys = ['name', 'surface', 'chosen'];
const figureKeys = ['recall', 'precision', 'hit_rate', 'ndcg', 'map', 'coverage'];
const figureLabels = { ndcg: 'NDCG', map: 'MAP' };

function figureColumns(models) {
  const present = new Set(models.flatMap((m) => Object.keys(m)));
  const later = [...present].filter((k) => !leadingKeys.includes(k) && !figureKeys.includes(k)).sort();
  return [
    { label: 'Model', value: (m) => m.name, header: true },
    { label: 'Surface', value: (m) => m.surface },
    { label: 'Chosen', value: (m) => describe(m.chosen) },
    ...[...figureKeys.filter((k) => present.has(k)), ...later].map((k) =>
      ({ label: figureLabels[k] || humanize(k), value: (m) => describe(m[k]), numeric: true })),
  ];
}

function modelSections(r) {
  const models = r.models || [];
  return [
    h('p', { class: 'muted' }, `Trained ${formatTime(r.trained_at)}; catalog coverage ${formatPercent(r.catalog_coverage)}.`),
    section('Models (offline figures on a time split)', models.length === 0 ? empty('No model trained.')
      : dataTable('Offline figures per model', figureColumns(models), models)),
    section('Model per surface', dataTable('The model each surface serves, and why', [
      { label: 'Surface', value: (s) => s.surface, header: true },
      { label: 'Model', value: (s) => s.model },
      { label: 'Why', value: (s) => s.why || '—' }], r.surfaces || [])),
    section('What recommendations earned', earned(r.lift || [])),
    section('Events', r.events ? facts(r.events) : empty('No storefront events yet: post them to /v1/events.')),
  ];
}

// The holdout experiments' lift: the measured difference, never a click count (clicks on a
// recommended item are not recorded).
function earned(lift) {
  if (lift.length === 0) {
    return empty('No recommendations experiment has started: run a holdout (mercato experiments create, ' +
      'capability recommendations) to measure what recommendations earn.');
  }
  return h('div', null,
    h('p', { class: 'muted' }, 'Measured by holding customers out of recommendations: what the customers shown them ' +
      'spent beyond the held-out customers\' rate, within each experiment\'s attribution window.'),
    dataTable('Lift of recommendations over their holdout', [
      { label: 'Experiment', value: (l) => l.experiment, header: true },
      { label: 'Status', value: (l) => l.status },
      { label: 'Customers shown / held out', value: (l) => `${formatInteger(l.variant_units)} / ${formatInteger(l.control_units)}`, numeric: true },
      { label: 'Metric', value: (l) => humanize(l.metric) },
      { label: 'Lift (95% interval)', value: (l) =>
        `${formatChange(l.relative_lift)} (${formatChange(l.relative_ci_low)} to ${formatChange(l.relative_ci_high)})`, numeric: true },
      { label: 'Incremental revenue (95% interval)', value: (l) => (l.incremental_revenue === null ? '—'
        : `${formatMoney(l.incremental_revenue)} (${formatMoney(l.incremental_revenue_low)} to ${formatMoney(l.incremental_revenue_high)})`), numeric: true },
      { label: 'Verdict', value: (l) => l.verdict_text },
    ], lift));
}

function tryForm(kind, label, placeholder, load) {
  const id = `try-${kind}`;
  const input = h('input', { id, name: kind, required: true, autocomplete: 'off', placeholder });
  const result = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'inline-form', 'aria-label': `Recommendations for a ${kind}` },
    h('label', { for: id }, label), input, h('button', { type: 'submit' }, 'Recommend'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    load(result, async () => result.replaceChildren(await tryIt(kind, input.value.trim())));
  });
  return h('div', { class: 'try' }, form, result);
}

async function tryIt(kind, text) {
  if (kind === 'customer') {
    const customer = await api('/v1/customers/lookup', { method: 'POST', body: { query: text } });
    const recs = await api(`/v1/recommendations/user/${encodeURIComponent(customer.id)}?k=10`);
    return recommendationTable(`Recommended for customer ${customer.id}`, recs);
  }
  if (kind === 'product') {
    const recs = await api(`/v1/recommendations/item/${encodeURIComponent(text)}?k=10`);
    return recommendationTable(`Recommended with ${text}`, recs);
  }
  const skus = text.split(',').map((s) => s.trim()).filter(Boolean);
  const recs = await api('/v1/recommendations/cart?k=10', { method: 'POST', body: { skus } });
  return recommendationTable(`Recommended for a cart of ${skus.join(', ')}`, recs);
}
