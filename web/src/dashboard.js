// The dashboard's shell: sign-in (an admin key becomes a session cookie; the key is not kept),
// the page list from what the server offers (/v1/openapi.json), hash routes, loading and error
// states, sign-out.
import './dashboard.css';
import { ApiError, api, explain, setCsrfToken } from './api.js';
import { h } from './dom.js';
import { renderCustomers } from './pages/customers.js';
import { renderExperiments } from './pages/experiments.js';
import { renderForecast } from './pages/forecast.js';
import { renderJourneys } from './pages/journeys.js';
import { renderOverview } from './pages/overview.js';
import { renderPricing } from './pages/pricing.js';
import { renderRecommendations } from './pages/recommendations.js';
import { renderSettings } from './pages/settings.js';

// Each page and the route its capability needs: a server without that route has no such page.
const pages = [
  { hash: '#/overview', title: 'Overview', needs: '/v1/dashboard/overview', render: renderOverview },
  { hash: '#/customers', title: 'Customers', needs: '/v1/dashboard/customers', render: renderCustomers },
  { hash: '#/recommendations', title: 'Recommendations', needs: '/v1/dashboard/recommendations',
    render: renderRecommendations },
  { hash: '#/forecast', title: 'Forecast and inventory', needs: '/v1/inventory/plan', render: renderForecast },
  { hash: '#/pricing', title: 'Pricing', needs: '/v1/pricing/recommendations', render: renderPricing },
  { hash: '#/experiments', title: 'Experiments', needs: '/v1/dashboard/experiments', render: renderExperiments },
  { hash: '#/journeys', title: 'Journeys', needs: '/v1/dashboard/journeys', render: renderJourneys },
  { hash: '#/settings', title: 'Settings and data', needs: '/v1/dashboard/settings', render: renderSettings },
];

// Whether this browser signed in before (the cookie itself is HttpOnly): only then is the
// session asked for on load, so a first visit makes no request that must fail.
const signedInHint = 'mercato.signed_in';
const app = document.getElementById('app');
let routes = null;  // {"/v1/...": ["get", ...]} from the OpenAPI document
let rendering = 0;

function has(method, path) {
  return !routes || (routes[path] || []).includes(method.toLowerCase());
}

function available() {
  return pages.filter((p) => has('GET', p.needs));
}

/** Runs `draw` with `container` showing a loading state, then its error if it fails. */
async function load(container, draw) {
  container.setAttribute('aria-busy', 'true');
  container.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
  try {
    await draw();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      showSignIn('Your session has ended: sign in again.');
      return;
    }
    container.replaceChildren(h('div', { class: 'error', role: 'alert' }, h('strong', null, 'Could not load this: '), explain(error)));
  } finally {
    container.removeAttribute('aria-busy');
  }
}

function showSignIn(message) {
  localStorage.removeItem(signedInHint);
  setCsrfToken(null);
  const input = h('input', { id: 'admin-key', name: 'key', type: 'password', required: true, autocomplete: 'off',
    'aria-describedby': 'admin-key-help' });
  const status = h('p', { class: message ? 'error' : 'visually-hidden', role: 'alert', id: 'sign-in-status' }, message || '');
  const button = h('button', { type: 'submit' }, 'Sign in');
  const form = h('form', { class: 'sign-in', 'aria-labelledby': 'sign-in-title' },
    h('label', { for: 'admin-key' }, 'Admin API key'), input,
    h('p', { id: 'admin-key-help', class: 'muted' }, 'Create one with ',
      h('code', null, 'mercato keys create --scope admin'), '. It becomes a session cookie; the page does not keep the key.'),
    button, status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    button.disabled = true;
    const key = input.value;
    input.value = '';
    try {
      const session = await api('/v1/session', { method: 'POST', body: { key } });
      await start(session);
    } catch (error) {
      status.className = 'error';
      status.textContent = error instanceof ApiError && error.status === 403
        ? 'That is a storefront key: the dashboard needs an admin key.'
        : error instanceof ApiError && error.status === 401 ? 'That key is not valid (unknown or revoked).' : explain(error);
      button.disabled = false;
      input.focus();
    }
  });
  app.replaceChildren(h('main', { id: 'main', class: 'sign-in-page' },
    h('h1', { id: 'sign-in-title' }, 'Sign in to mercato'), form));
  input.focus();
}

async function start(session) {
  setCsrfToken(session.csrf_token);
  localStorage.setItem(signedInHint, '1');
  try {
    const doc = await api('/v1/openapi.json');
    routes = Object.fromEntries(Object.entries(doc.paths || {}).map(([p, ops]) => [p, Object.keys(ops)]));
  } catch {
    routes = null;  // every page is offered; each says what fails
  }
  if (!available().some((p) => p.hash === location.hash)) {
    history.replaceState(null, '', available()[0] ? available()[0].hash : '#/overview');
  }
  await route();
}

async function signOut() {
  try {
    await api('/v1/session', { method: 'DELETE' });
  } finally {
    showSignIn('');
    history.replaceState(null, '', '#/overview');
  }
}

async function route() {
  if (!localStorage.getItem(signedInHint)) return;
  const list = available();
  const page = list.find((p) => p.hash === location.hash) || list[0];
  if (!page) return;
  const token = ++rendering;
  const signOutButton = h('button', { type: 'button', class: 'sign-out' }, 'Sign out');
  signOutButton.addEventListener('click', signOut);
  const main = h('main', { id: 'main', tabindex: '-1' }, h('h1', null, page.title));
  app.replaceChildren(
    h('header', { class: 'top' },
      h('span', { class: 'brand' }, 'mercato'),
      h('nav', { 'aria-label': 'Dashboard pages' }, h('ul', null, list.map((p) =>
        h('li', null, h('a', { href: p.hash, 'aria-current': p === page ? 'page' : null }, p.title))))),
      signOutButton),
    main);
  document.title = `${page.title} · mercato`;
  await page.render(main, { load: (c, d) => (token === rendering ? load(c, d) : Promise.resolve()), has });
}

window.addEventListener('hashchange', route);

async function boot() {
  if (!localStorage.getItem(signedInHint)) {
    showSignIn('');
    return;
  }
  try {
    await start(await api('/v1/session'));
  } catch (error) {
    showSignIn(error instanceof ApiError && error.status === 401 ? '' : explain(error));
  }
}

boot();
