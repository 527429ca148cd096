// One input of the run form: taken from a volume (picked by name, with a search; nothing pre-selected), a dataset,
// files uploaded into a new volume, a URL or inline text. A field of the run form (see runfields.js).
import {api, encodePath, upload} from './api.js';
import {bytes, fill, h, shown} from './dom.js';
import {fieldError} from './runfields.js';

const KINDS = [['volume', 'A volume'], ['dataset', 'A dataset'], ['upload', 'Upload files'], ['url', 'A URL'],
  ['text', 'Inline text']];

const volumeOption = v => h('option', {value: v.id, title: v.id},
  `${v.name} (${v.fileCount} file${v.fileCount === 1 ? '' : 's'}, ${bytes(v.totalBytes)}, ${v.state.toLowerCase()})`);

export function inputFieldset(input, volumes, datasets, signal) {
  const id = s => `input-${input.name}-${s}`;
  const label = shown(input);
  const kind = h('select', {id: id('kind'), 'data-field': 'inputs.' + input.name},
    KINDS.map(([k, text]) => h('option', {value: k}, text)));
  const volume = h('select', {id: id('volume'), 'data-field': `inputs.${input.name}.volume`});
  const fillVolumes = list => {
    const keep = volume.value;
    fill(volume, h('option', {value: ''}, list.length ? '— choose a volume —'
      : volumeSearch?.value.trim() ? 'no volume matches' : 'you have no volume yet'), list.map(volumeOption));
    if ([...volume.options].some(o => o.value === keep)) volume.value = keep;
  };
  let searching = null;
  const volumeSearch = h('input', {id: id('volume-search'), type: 'search', placeholder: 'name of a volume',
    oninput: () => {
      clearTimeout(searching);
      searching = setTimeout(async () => {
        const q = volumeSearch.value.trim();
        const page = await api('/api/volumes?limit=50&made=' + (q ? 'all&q=' + encodeURIComponent(q) : 'user'), {signal});
        fillVolumes(page.items);
      }, 250);
    }});
  fillVolumes(volumes);
  const dataset = h('select', {id: id('dataset'), 'data-field': `inputs.${input.name}.dataset`},
    h('option', {value: ''}, datasets.length ? '— choose a dataset —' : 'no dataset registered'),
    datasets.map(d => h('option', {value: d.name}, d.name + (d.description ? ' — ' + d.description : ''))));
  const subPath = h('input', {id: id('path'), 'data-field': `inputs.${input.name}.path`, placeholder: 'optional: a file or folder inside it'});
  const files = h('input', {id: id('file'), type: 'file', multiple: true});
  let uploaded = null;
  files.addEventListener('change', () => { uploaded = null; });
  const url = h('input', {id: id('url'), 'data-field': `inputs.${input.name}.url`, type: 'url', placeholder: 'https://…'});
  const text = h('textarea', {id: id('text'), 'data-field': `inputs.${input.name}.content`, rows: 4});
  const parts = {
    volume: [h('label', {for: id('volume-search')}, 'Find a volume by name'), volumeSearch,
      h('label', {for: id('volume')}, 'Volume'), volume],
    dataset: [h('label', {for: id('dataset')}, 'Dataset'), dataset],
    upload: [h('label', {for: id('file')}, 'Files to upload (into a new volume)'), files],
    url: [h('label', {for: id('url')}, 'URL (GEF fetches it and records its sha256)'), url],
    text: [h('label', {for: id('text')}, 'Text (up to 1 MiB)'), text],
  };
  const controls = {volume, dataset, upload: files, url, text};
  const pathPart = [h('label', {for: id('path')}, 'Sub-path (optional)'), subPath];
  const body = h('div', {});
  const errors = Object.fromEntries(Object.entries(controls).map(([k, c]) => [k, fieldError(c, c.id)]));
  const pathError = fieldError(subPath, subPath.id);
  const show = () => fill(body, parts[kind.value], errors[kind.value].el,
    ['volume', 'dataset'].includes(kind.value) ? [pathPart, pathError.el] : null);
  kind.addEventListener('change', show);
  if (!volumes.length) kind.value = 'upload'; // someone without volumes starts from their own files
  show();
  const el = h('fieldset', {class: 'input'},
    h('legend', {}, `Input “${label}” `, h('span', {class: 'hint'}, `(${input.type}, mounted read-only at ${input.path})`)),
    h('label', {for: id('kind')}, 'Take it from'), kind, body);
  const field = {
    name: input.name, el, label, get control() { return controls[kind.value]; },
    fieldNames: ['inputs.' + input.name, ...['volume', 'dataset', 'url', 'content'].map(k => `inputs.${input.name}.${k}`)],
    show: (message, apiName) => (apiName?.endsWith('.path') ? pathError : errors[kind.value]).show(message),
    labelFor: apiName => apiName?.endsWith('.path') ? `The sub-path of “${label}”` : `“${label}”`,
    clear: () => { Object.values(errors).forEach(e => e.clear()); pathError.clear(); },
    check() {
      switch (kind.value) {
        case 'volume': return volume.value ? [] : [`Choose a volume for “${label}”.`];
        case 'dataset': return dataset.value ? [] : [`Choose a dataset for “${label}”.`];
        case 'upload': return files.files.length ? [] : [`Choose at least one file to upload for “${label}”.`];
        case 'url': return /^https?:\/\/[^/\s]+/i.test(url.value.trim()) ? []
          : [`Give a web address starting with http:// or https:// for “${label}”.`];
        default: return text.value === '' ? [`Type the text for “${label}”.`]
          : new Blob([text.value]).size > 1 << 20 ? [`The text for “${label}” is over 1 MiB: upload it as a file instead.`] : [];
      }
    },
    async value(report) {
      const sub = subPath.value.trim() || undefined;
      switch (kind.value) {
        case 'volume': return {volume: volume.value || null, path: sub};
        case 'dataset': return {dataset: dataset.value || null, path: sub};
        case 'url': return {url: url.value.trim()};
        case 'text': return {content: text.value};
        default:
          // a form sent back for another field keeps the volume already uploaded, until other files are chosen
          uploaded ??= await uploadInto(label, [...files.files], report);
          return {volume: uploaded};
      }
    },
    /** Takes what an earlier job used: its URL, its dataset, or the volume it mounted (inline text was staged into one). */
    async prefill(used) {
      if (!used) return;
      if (used.kind === 'url') {
        kind.value = 'url';
        url.value = used.url;
      } else if (used.kind === 'dataset') {
        kind.value = 'dataset';
        dataset.value = used.dataset;
        subPath.value = used.path ?? '';
      } else if (used.volumeId) {
        kind.value = 'volume';
        if (![...volume.options].some(o => o.value === used.volumeId)) {
          const v = await api('/api/volumes/' + used.volumeId, {signal}).catch(() => null);
          if (v) volume.append(volumeOption(v));
        }
        volume.value = used.volumeId;
        subPath.value = used.kind === 'volume' ? used.path ?? '' : '';
      }
      show();
    },
  };
  return field;
}

/**
 * Uploads the chosen files into a new volume named after the input and the files, so the job page names what went
 * in; answers its id. The "upload for " prefix is how the volumes list knows GEF made it for a run (VolumeSearch).
 */
async function uploadInto(inputName, files, report) {
  const what = files.length === 1 ? files[0].name : `${files[0].name} and ${files.length - 1} more`;
  const vol = await api('/api/volumes', {method: 'POST', body: {name: `upload for ${inputName}: ${what}`}});
  for (const f of files) {
    await upload('PUT', `/api/volumes/${vol.id}/files/${encodePath(f.name)}`, f,
      (done, total) => report(`Uploading ${f.name}: ${Math.round(100 * done / total)} %`));
  }
  return vol.id;
}
