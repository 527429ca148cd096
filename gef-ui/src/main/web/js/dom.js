// Building DOM without innerHTML: every text goes through a text node, so server data can never become markup.

/** h('button', {class: 'x', onclick: f}, 'text', child, [more]) → element. null/false children are skipped. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** An SVG element: svg('rect', {x: 1, width: 2}, child) → element (attributes set as given, text as text nodes). */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) el.setAttribute(k, v);
  append(el, children);
  return el;
}

/** Appends children, skipping null and false (the DOM's own append would write them as text). */
export function add(el, ...children) {
  append(el, children);
  return el;
}

/** Replaces the content of an element. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * A table with a caption (read by screen readers), header row and rows; wrapped so it scrolls, and on narrow screens
 * each row becomes a card whose cells are labelled with their column (see {@link labelCells}).
 */
export function table(caption, headers, rows, attrs = {}) {
  const body = h('tbody', {}, rows);
  labelCells(body, headers);
  return h('div', {class: 'scroll'}, h('table', {...attrs, class: ((attrs.class ?? '') + ' stack').trim()},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map(t => h('th', {scope: 'col'}, t)))),
    body));
}

/** Gives each cell its column's name (data-label), which narrow screens show before the value. */
export function labelCells(rows, headers) {
  for (const tr of rows.tagName === 'TR' ? [rows] : rows.querySelectorAll('tr')) {
    [...tr.children].forEach((td, i) => headers[i] && td.setAttribute('data-label', headers[i]));
  }
  return rows;
}

/** An id shown short but kept whole: the full value is in the title and copied by the button next to it. */
export function copyable(id) {
  if (!id) return '';
  const button = h('button', {type: 'button', class: 'copy', 'aria-label': 'Copy ' + id, title: 'Copy ' + id,
    onclick: () => navigator.clipboard?.writeText(id).then(() => { button.textContent = 'Copied'; })}, 'Copy');
  return h('span', {class: 'id'}, h('code', {title: id}, id), button);
}

export function bytes(n) {
  if (n == null) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  for (; n >= 1024 && i < units.length - 1; i++) n /= 1024;
  return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

/** Seconds since {@code iso}, as "12 s" / "3.5 min", for clocks that tick while a job runs. */
export function since(iso, now = Date.now()) {
  return duration(now - Date.parse(iso));
}

export function duration(ms) {
  if (ms == null || Number.isNaN(ms)) return '';
  return ms < 1000 ? `${Math.round(ms)} ms` : ms < 120000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60000)} min`;
}

/** A state badge whose colour follows the job state (the text says it too, colour is never the only cue). */
export function stateBadge(state, attrs = {}) {
  return h('span', {...attrs, class: 'state state-' + String(state).toLowerCase()}, state);
}

/** A job that came in through GA4GH TES (docs/tes.md) carries this label next to its name. */
export const tesBadge = job => job.serviceName === 'tes'
  ? h('span', {class: 'source-badge', title: 'submitted through the GA4GH TES API'}, 'TES') : null;

/** What a person reads for a job: its name, or (unnamed) its service and a short id, so unnamed jobs differ. */
export const jobTitle = j => !j.name || j.name === j.serviceName
  ? `${j.serviceName ?? j.service} · ${j.id.replace(/^job-/, '').slice(0, 8)}` : j.name;

/** What the user reads for a named thing of the API: its display name (the id requests use goes in the data). */
export const shown = x => x.displayName || x.name;

export function shortDigest(d) {
  if (!d) return '';
  const i = d.indexOf('sha256:');
  return i >= 0 ? d.slice(0, i + 7 + 12) + '…' : d.length > 20 ? d.slice(0, 16) + '…' : d;
}
