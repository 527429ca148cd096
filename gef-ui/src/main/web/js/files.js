// A volume's file browser: folders to open, files to preview in the page or download, any folder as a zip. Used
// by volumes and outputs.
import {api, download, encodePath} from './api.js';
import {bytes, fill, h, labelCells, when} from './dom.js';
import {preview} from './preview.js';

/**
 * An element browsing {@code volumeId}, shown as {@code label}; zips are named {@code zipName} (default: the
 * label) so a download says what it holds. Returns {el, open(path), refresh()}.
 */
export function fileBrowser(volumeId, label, {signal} = {}, zipName = label) {
  const el = h('div', {class: 'files', dataset: {volume: volumeId}});
  const shown = h('div', {class: 'preview-area'}); // the open preview: kept when the folder is redrawn
  const error = h('p', {class: 'error', role: 'alert'});
  let current = '';

  async function open(path) {
    current = path;
    const entries = await api(`/api/volumes/${volumeId}/tree` + (path ? '?path=' + encodeURIComponent(path) : ''), {signal});
    const crumbs = ['', ...path.split('/').filter(Boolean)];
    const rows = entries.map(e => {
      const full = path ? path + '/' + e.name : e.name;
      return h('tr', {dataset: {path: full}},
        h('td', {}, e.type === 'dir'
          ? h('button', {type: 'button', class: 'link', onclick: () => open(full)}, e.name + '/')
          : e.name),
        h('td', {}, e.type === 'dir' ? '' : bytes(e.size)),
        h('td', {}, e.sha256 ? h('code', {title: e.sha256}, e.sha256.slice(0, 12) + '…') : ''),
        h('td', {}, when(e.modified)),
        h('td', {}, e.type === 'dir'
          ? h('button', {type: 'button', class: 'download-zip', onclick: () => zip(full)}, 'Zip')
          : [h('button', {type: 'button', class: 'preview-btn', dataset: {path: full}, 'aria-label': 'Preview ' + full,
            onclick: () => { fill(shown, preview(volumeId, full, {signal})); shown.scrollIntoView?.({block: 'nearest'}); }},
          'Preview'), ' ',
          h('button', {type: 'button', class: 'download', dataset: {path: full},
            'aria-label': 'Download ' + full, onclick: () => get(full, e.name)}, 'Download')]));
    });
    const headers = ['Name', 'Size', 'sha256', 'Modified', ''];
    rows.forEach(r => labelCells(r, headers));
    fill(el,
      h('nav', {class: 'crumbs', 'aria-label': label + ': folder'}, crumbs.map((c, i) => [i ? ' / ' : '',
        h('button', {type: 'button', class: 'link', onclick: () => open(crumbs.slice(1, i + 1).join('/'))}, c || label)])),
      entries.length === 0 ? h('p', {class: 'hint'}, 'No files.') : h('div', {class: 'scroll'}, h('table', {class: 'stack'},
        h('caption', {}, `${label}${path ? ': ' + path : ''}`),
        h('thead', {}, h('tr', {}, headers.map(t => h('th', {scope: 'col'}, t)))),
        h('tbody', {}, rows))),
      entries.length ? h('button', {type: 'button', class: 'download-zip', onclick: () => zip(path)},
        path ? `Download ${path} as zip` : 'Download all as zip') : null,
      error, shown);
  }

  const report = p => p.catch(x => { error.textContent = x.message; });
  const get = (path, name) => report(download(`/api/volumes/${volumeId}/files/${encodePath(path)}`, name, signal));
  const zip = path => report(download(`/api/volumes/${volumeId}/archive?format=zip` + (path ? '&path=' + encodeURIComponent(path) : ''),
    `${fileSafe(zipName)}${path ? '-' + fileSafe(path) : ''}.zip`, signal));

  return {el, open, refresh: () => open(current)};
}

/** A name usable as a download file name on any system. */
export const fileSafe = s => String(s).replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+|_+$/g, '') || 'download';
