// Shared by every page of the console: the token, calls to the api with problem+json errors in words, a small
// DOM builder (text only: nothing from the server is ever parsed as HTML), status badges and the header.
const TOKEN_KEY = 'darkroom.token';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `The server answered ${status}.`);
    this.status = status;
    this.problem = problem || {};
  }
}

/** fetch against our api with the token; JSON in and out; a problem+json answer becomes an ApiError. */
export async function api(path, { method = 'GET', json, body, signal, accept = 'application/json' } = {}) {
  const headers = { Accept: `${accept}, application/problem+json` };
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body, signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { detail: 'The server could not be reached.' });
  }
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch (ignored) {
      // not JSON: the status says it
    }
    if (response.status === 401) {
      showAuthNeeded(problem);
    }
    throw new ApiError(response.status, problem);
  }
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.text();
}

/** h('a', {href: '#', class: 'x'}, 'text', child): children are text or nodes, never HTML. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const STATUS_SIGNS = {
  awaiting_upload: '\u2191', // up arrow: the file is still on its way
  pending: '\u2026',
  processing: '\u21bb',
  succeeded: '\u2713',
  failed: '\u2717',
  completed: '\u2713',
  completed_with_errors: '!',
  deleted: '\u2013',
};

/** A status as a sign, a word and a colour: never the colour alone. */
export function badge(status) {
  const word = String(status).replaceAll('_', ' ');
  return h('span', { class: `badge badge-${status}`, 'data-status': status },
    h('span', { 'aria-hidden': 'true' }, STATUS_SIGNS[status] || '\u2022'), ' ', word);
}

export function bytes(n) {
  if (n === null || n === undefined) return '';
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function when(instant) {
  return instant ? new Date(instant).toLocaleString() : '';
}

/** A message in the page's live region: screen readers hear it, everyone sees it. */
export function say(text, kind = 'info') {
  const region = document.getElementById('messages');
  if (!region) return;
  region.replaceChildren(h('p', { class: `message message-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text));
}

/** The image's thumbnail, fetched with the token as a short-lived link to storage. */
export async function thumbnail(image, rendition = 'thumbnail') {
  const names = image.renditions.map((r) => r.name);
  const name = names.includes(rendition) ? rendition : names[0];
  if (!name) return null;
  const link = await api(`/api/v1/images/${image.uuid}/renditions/${encodeURIComponent(name)}`);
  return link.url;
}

function showAuthNeeded(problem) {
  const box = document.getElementById('token');
  if (box) box.setAttribute('aria-invalid', 'true');
  say(`${(problem && problem.detail) || 'A token is required.'} Paste a bearer token above.`, 'error');
}

/** The header's token form: kept in sessionStorage, so it is gone when the tab closes. */
function tokenForm() {
  const input = h('input', {
    id: 'token', type: 'password', autocomplete: 'off', placeholder: 'not needed when auth is off',
    value: token(), 'aria-describedby': 'token-help',
  });
  const form = h('form', { class: 'token', 'aria-label': 'Authentication' },
    h('label', { for: 'token' }, 'Bearer token'),
    input,
    h('button', { type: 'submit' }, 'Use token'),
    h('button', { type: 'button', onclick: () => { sessionStorage.removeItem(TOKEN_KEY); location.reload(); } }, 'Forget'),
    h('span', { id: 'token-help', class: 'help' }, token() ? 'Token set for this tab.' : 'No token set.'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, input.value.trim());
    location.reload();
  });
  return form;
}

const PAGES = [
  ['index.html', 'Upload'],
  ['gallery.html', 'Gallery'],
  ['collections.html', 'Collections'],
  ['imports.html', 'Imports'],
  ['monitor.html', 'Monitor'],
];

/** Header, navigation and the live region, the same on every page. */
export function frame(current) {
  const header = document.querySelector('header');
  const links = PAGES.map(([href, label]) =>
    h('li', {}, h('a', { href, 'aria-current': href === current ? 'page' : null }, label)));
  header.replaceChildren(
    h('a', { class: 'brand', href: 'index.html' }, 'Darkroom'),
    h('nav', { 'aria-label': 'Console' }, h('ul', {}, links)),
    tokenForm());
}
