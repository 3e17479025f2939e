// The Experiments page: every experiment with its exposures per variant; one experiment's report
// (the verdict in words, each metric against the control with its interval, drawn per variant,
// the sample-ratio check) with a way to stop it while it runs; and the lift of every started
// experiment by the capability it measures (/v1/reports/lift).
import { api, explain } from '../api.js';
import { chartFigure, palette } from '../charts.js';
import { dataTable, empty, h, section } from '../dom.js';
import { humanize } from '../facts.js';
import { formatChange, formatDate, formatDecimal, formatInteger, formatPercent } from '../format.js';

const verdictNames = { ship: 'Ship', do_not_ship: 'Do not ship', keep_running: 'Keep running', invalid: 'Invalid' };
const verdictSeverity = { ship: 'low', do_not_ship: 'high', keep_running: 'medium', invalid: 'high' };
const rateMetrics = new Set(['conversion', 'repeat_purchase_rate']);

let selected = null;  // the key whose report is shown

function metricValue(metric, v) {
  return rateMetrics.has(metric) ? formatPercent(v) : formatDecimal(v);
}

function exposuresText(e) {
  const counts = e.exposures_per_variant || {};
  return (e.variants || []).map((v) => `${v.name} ${formatInteger(counts[v.name] ?? 0)}`).join(' · ');
}

/** The page; `fresh` after a change the page made (the list the server kept is out of date). */
export async function renderExperiments(main, { load }, { fresh = false } = {}) {
  const list = h('div');
  const report = h('div', { class: 'experiment-report', 'aria-live': 'polite' });
  const lift = h('div');
  main.append(list, report, lift);
  const showReport = (key) => {
    selected = key;
    return load(report, () => drawReport(report, key, () => renderAgain(main, { load })));
  };
  await load(list, async () => {
    const answer = await api('/v1/dashboard/experiments', { fresh });
    const experiments = answer.experiments || [];
    list.replaceChildren(section('Experiments', experiments.length === 0
      ? empty('No experiment yet: create one with mercato experiments create, or import one with mercato experiments import.')
      : dataTable('Experiments and the units exposed to each variant', [
        { label: 'Key', value: (e) => e.key, header: true },
        { label: 'Name', value: (e) => e.name || '—' },
        { label: 'Capability', value: (e) => humanize(e.capability) },
        { label: 'Status', value: (e) => e.status },
        { label: 'Variants', value: (e) => (e.variants || []).map((v) => `${v.name} (${formatPercent(v.weight)})`).join(', ') },
        { label: 'Exposures per variant', value: exposuresText },
        { label: 'Started', value: (e) => formatDate(e.started_at) },
        { label: 'Report', value: (e) => h('button', { type: 'button', class: 'show-report', 'data-key': e.key,
          'aria-pressed': e.key === selected ? 'true' : 'false', onclick: () => showReport(e.key) },
        'Show', h('span', { class: 'visually-hidden' }, ` the report of ${e.key}`)) },
      ], experiments)));
    // Shown first: the started experiment with the most units exposed (the store's main test,
    // not a journey's small holdout that happens to sort first).
    if (!experiments.some((e) => e.key === selected)) {
      const units = (e) => Object.values(e.exposures_per_variant || {}).reduce((a, b) => a + b, 0);
      const started = experiments.filter((e) => e.status !== 'draft').sort((a, b) => units(b) - units(a));
      selected = started.length ? started[0].key : null;
    }
  });
  const parts = [load(lift, () => drawLift(lift))];
  if (selected) parts.push(showReport(selected));
  await Promise.all(parts);
}

function renderAgain(main, context) {
  main.replaceChildren(main.querySelector('h1'));
  return renderExperiments(main, context, { fresh: true });
}

async function drawReport(container, key, reload) {
  const r = await api(`/v1/experiments/${encodeURIComponent(key)}/report`);
  const e = r.experiment || {};
  const a = r.analysis || {};
  const metrics = a.metrics || [];
  const parts = [
    h('p', { class: 'verdict' }, h('span', { class: `badge badge-${verdictSeverity[a.verdict] || 'low'}` },
      verdictNames[a.verdict] || a.verdict), ' ', a.verdict_text),
    h('p', { class: 'muted' }, `${humanize(e.capability)} experiment on ${e.unit} units, ${e.status}` +
      `${e.started_at ? ` since ${formatDate(e.started_at)}` : ''}${e.stopped_at ? `, stopped ${formatDate(e.stopped_at)}` : ''}; ` +
      `primary metric ${humanize(e.primary_metric)}; orders within ${e.attribution_days} days of the first exposure count.`),
    srmNote(a, e),
    metrics.length === 0 ? empty('Nobody has been exposed yet.') : intervalChart(metrics),
    metrics.length === 0 ? null : dataTable(`Each metric against the control (${e.control})`, [
      { label: 'Metric', value: (m) => `${humanize(m.metric)}${m.primary ? ' (primary)' : ''}${m.guardrail ? ' (guardrail)' : ''}`, header: true },
      { label: 'Variant', value: (m) => m.variant },
      { label: 'Control', value: (m) => metricValue(m.metric, m.control_mean), numeric: true },
      { label: 'Variant value', value: (m) => metricValue(m.metric, m.variant_mean), numeric: true },
      { label: 'Difference', value: (m) => metricValue(m.metric, m.difference), numeric: true },
      { label: '95% interval', value: (m) => `${metricValue(m.metric, m.ci_low)} to ${metricValue(m.metric, m.ci_high)}`, numeric: true },
      { label: 'Relative lift', value: (m) => formatChange(m.relative_lift), numeric: true },
      { label: 'p (adjusted)', value: (m) => formatDecimal(m.p_value_adjusted), numeric: true },
      { label: 'Chance to beat control', value: (m) => formatPercent(m.chance_to_beat_control), numeric: true },
    ], metrics),
    e.status === 'running' ? stopControl(e.key, reload) : null,
  ];
  container.replaceChildren(section(`Report: ${e.name || e.key}`, parts));
}

