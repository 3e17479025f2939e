// The Journeys page: every configured journey with its steps, who entered it, the messages sent
// and the conversions of the messaged customers against the holdout, with the holdout
// experiment's lift and verdict; the rules the journeys share; and the outbox's messages by
// status (GET /v1/dashboard/journeys).
import { api } from '../api.js';
import { chartFigure, palette } from '../charts.js';
import { dataTable, empty, h, section } from '../dom.js';
import { facts, humanize } from '../facts.js';
import { formatChange, formatDecimal, formatInteger, formatPercent } from '../format.js';

// The outbox's statuses in a message's order of life, then the total.
const outboxStatuses = ['pending', 'delivered', 'suppressed', 'dead', 'total'];

/** 3600 → "1 h", 90000 → "1 d 1 h", 90 → "90 s". */
function formatDelay(seconds) {
  if (seconds < 60) return `${seconds} s`;
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const parts = [days ? `${days} d` : '', hours ? `${hours} h` : '', minutes ? `${minutes} min` : ''];
  return parts.filter(Boolean).join(' ');
}

function stepsText(j) {
  return (j.steps || []).map((s) => `${s.id} ${s.delay_seconds > 0 ? `after ${formatDelay(s.delay_seconds)}` : 'at once'}` +
    `${s.incentive ? ' (incentive)' : ''}`).join('; ');
}

function arm(j, name) {
  return ((j.stats || {}).arms || {})[name] || {};
}

function liftText(j) {
  const lift = (j.stats || {}).lift;
  if (!lift) return 'no holdout yet';
  return (lift.primary || []).map((m) =>
    `${formatChange(m.relative_lift)} (${formatChange(m.relative_ci_low)} to ${formatChange(m.relative_ci_high)})`).join('; ') || '—';
}

// The conversion rate of each journey's messaged customers beside its holdout's.
function conversionChart(journeys) {
  const rows = journeys.filter((j) => (j.stats || {}).entered > 0);
  if (rows.length === 0) return empty('Nobody has entered a journey yet: run them with mercato journeys run, or serve --journeys-every.');
  const labels = rows.map((j) => j.name || j.id);
  return chartFigure('Conversion within the attribution window: messaged customers against the holdout', {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { label: 'Messaged', data: rows.map((j) => arm(j, 'messaged').conversion_rate ?? 0), backgroundColor: palette.blue },
        { label: 'Holdout', data: rows.map((j) => arm(j, 'holdout').conversion_rate ?? 0), backgroundColor: palette.orange },
      ],
    },
    options: { scales: { y: { beginAtZero: true, title: { display: true, text: 'Conversion rate' }, ticks: { callback: (v) => formatPercent(v) } } } },
  }, {
    columns: [
      { label: 'Journey', value: (i) => labels[i], header: true },
      { label: 'Messaged', value: (i) => formatPercent(arm(rows[i], 'messaged').conversion_rate), numeric: true },
      { label: 'Holdout', value: (i) => formatPercent(arm(rows[i], 'holdout').conversion_rate), numeric: true },
    ],
    rows: rows.map((_, i) => i),
  });
}

export async function renderJourneys(main, { load }) {
  const body = h('div');
  main.append(body);
  await load(body, async () => {
    const page = await api('/v1/dashboard/journeys');
    const journeys = page.journeys || [];
    const rules = page.rules || {};
    body.replaceChildren(
      section('Journeys', journeys.length === 0 ? empty('No journey is configured (serve --journeys).') : [
        conversionChart(journeys),
        dataTable('Each journey, highest priority first, with its figures against its holdout', [
          { label: 'Journey', value: (j) => j.name || j.id, header: true },
          { label: 'Trigger', value: (j) => humanize(j.trigger) },
          { label: 'Priority', value: (j) => formatInteger(j.priority), numeric: true },
          { label: 'Holdout', value: (j) => formatPercent(j.holdout), numeric: true },
          { label: 'Steps', value: stepsText },
          { label: 'Entered', value: (j) => formatInteger((j.stats || {}).entered ?? 0), numeric: true },
          { label: 'Messages sent', value: (j) => formatInteger((j.stats || {}).messaged ?? 0), numeric: true },
          { label: 'Converted (messaged / holdout)', value: (j) =>
            `${formatInteger(arm(j, 'messaged').converted ?? 0)} / ${formatInteger(arm(j, 'holdout').converted ?? 0)}`, numeric: true },
          { label: 'Revenue', value: (j) => formatDecimal((j.stats || {}).revenue ?? 0), numeric: true },
          { label: 'Repeat rate', value: (j) => formatPercent((j.stats || {}).repeat_rate ?? 0), numeric: true },
          { label: 'Lift over the holdout (95% interval)', value: liftText },
          { label: 'Verdict', value: (j) => (j.stats || {}).verdict_text || '—' },
        ], journeys),
      ]),
      section('Rules every journey keeps', facts({
        messages_per_customer: `at most ${formatInteger(rules.cap_messages)} per ${formatDelay(rules.cap_window_seconds || 0)}`,
        quiet_hours: rules.quiet_hours ? `${rules.quiet_hours.start}:00 to ${rules.quiet_hours.end}:00 in the customer's time zone` : '—',
        store_time_zone: rules.store_time_zone,
      })),
      section('Outbox', dataTable('Messages in the outbox by status', [
        { label: 'Status', value: (r) => humanize(r[0]), header: true },
        { label: 'Messages', value: (r) => formatInteger(r[1]), numeric: true },
      ], outboxStatuses.map((s) => [s, (page.outbox || {})[s] ?? 0]))));
  });
}
