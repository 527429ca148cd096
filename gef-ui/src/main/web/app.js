// GEF browser GUI: hash routing, sign-in with a token, and one module per page. No third-party code.
import {api, setToken, token} from './js/api.js';
import {fill, h} from './js/dom.js';
import * as services from './js/services.js';
import * as jobs from './js/jobs.js';
import * as job from './js/job.js';
import * as pipelines from './js/pipelines.js';
import * as volumes from './js/volumes.js';
import * as publish from './js/publish.js';
import * as account from './js/account.js';
import * as admin from './js/admin.js';
import * as engines from './js/engines.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');

/** Path patterns → page renderers; the first match wins. */
const ROUTES = [
  [/^\/services$/, services.catalog],
  [/^\/services\/([^/]+)$/, services.service],
  [/^\/jobs$/, jobs.list],
  [/^\/jobs\/([^/]+)$/, job.page],
  [/^\/pipelines$/, pipelines.list],
  [/^\/pipelines\/([^/]+)$/, pipelines.page],
  [/^\/volumes$/, volumes.list],
  [/^\/volumes\/([^/]+)$/, volumes.volume],
  [/^\/publish$/, publish.page],
  [/^\/account$/, account.page],
  [/^\/admin$/, admin.page],
  [/^\/engines$/, engines.page],
];

let me = null;
let current = null; // AbortController of the page on screen: leaving a page closes its streams

export function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

function signIn(reason) {
  me = null;
  fill(nav);
  const input = h('input', {id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true,
    'aria-describedby': 'token-help'});
  const err = h('p', {id: 'signin-error', class: 'error', role: 'alert'}, reason ?? '');
  const form = h('form', {id: 'signin-form', onsubmit: async e => {
    e.preventDefault();
    setToken(input.value.trim());
    try {
      me = await api('/api/me');
      go(location.hash && !location.hash.startsWith('#/signin') ? location.hash : '#/services');
    } catch (x) {
      setToken(null);
      err.textContent = x.message;
      input.focus();
    }
  }},
  h('label', {for: 'token'}, 'Access token'), input,
  h('p', {id: 'token-help', class: 'hint'}, 'It is kept only for this browser tab and sent only in request headers.'),
  h('details', {id: 'first-token', open: !reason}, h('summary', {}, 'Where do I get a token?'),
    h('ul', {},
      h('li', {}, 'Your administrator gives you your first token when they create your account (Admin → Users).'),
      h('li', {}, 'The first administrator\'s token is in the file ', h('code', {}, 'var/admin.token'),
        ' on the server (or ', h('code', {}, '$GEF_DATA_DIR/admin.token'), '), written at the first start.'),
      h('li', {}, 'Once signed in, make personal tokens for each browser or script under Account, or with ',
        h('code', {}, './gef tokens create'), '.'))),
  h('button', {id: 'signin', type: 'submit'}, 'Sign in'), err);
  fill(main, h('h2', {tabindex: '-1'}, 'Sign in'), form);
  input.focus();
}

function drawNav() {
  const link = (href, text) => h('a', {href, 'aria-current': location.hash.startsWith(href) ? 'page' : null}, text);
  fill(nav,
    link('#/services', 'Services'), link('#/jobs', 'Jobs'), link('#/pipelines', 'Pipelines'),
    link('#/volumes', 'Volumes'),
    me.roles.includes('publisher') || me.roles.includes('admin') ? link('#/publish', 'Publish') : null,
    me.roles.includes('admin') ? [link('#/engines', 'Engines'), link('#/admin', 'Admin')] : null,
    link('#/account', me.name),
    // the API reference (Swagger UI over /api/openapi.json), a page of its own served by the server
    h('a', {href: '/api-docs/', id: 'nav-api'}, 'API'),
    h('button', {id: 'signout', type: 'button', onclick: () => { setToken(null); go('#/signin'); }}, 'Sign out'));
}

async function route() {
  current?.abort();
  current = new AbortController();
  const path = location.hash.replace(/^#/, '').split('?')[0] || '/services';
  if (!token() || path === '/signin') return signIn();
  try {
    me ??= await api('/api/me');
  } catch (x) {
    setToken(null);
    return signIn(x.message);
  }
  drawNav();
  const found = ROUTES.map(([re, page]) => [path.match(re), page]).find(([m]) => m);
  if (!found) {
    fill(main, h('h2', {tabindex: '-1'}, 'Not found'), h('p', {}, 'No page ', h('code', {}, path), '.'));
    return;
  }
  const [m, page] = found;
  const query = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const ctx = {params: m.slice(1).map(decodeURIComponent), query, signal: current.signal, me, go};
  fill(main, h('p', {class: 'hint'}, 'Loading…'));
  try {
    await page(main, ctx);
    main.querySelector('h2')?.focus({preventScroll: true});
  } catch (x) {
    if (x.name === 'AbortError') return;
    fill(main, h('h2', {tabindex: '-1'}, 'Something went wrong'), h('p', {class: 'error', role: 'alert'}, x.message));
  }
}

document.getElementById('skip').addEventListener('click', () => main.focus());
addEventListener('gef:unauthorized', e => { setToken(null); signIn(e.detail); });
addEventListener('hashchange', route);
route();
