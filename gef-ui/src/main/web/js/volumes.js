// Volumes: the list and a form to create one; a volume's page to upload (with a progress bar), browse, download
// any folder as a zip, seal and delete.
import {api, encodePath, upload} from './api.js';
import {bytes, copyable, fill, h, jobTitle, shortDigest, table, when} from './dom.js';
import {fileBrowser} from './files.js';

const PAGE = 25;

/**
 * Your volumes, searchable and paged (all filters in the URL). Volumes GEF made itself (job outputs, staged inputs,
 * uploads for a run) are hidden unless asked for, and then grouped under their job.
 */
export async function list(main, {go, signal, query}) {
  const q = query.get('q') ?? '';
  const made = query.get('made') === 'gef' ? 'gef' : 'user';
  const offset = Math.max(Number(query.get('offset')) || 0, 0);
  const at = (changes) => {
    const u = new URLSearchParams({q, made, offset, ...changes});
    for (const [k, v] of [...u]) if (!v || (k === 'made' && v === 'user') || (k === 'offset' && v === '0')) u.delete(k);
    return '#/volumes' + (u.size ? '?' + u : '');
  };
  const page = await api(`/api/volumes?made=${made}&offset=${offset}&limit=${PAGE}` + (q ? '&q=' + encodeURIComponent(q) : ''), {signal});
  const name = h('input', {id: 'volume-name', name: 'name', required: true, maxlength: 200});
  const error = h('p', {id: 'volume-error', class: 'error', role: 'alert'});
  const search = h('input', {id: 'volume-search', type: 'search', name: 'q', value: q});
  const madeBox = h('input', {id: 'volume-made', type: 'checkbox', checked: made === 'gef'});
  fill(main, h('h2', {tabindex: '-1'}, 'Volumes'),
    h('form', {id: 'new-volume', class: 'inline', onsubmit: async e => {
      e.preventDefault();
      try {
        const v = await api('/api/volumes', {method: 'POST', body: {name: name.value.trim()}});
        go('#/volumes/' + v.id);
      } catch (x) {
        error.textContent = x.message;
      }
    }}, h('label', {for: 'volume-name'}, 'New volume'), name, h('button', {type: 'submit', id: 'create-volume'}, 'Create')),
    error,
    h('form', {id: 'volume-search-form', role: 'search', class: 'inline', onsubmit: e => {
      e.preventDefault();
      go(at({q: search.value.trim(), made: madeBox.checked ? 'gef' : 'user', offset: 0}));
    }}, h('label', {for: 'volume-search'}, 'Search by name'), search,
    h('label', {class: 'check'}, madeBox, ' instead show the volumes GEF made for jobs'),
    h('button', {type: 'submit', id: 'volume-search-btn'}, 'Search')),
    page.items.length === 0 ? h('p', {id: 'no-volumes'}, q ? `No volume matches “${q}”.` : made === 'gef'
      ? 'GEF has made no volumes for your jobs yet.' : 'No volumes yet.') : made === 'gef' ? byJob(page.items, signal)
      : volumeTable('Your volumes', page.items),
    h('nav', {class: 'pager', 'aria-label': 'Pages'},
      h('span', {class: 'hint', id: 'volume-count'}, page.total ? `${offset + 1}–${offset + page.items.length} of ${page.total}` : ''),
      offset > 0 ? h('a', {href: at({offset: Math.max(offset - PAGE, 0)}), id: 'volumes-prev'}, '← Newer') : null,
      offset + page.items.length < page.total ? h('a', {href: at({offset: offset + PAGE}), id: 'volumes-next'}, 'Older →') : null));
}

function volumeTable(caption, items, shownName = v => v.name || v.id) {
  return table(caption, ['Name', 'State', 'Files', 'Size', 'Created'],
    items.map(v => h('tr', {dataset: {volume: v.id}},
      h('td', {}, h('a', {href: '#/volumes/' + v.id, title: v.name || v.id}, shownName(v))), h('td', {}, v.state.toLowerCase()),
      h('td', {}, v.fileCount), h('td', {}, bytes(v.totalBytes)), h('td', {}, when(v.createdAt)))), {id: 'volumes'});
}

/** GEF's own volumes, one group per job (uploads made before a job existed go under "Uploads for runs"). */
function byJob(items, signal) {
  const groups = new Map();
  for (const v of items) {
    const key = v.job ?? '';
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(v);
  }
  // under its job a volume reads "output counts": the job's id is in the heading, named once the job is fetched
  const heading = job => {
    const link = h('a', {href: '#/jobs/' + job}, job);
    api('/api/jobs/' + job, {signal}).then(j => { link.textContent = jobTitle(j); })
      .catch(() => {});
    return h('h3', {}, 'Job ', link, ' ', copyable(job));
  };
  return h('div', {id: 'volume-groups'}, [...groups].map(([job, vs]) => h('section', {class: 'volume-group', dataset: {job}},
    job ? heading(job) : h('h3', {}, 'Uploads and inline inputs for runs'),
    volumeTable(job ? 'Volumes of this job' : 'Uploads for runs', vs,
      v => job && v.name?.startsWith(job + ' ') ? v.name.slice(job.length + 1) : v.name || v.id))));
}

