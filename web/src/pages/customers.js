// The Customers page: segments, stages, CLV, cohort retention and the win-back list; a lookup
// (email, id or Shopify id, sent in a POST body so it lands in no URL or log) showing the
// customer's profile, predictions and recommendations; the at-risk list as a CSV download.
import { api, explain } from '../api.js';
import { dataTable, h, section } from '../dom.js';
import { describe, facts, humanize } from '../facts.js';
import { formatMoney, formatPercent } from '../format.js';
import { recommendationTable } from '../recommendation_list.js';
import { customerSections } from '../sections.js';

const identityKeys = ['id', 'email', 'first_name', 'last_name', 'shopify_id'];
const percentKeys = new Set(['p_alive', 'lapse_risk', 'churn_probability']);
const moneyKeys = new Set(['clv', 'expected_spend', 'total_spend', 'aov']);

// The customer's predictions (GET /v1/customers/{id}'s "profile") with units: shares as
// percentages, amounts as money, the rest as they come.
function predictions(profile) {
  const list = h('dl', { class: 'facts' });
  for (const [key, value] of Object.entries(profile)) {
    if (key === 'id') continue;
    const text = percentKeys.has(key) ? formatPercent(value) : moneyKeys.has(key) ? formatMoney(value) : describe(value);
    list.append(h('dt', null, humanize(key)), h('dd', null, text));
  }
  return list;
}

function consentTable(consent) {
  return dataTable('Consent per purpose', [
    { label: 'Purpose', value: ([purpose]) => humanize(purpose), header: true },
    { label: 'Allowed', value: ([, c]) => (c.allowed ? 'yes' : 'no') },
    { label: 'Basis', value: ([, c]) => c.basis || '—' },
    { label: 'Jurisdiction', value: ([, c]) => c.jurisdiction || '—' },
  ], Object.entries(consent));
}

export async function renderCustomers(main, { load }) {
  const result = h('div', { class: 'lookup-result', 'aria-live': 'polite' });
  const input = h('input', { id: 'customer-query', name: 'query', type: 'search', required: true,
    autocomplete: 'off', placeholder: 'ann@example.com' });
  const form = h('form', { class: 'inline-form', 'aria-label': 'Look up a customer' },
    h('label', { for: 'customer-query' }, 'Email, customer id or Shopify id'), input,
    h('button', { type: 'submit' }, 'Look up'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    load(result, () => lookUp(result, input.value.trim()));
  });
  const summary = h('div');
  main.append(
    section('Look up a customer', form, result),
    section('Export',
      h('p', null, 'The customers at risk of lapsing, with their predictions, as a CSV file.'),
      h('a', { class: 'button', href: '/v1/customers?stage=at-risk&format=csv', download: 'customers-at-risk.csv',
        id: 'export-at-risk' }, 'Export the at-risk list (CSV)')),
    summary);
  await load(summary, async () => {
    const cs = await api('/v1/dashboard/customers');
    summary.replaceChildren(...customerSections(cs));
  });
}

async function lookUp(result, query) {
  const customer = await api('/v1/customers/lookup', { method: 'POST', body: { query } });
  const parts = [h('h3', null, [customer.first_name, customer.last_name].filter(Boolean).join(' ') || customer.id),
    facts(customer, identityKeys)];
  if (customer.profile) parts.push(h('h3', null, 'Predictions'), predictions(customer.profile));
  if (customer.consent) parts.push(h('h3', null, 'Consent'), consentTable(customer.consent));
  try {
    const recs = await api(`/v1/recommendations/user/${encodeURIComponent(customer.id)}?k=10`);
    parts.push(h('h3', null, 'Recommendations'), recommendationTable(`Recommended for ${customer.id}`, recs));
  } catch (error) {
    parts.push(h('p', { class: 'error', role: 'alert' }, `Recommendations: ${explain(error)}`));
  }
  result.replaceChildren(...parts);
}
