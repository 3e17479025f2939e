// Rows to a CSV file the browser downloads (RFC 4180 quoting), for tables built in the page.
import { h } from './dom.js';

function cell(value) {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Downloads `rows` (objects) as `filename` with the given columns (keys), in that order. */
export function downloadCsv(filename, columns, rows) {
  const text = [columns.map(cell).join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))]
    .join('\r\n') + '\r\n';
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const link = h('a', { href: url, download: filename, class: 'visually-hidden' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