function srmNote(a, e) {
  const srm = a.srm;
  if (!srm) return null;
  const observed = (e.variants || []).map((v, i) => `${v.name} ${formatInteger((srm.observed || [])[i])}`).join(', ');
  if (!srm.mismatch) {
    return h('p', { class: 'muted srm-ok' }, `Sample ratio as designed (${observed}; p = ${formatDecimal(srm.p_value)}).`);
  }
  return h('p', { class: 'error srm-warning', role: 'alert' }, h('strong', null, 'Sample ratio mismatch: '),
    `the variants received ${observed} units, which their weights make very unlikely (p = ${formatDecimal(srm.p_value)}). ` +
    'Exposures are being lost or assigned unevenly; do not trust the figures until the cause is found.');
}

// Each metric's interval of the relative lift per variant as a floating bar, its estimate a dot.
function intervalChart(metrics) {
  const rows = metrics.filter((m) => m.relative_ci_low !== null && m.relative_ci_high !== null);
  if (rows.length === 0) return empty('No interval yet: too few units, or a control value of zero.');
  const labels = rows.map((m) => `${humanize(m.metric)}: ${m.variant}`);
  const percent = (v) => formatChange(v);
  return chartFigure('Relative lift against the control with its 95% interval, per metric and variant', {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { type: 'bar', label: '95% interval', data: rows.map((m) => [m.relative_ci_low, m.relative_ci_high]),
          backgroundColor: palette.band, borderColor: palette.blue, borderWidth: 1 },
        { type: 'line', label: 'Estimate', data: rows.map((m) => m.relative_lift), showLine: false,
          borderColor: palette.orange, backgroundColor: palette.orange, pointRadius: 5 },
      ],
    },
    options: { scales: { y: { title: { display: true, text: 'Relative lift' }, ticks: { callback: percent } } } },
  }, {
    columns: [
      { label: 'Metric and variant', value: (i) => labels[i], header: true },
      { label: 'Low', value: (i) => percent(rows[i].relative_ci_low), numeric: true },
      { label: 'Estimate', value: (i) => percent(rows[i].relative_lift), numeric: true },
      { label: 'High', value: (i) => percent(rows[i].relative_ci_high), numeric: true },
    ],
    rows: rows.map((_, i) => i),
  });
}

// Stopping asks once more: a stopped experiment does not run again.
function stopControl(key, reload) {
  const status = h('p', { role: 'status', class: 'muted' });
  const stop = h('button', { type: 'button', id: 'stop-experiment' }, 'Stop this experiment');
  const confirm = h('button', { type: 'button', id: 'confirm-stop', hidden: true }, `Yes, stop ${key}`);
  const cancel = h('button', { type: 'button', hidden: true }, 'Cancel');
  stop.addEventListener('click', () => {
    stop.hidden = true;
    confirm.hidden = false;
    cancel.hidden = false;
    status.textContent = 'Every unit then gets the control\'s configuration, and a stopped experiment does not run again.';
    confirm.focus();
  });
  cancel.addEventListener('click', () => {
    stop.hidden = false;
    confirm.hidden = true;
    cancel.hidden = true;
    status.textContent = '';
    stop.focus();
  });
  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    try {
      await api(`/v1/experiments/${encodeURIComponent(key)}`, { method: 'PATCH', body: { status: 'stopped' } });
    } catch (error) {
      status.className = 'error';
      status.textContent = `Could not stop it: ${explain(error)}`;
      confirm.disabled = false;
      return;
    }
    await reload();
  });
  return h('div', { class: 'toolbar' }, stop, confirm, cancel, status);
}

async function drawLift(container) {
  const r = await api('/v1/reports/lift');
  const rows = r.experiments || [];
  container.replaceChildren(section('Lift by capability', rows.length === 0
    ? empty('No experiment has started yet.')
    : dataTable('The primary metric of every started experiment, by the capability it measures', [
      { label: 'Capability', value: (e) => humanize(e.capability), header: true },
      { label: 'Experiment', value: (e) => e.experiment },
      { label: 'Status', value: (e) => e.status },
      { label: 'Metric', value: (e) => humanize(e.metric) },
      { label: 'Units', value: (e) => Object.entries(e.units_per_variant || {}).map(([v, n]) => `${v} ${formatInteger(n)}`).join(' · ') },
      { label: 'Lift (relative, 95% interval)', value: (e) => (e.primary || []).map((m) =>
        `${m.variant}: ${formatChange(m.relative_lift)} (${formatChange(m.relative_ci_low)} to ${formatChange(m.relative_ci_high)})`).join('; ') },
      { label: 'Verdict', value: (e) => e.verdict_text },
    ], rows)));
}
