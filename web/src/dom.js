// DOM helpers: elements built from a tag, attributes and children. Text is always inserted as
// text (never parsed as HTML), and no inline style attribute is ever written (the CSP forbids it).

/** h('a', {href: '#/x', class: 'y', onclick: f}, 'text', child, [more]) → an element. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  appendAll(el, children);
  return el;
}

function appendAll(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/**
 * A table with a caption and column headers. columns: [{label, value: row => text or Node,
 * numeric, header (the row's header cell)}].
 */
export function dataTable(caption, columns, rows, { className = '' } = {}) {
  const head = h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : null }, c.label)));
  const body = rows.map((row) =>
    h('tr', null, columns.map((c) => {
      const cell = c.header ? h('th', { scope: 'row' }) : h('td');
      if (c.numeric) cell.className = 'num';
      if (c.cellClass) {
        const extra = c.cellClass(row);
        if (extra) cell.classList.add(extra);
      }
      appendAll(cell, [c.value(row)]);
      return cell;
    })));
  // Wide tables scroll sideways: the wrapper is focusable so keyboards can scroll it too.
  return h('div', { class: `table-wrap ${className}`.trim(), tabindex: '0', role: 'region', 'aria-label': caption },
    h('table', null, h('caption', null, caption), h('thead', null, head), h('tbody', null, body)));
}

/** A section with a heading (h2 by default) and its content. */
export function section(title, ...content) {
  return h('section', { class: 'panel', 'aria-label': title }, h('h2', null, title), content);
}

/** A paragraph saying there is nothing to show, and why. */
export function empty(text) {
  return h('p', { class: 'empty' }, text);
}
