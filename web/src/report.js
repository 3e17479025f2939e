// The report bundle `mercato report` inlines: draws the overview, customers, forecast and plan
// sections from the JSON in <script type="application/json" id="mercato-report-data">, with the
// dashboard's chart code; no fetching, so the file opens with no server and no network.
import './report.css';
import { h, section } from './dom.js';
import { formatDate, formatTime } from './format.js';
import {
  customerSections, forecastChart, forecastsByUnits, overviewSections, planSummary, planTable,
} from './sections.js';

function render(data) {
  const main = h('main', { id: 'main' },
    h('header', { class: 'report-header' },
      h('h1', null, 'mercato report'),
      h('p', { class: 'muted' }, `Generated ${formatTime(data.generated_at)}.`)));
  if (data.overview) main.append(h('h2', null, 'Overview'), ...overviewSections(data.overview, { links: false }));
  if (data.customers) main.append(...customerSections(data.customers));
  if (data.forecast) {
    const top = forecastsByUnits(data.forecast.forecasts).slice(0, 5);
    main.append(section('Demand forecast (top products)',
      top.map((f) => forecastChart({ ...f, by: data.forecast.by }))));
  }
  if (data.plan) {
    main.append(section(`Reorder plan (as of ${formatDate(data.plan.as_of)})`, planSummary(data.plan),
      planTable('Lines to reorder now', (data.plan.lines || []).filter((l) => l.order_quantity > 0),
        { currency: data.plan.currency, limit: 100 })));
  }
  document.body.replaceChildren(main);
}

function start() {
  const element = document.getElementById('mercato-report-data');
  if (element) {
    render(JSON.parse(element.textContent));
  } else {
    document.body.replaceChildren(h('p', { class: 'error' }, 'This report holds no data (#mercato-report-data is missing).'));
  }
}

// The data element may come after the script in the file.
if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start);
} else {
  start();
}
