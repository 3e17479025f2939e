// Number, money, percentage and date formatting with Intl, in the browser's locale.

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const amount = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percentage = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const signedPercentage = new Intl.NumberFormat(undefined, {
  style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero',
});
const day = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const moment = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const currencies = new Map();

const missing = '—';

export function formatInteger(v) {
  return v === null || v === undefined ? missing : integer.format(v);
}

export function formatDecimal(v) {
  return v === null || v === undefined ? missing : decimal.format(v);
}

/** Money with the store's currency when known (ISO code), otherwise as a plain amount. */
export function formatMoney(v, currency) {
  if (v === null || v === undefined) return missing;
  if (!currency) return amount.format(v);
  if (!currencies.has(currency)) {
    try {
      currencies.set(currency, new Intl.NumberFormat(undefined, { style: 'currency', currency }));
    } catch {
      currencies.set(currency, null);  // not an ISO code Intl knows: the plain amount
    }
  }
  const f = currencies.get(currency);
  return f ? f.format(v) : `${amount.format(v)} ${currency}`;
}

/** A fraction 0..1 as a percentage. */
export function formatPercent(v) {
  return v === null || v === undefined ? missing : percentage.format(v);
}

/** A change against the previous period (a fraction), signed; "—" when undefined. */
export function formatChange(v) {
  return v === null || v === undefined ? missing : signedPercentage.format(v);
}

/** A YYYY-MM-DD date. */
export function formatDate(v) {
  if (!v) return missing;
  const d = new Date(`${String(v).slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? String(v) : day.format(d);
}

/** An ISO-8601 timestamp. */
export function formatTime(v) {
  if (!v) return missing;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? String(v) : moment.format(d);
}
