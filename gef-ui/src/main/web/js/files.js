// A volume's file browser: folders to open, files to download, any folder as a zip. Used by volumes and outputs.
import {api, download, encodePath} from './api.js';
import {bytes, fill, h, when} from './dom.js';

/**
 * An element browsing {@code volumeId}; {@code opts.onChange} lets a caller re-render it (after an upload).
 * Returns {el, open(path)}.
 */
export function fileBrowser(volumeId, label, {signal} = {}) {
  const el = h('div', {class: 'files', dataset: {volume: volumeId}});
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
          : h('button', {type: 'button', class: 'download', dataset: {path: full},
            'aria-label': 'Download ' + full, onclick: () => get(full, e.name)}, 'Download')));
    });
    fill(el,
      h('nav', {class: 'crumbs', 'aria-label': label + ': folder'}, crumbs.map((c, i) => [i ? ' / ' : '',
        h('button', {type: 'button', class: 'link', onclick: () => open(crumbs.slice(1, i + 1).join('/'))}, c || label)])),
      entries.length === 0 ? h('p', {class: 'hint'}, 'Empty.') : h('div', {class: 'scroll'}, h('table', {},
        h('caption', {}, `${label}${path ? ': ' + path : ''}`),
        h('thead', {}, h('tr', {}, ['Name', 'Size', 'sha256', 'Modified', ''].map(t => h('th', {scope: 'col'}, t)))),
        h('tbody', {}, rows))),
      h('button', {type: 'button', class: 'download-zip', onclick: () => zip(path)},
        path ? `Download ${path} as zip` : 'Download all as zip'),
      error);
  }

  const report = p => p.catch(x => { error.textContent = x.message; });
  const get = (path, name) => report(download(`/api/volumes/${volumeId}/files/${encodePath(path)}`, name, signal));
  const zip = path => report(download(`/api/volumes/${volumeId}/archive?format=zip` + (path ? '&path=' + encodeURIComponent(path) : ''),
    `${(path || volumeId).replaceAll('/', '_')}.zip`, signal));

  return {el, open, refresh: () => open(current)};
}