export async function volume(main, ctx) {
  const [id] = ctx.params;
  let v = await api('/api/volumes/' + id, {signal: ctx.signal});
  const facts = h('dl', {class: 'facts'});
  const browser = fileBrowser(id, v.name || id, ctx);
  // made once: redrawing after an upload must not wipe its progress and status
  const uploadForm = uploader(id, async () => {
    v = await api('/api/volumes/' + id);
    draw();
    await browser.refresh();
  });
  const sealedNote = h('p', {class: 'hint'}, 'Sealed: its files can be read and mounted, never changed.');
  const actions = h('div', {class: 'actions'});
  const error = h('p', {class: 'error', role: 'alert'});
  const draw = () => {
    fill(facts, h('dt', {}, 'Id'), h('dd', {}, copyable(v.id)), h('dt', {}, 'State'), h('dd', {id: 'volume-state'}, v.state.toLowerCase()),
      h('dt', {}, 'Files'), h('dd', {}, `${v.fileCount} (${bytes(v.totalBytes)})`), h('dt', {}, 'Created'), h('dd', {}, when(v.createdAt)),
      // where its files live: on an engine's own host they stream through that engine when read
      h('dt', {}, 'Stored'), h('dd', {}, v.engine ? `on engine ${v.engine}` : 'on the server'),
      v.rootDigest ? [h('dt', {}, 'Root digest'), h('dd', {}, h('code', {title: v.rootDigest}, shortDigest(v.rootDigest)))] : null,
      v.removedAtSeal?.length ? [h('dt', {}, 'Removed at seal'), h('dd', {}, v.removedAtSeal.join('; '))] : null);
    uploadForm.hidden = v.state !== 'OPEN';
    sealedNote.hidden = v.state === 'OPEN';
    fill(actions,
      v.state === 'OPEN' ? h('button', {type: 'button', id: 'seal', onclick: () => act(() => api(`/api/volumes/${id}/seal`, {method: 'POST'}))}, 'Seal') : null,
      h('button', {type: 'button', id: 'delete-volume', class: 'danger', onclick: async () => {
        if (!confirm(`Delete volume ${v.name || id} and all its files?`)) return;
        try {
          await api('/api/volumes/' + id, {method: 'DELETE'});
          ctx.go('#/volumes');
        } catch (x) {
          error.textContent = x.message;
        }
      }}, 'Delete'));
  };
  const act = async f => {
    try {
      v = await f();
      draw();
    } catch (x) {
      error.textContent = x.message;
    }
  };
  fill(main, h('h2', {tabindex: '-1'}, 'Volume ', v.name || id), facts, uploadForm, sealedNote, browser.el, actions, error);
  draw();
  await browser.open(ctx.query.get('path') ?? '');
}

/** Files (or a whole folder) uploaded one by one, each with its own progress. */
function uploader(id, done) {
  const files = h('input', {id: 'upload-file', type: 'file', multiple: true});
  const folder = h('input', {id: 'upload-folder', name: 'folder', placeholder: 'optional: folder inside the volume'});
  const bar = h('progress', {id: 'upload-progress', max: 100, value: 0, hidden: true});
  const status = h('p', {id: 'upload-status', 'aria-live': 'polite', class: 'hint'});
  const button = h('button', {type: 'submit', id: 'upload-btn'}, 'Upload');
  return h('form', {id: 'upload-form', onsubmit: async e => {
    e.preventDefault();
    const chosen = [...files.files];
    if (!chosen.length) {
      status.textContent = 'Choose one or more files first.';
      return;
    }
    button.disabled = true;
    bar.hidden = false;
    const total = chosen.reduce((n, f) => n + f.size, 0) || 1;
    let sent = 0;
    try {
      for (const f of chosen) {
        const path = [folder.value.trim().replace(/^\/+|\/+$/g, ''), f.webkitRelativePath || f.name].filter(Boolean).join('/');
        await upload('PUT', `/api/volumes/${id}/files/${encodePath(path)}`, f, loaded => {
          bar.value = Math.round(100 * (sent + loaded) / total);
          status.textContent = `Uploading ${path}: ${bar.value} %`;
        });
        sent += f.size;
      }
      bar.value = 100;
      status.textContent = `Uploaded ${chosen.length} file${chosen.length > 1 ? 's' : ''} (${bytes(sent)}).`;
      files.value = '';
      await done();
    } catch (x) {
      status.textContent = 'Upload failed: ' + x.message;
    } finally {
      button.disabled = false;
    }
  }}, h('fieldset', {}, h('legend', {}, 'Upload'),
    h('label', {for: 'upload-file'}, 'Files'), files,
    h('label', {for: 'upload-folder'}, 'Into folder'), folder,
    button, bar, status));
}
