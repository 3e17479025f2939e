// The Overview page: the last period's KPIs against the previous one, revenue and orders over
// time, what deserves a look, top products; the period (day, week, month) is chosen here.
import { api } from '../api.js';
import { h } from '../dom.js';
import { overviewSections } from '../sections.js';

let period = 'week';

export async function renderOverview(main, { load }) {
  const select = h('select', { id: 'overview-period', name: 'period' },
    ['day', 'week', 'month'].map((p) => h('option', { value: p, selected: p === period }, `By ${p}`)));
  const body = h('div');
  select.addEventListener('change', () => {
    period = select.value;
    load(body, () => draw(body));
  });
  main.append(
    h('div', { class: 'toolbar' }, h('label', { for: 'overview-period' }, 'Period'), select),
    body);
  await load(body, () => draw(body));
}

async function draw(body) {
  const periods = period === 'day' ? 30 : 12;
  const ov = await api(`/v1/dashboard/overview?period=${period}&periods=${periods}`);
  body.replaceChildren(...overviewSections(ov));
}
