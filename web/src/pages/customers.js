// The Customers page: segments, stages, CLV, cohort retention and the win-back list; a lookup
// (email, id or Shopify id, sent in a POST body so it lands in no URL or log) showing the
// customer's profile, predictions and recommendations; the at-risk list as a CSV download.
import { api, explain } from '../api.js';
import { h, section } from '../dom.js';
import { facts } from '../facts.js';
import { recommendationTable } from '../recommendation_list.js';
import { customerSections } from '../sections.js';

const profileKeys = ['id', 'email', 'first_name', 'last_name', 'shopify_id', 'segment', 'stage', 'clv',
  'p_alive', 'expected_purchases', 'next_order_date', 'lapse_date', 'winback_start', 'basis'];

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
    facts(customer, profileKeys.filter((k) => k in customer))];
  try {
    const recs = await api(`/v1/recommendations/user/${encodeURIComponent(customer.id)}?k=10`);
    parts.push(h('h3', null, 'Recommendations'), recommendationTable(`Recommended for ${customer.id}`, recs));
  } catch (error) {
    parts.push(h('p', { class: 'error', role: 'alert' }, `Recommendations: ${explain(error)}`));
  }
  result.replaceChildren(...parts);
}
