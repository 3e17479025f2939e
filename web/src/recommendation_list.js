// A list of recommended products as a table: product, SKU, price, score, the model that chose it
// and why it was recommended.
import { dataTable, empty, h } from './dom.js';
import { formatDecimal, formatMoney } from './format.js';

export function recommendationTable(caption, answer) {
  const items = (answer && answer.items) || [];
  const note = answer && answer.personalized === false && answer.fallback
    ? h('p', { class: 'muted' }, `Not personalized: ${answer.fallback}`) : null;
  if (items.length === 0) return h('div', null, note, empty('No recommendation for this one.'));
  return h('div', null, note, dataTable(caption, [
    { label: 'Product', value: (r) => r.title || r.sku, header: true },
    { label: 'SKU', value: (r) => r.sku },
    { label: 'Price', value: (r) => formatMoney(r.price, answer.currency), numeric: true },
    { label: 'Score', value: (r) => formatDecimal(r.score), numeric: true },
    { label: 'Model', value: (r) => r.model || '—' },
    { label: 'Why', value: (r) => r.reason_text || r.reason || '—' },
  ], items));
}
