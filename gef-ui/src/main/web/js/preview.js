// A file shown in the page: text (64 KiB at a time, "load more"), JSON pretty-printed, CSV/TSV as a table with a
// small chart of a numeric column, raster images inline. The server sends previews as text/plain (or a raster
// image type) under a sandbox policy, and this module only ever puts file content into text nodes or an <img>,
// so HTML or script in a file is shown as its source and never runs.
import {preview as fetchRange} from './api.js';
import {bytes, fill, h, labelCells, svg} from './dom.js';

const CHUNK = 64 * 1024;
const IMAGE = /\.(png|jpe?g|gif|webp|bmp)$/i;
const MAX_ROWS = 200;

/** Whether a file name is one this module can show as more than plain text. */
export const kindOf = name => IMAGE.test(name) ? 'image' : /\.json$/i.test(name) ? 'json'
  : /\.(csv|tsv)$/i.test(name) ? 'table' : 'text';

/** An element previewing {@code path} of {@code volumeId}; it fills itself in as the bytes arrive. */
export function preview(volumeId, path, {signal} = {}) {
  const name = path.split('/').at(-1);
  const body = h('div', {class: 'preview-body'});
  const el = h('section', {class: 'preview', 'aria-label': 'Preview of ' + name, dataset: {path}},
    h('h4', {}, 'Preview: ', name), body);
  const url = `/api/volumes/${volumeId}/files/${path.split('/').map(encodeURIComponent).join('/')}?preview=true`;
  show(body, url, name, signal).catch(x => fill(body, h('p', {class: 'error'}, x.message)));
  return el;
}

async function show(body, url, name, signal) {
  const kind = kindOf(name);
  if (kind === 'image') {
    const {blob} = await fetchRange(url, null, signal);
    // an <img> never runs script, whatever the bytes; the blob URL is freed once drawn
    const src = URL.createObjectURL(blob);
    fill(body, h('img', {src, alt: name, class: 'preview-image', onload: () => URL.revokeObjectURL(src)}));
    return;
  }
  const decoder = new TextDecoder();
  let text = '';
  let next = 0;
  let size = null;
  const more = h('button', {type: 'button', class: 'load-more', onclick: () => load().catch(x => more.replaceWith(
    h('p', {class: 'error'}, x.message)))}, 'Load more');
  const status = h('p', {class: 'hint preview-status', 'aria-live': 'polite'});
  const load = async () => {
    const r = await fetchRange(url, [next, next + CHUNK - 1], signal);
    size = r.size;
    next += r.blob.size;
    const done = size == null || next >= size;
    text += decoder.decode(await r.blob.arrayBuffer(), {stream: !done});
    draw(body, kind, text, done);
    status.textContent = done ? `${bytes(size ?? next)}, shown whole.` : `First ${bytes(next)} of ${bytes(size)} shown.`;
    more.hidden = done;
    body.append(status, more);
  };
  await load();
}

function draw(body, kind, text, whole) {
  if (text === '') return fill(body, h('p', {class: 'hint'}, 'The file is empty.'));
  if (kind === 'json' && whole) {
    try {
      return fill(body, h('pre', {class: 'json preview-json'}, JSON.stringify(JSON.parse(text), null, 2)));
    } catch { /* not valid JSON: shown as text below */ }
  }
  if (kind === 'table') return fill(body, csvTable(text, whole));
  fill(body, h('pre', {class: 'preview-text', tabindex: '0'}, text));
}

/** CSV (commas) or TSV (tabs), quotes honoured; at most MAX_ROWS rows; a chart for the first numeric column. */
function csvTable(text, whole) {
  const lines = text.split(/\r?\n/);
  if (!whole) lines.pop(); // the last line may be cut in the middle
  const sep = (lines[0] ?? '').includes('\t') ? '\t' : ',';
  const rows = lines.filter(l => l !== '').map(l => splitRow(l, sep));
  const [head = [], ...data] = rows;
  const shown = data.slice(0, MAX_ROWS);
  const tbody = h('tbody', {}, shown.map(r => h('tr', {}, head.map((_, i) => h('td', {}, r[i] ?? '')))));
  labelCells(tbody, head);
  const numeric = head.findIndex((_, i) => shown.length > 1 && shown.every(r => r[i] !== undefined && r[i] !== ''
    && Number.isFinite(Number(r[i]))));
  return [
    h('div', {class: 'scroll'}, h('table', {class: 'stack preview-table'},
      h('caption', {}, `${data.length} row${data.length === 1 ? '' : 's'}` + (data.length > MAX_ROWS ? `, first ${MAX_ROWS} shown` : '')),
      h('thead', {}, h('tr', {}, head.map(t => h('th', {scope: 'col'}, t)))), tbody)),
    numeric >= 0 ? chart(head[numeric], shown.map(r => Number(r[numeric]))) : null,
  ];
}

function splitRow(line, sep) {
  const out = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) { out.push(cell); cell = ''; } else cell += c;
  }
  out.push(cell);
  return out;
}

/** Bars of one numeric column, drawn as SVG elements (no markup strings). */
function chart(label, values) {
  const max = Math.max(...values.map(Math.abs), 1e-12);
  const w = 300;
  const hgt = 80;
  const bar = w / values.length;
  const root = svg('svg', {viewBox: `0 0 ${w} ${hgt}`, role: 'img', class: 'preview-chart',
    'aria-label': `Chart of ${label}: ${values.length} values from ${Math.min(...values)} to ${Math.max(...values)}`});
  values.forEach((v, i) => {
    const bh = Math.max(1, Math.abs(v) / max * (hgt - 2));
    root.append(svg('rect', {x: i * bar, y: hgt - bh, width: Math.max(bar - 1, 0.5), height: bh}));
  });
  return h('figure', {class: 'chart'}, root, h('figcaption', {}, label));
}
