// The Settings and data page: store counts, freshness, import history (GET /v1/imports, when the
// server has it), the consent policy, the API keys (never their secrets) and the config in effect.
import { api } from '../api.js';
import { dataTable, empty, h, section } from '../dom.js';
import { facts, humanize } from '../facts.js';
import { formatTime } from '../format.js';

export async function renderSettings(main, { load, has }) {
  const body = h('div');
  const imports = h('div');
  main.append(body, imports);
  const parts = [load(body, async () => {
    const s = await api('/v1/dashboard/settings');
    body.replaceChildren(
      section('Store', facts(s.store || {})),
      section('Data freshness', facts(s.freshness || {})),
      section('Consent policy', facts(s.consent_policy || {})),
      section('API keys', (s.keys || []).length === 0 ? empty('No API key: create one with mercato keys create.')
        : dataTable('API keys (their secrets are never shown)', [
          { label: 'Id', value: (k) => k.id, header: true },
          { label: 'Name', value: (k) => k.name || '—' },
          { label: 'Scope', value: (k) => k.scope },
          { label: 'Created', value: (k) => formatTime(k.created_at) },
          { label: 'Revoked', value: (k) => (k.revoked ? 'yes' : 'no') }], s.keys)),
      section('Configuration in effect', facts(s.config || {})));
  })];
  if (has('GET', '/v1/imports')) {
    parts.push(load(imports, async () => {
      const answer = await api('/v1/imports');
      const rows = Array.isArray(answer) ? answer : answer.imports || [];
      const keys = rows.length ? Object.keys(rows[0]).filter((k) => typeof rows[0][k] !== 'object' || rows[0][k] === null) : [];
      imports.replaceChildren(section('Import history', rows.length === 0 ? empty('No import yet.')
        : dataTable('Imports, newest first', keys.map((k, i) => ({ label: humanize(k), value: (r) => String(r[k] ?? '—'), header: i === 0 })), rows)));
    }));
  }
  await Promise.all(parts);
}
