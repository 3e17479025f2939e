// A JSON object shown as a definition list (names made readable, nested values summarized):
// for answers whose keys grow over time (settings, config, a customer's profile).
import { h } from './dom.js';
import { formatDate, formatDecimal, formatInteger, formatTime } from './format.js';

/** "last_order_at" → "Last order at". */
export function humanize(key) {
  const text = String(key).replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A JSON value as text: numbers and dates formatted, lists joined, objects as name: value. */
export function describe(value) {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return Number.isInteger(value) ? formatInteger(value) : formatDecimal(value);
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(describe).join(', ');
  if (typeof value === 'object') {
    return Object.entries(value).map(([k, v]) => `${humanize(k)}: ${describe(v)}`).join('; ');
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return formatTime(value);
  return String(value);
}

/** A <dl> of the object's keys (all of them, or `keys` in that order when given). */
export function facts(object, keys) {
  const entries = keys ? keys.filter((k) => k in object).map((k) => [k, object[k]]) : Object.entries(object || {});
  return h('dl', { class: 'facts' }, entries.map(([k, v]) => [h('dt', null, humanize(k)), h('dd', null, describe(v))]));
}
