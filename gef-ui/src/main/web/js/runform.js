// A run form generated from a service's annotations: one fieldset per input (volume, dataset, uploaded file, URL
// or inline text), a typed widget per parameter with its default, resources, and the API's validation messages.
import {api, encodePath, upload} from './api.js';
import {fill, h, shown} from './dom.js';

const KINDS = [['volume', 'A volume'], ['dataset', 'A dataset'], ['upload', 'Upload files'], ['url', 'A URL'],
  ['text', 'Inline text']];

export async function runForm(spec, serviceRef, {go, signal}) {
  const [vols, datasets] = await Promise.all([api('/api/volumes?limit=500', {signal}), api('/api/datasets', {signal})]);
  const inputs = spec.inputs.map(i => inputFieldset(i, vols.items, datasets));
  const params = spec.parameters.map(parameterField);
  const res = resourceFields(spec.resources ?? {});
  const name = h('input', {id: 'job-name', name: 'name', maxlength: 200, placeholder: shown(spec)});
  const error = h('p', {id: 'run-error', class: 'error', role: 'alert'});
  const progress = h('p', {id: 'run-progress', class: 'hint', 'aria-live': 'polite'});
  const submit = h('button', {id: 'run-submit', type: 'submit'}, 'Run ' + shown(spec));
  const form = h('form', {id: 'run-form', novalidate: true, onsubmit: async e => {
    e.preventDefault();
    form.querySelectorAll('[aria-invalid]').forEach(el => el.removeAttribute('aria-invalid'));
    error.textContent = '';
    submit.disabled = true;
    try {
      const body = {service: serviceRef, inputs: {}, parameters: {}, resources: res.value()};
      for (const i of inputs) body.inputs[i.name] = await i.value(msg => { progress.textContent = msg; });
      for (const p of params) {
        const v = p.value();
        if (v !== undefined) body.parameters[p.name] = v;
      }
      if (name.value.trim()) body.name = name.value.trim();
      progress.textContent = 'Submitting…';
      const job = await api('/api/jobs', {method: 'POST', body});
      go('#/jobs/' + job.id);
    } catch (x) {
      progress.textContent = '';
      error.textContent = x.message;
      markField(form, x.message);
      submit.disabled = false;
    }
  }},
  inputs.map(i => i.el),
  params.length ? h('fieldset', {}, h('legend', {}, 'Parameters'), params.map(p => p.el)) : null,
  res.el,
  h('label', {for: 'job-name'}, 'Job name (optional)'), name,
  submit, progress, error);
  return form;
}

/**
 * The API names the bad field ("inputs.text.url …", "parameters.n …"): mark the most specific control that
 * carries that name (or a prefix of it) and move focus there.
 */
function markField(form, message) {
  const m = /^((?:inputs|parameters|resources)\.[A-Za-z0-9_.-]+)/.exec(message ?? '');
  if (!m) return;
  for (let name = m[1].replace(/\.+$/, ''); name.includes('.'); name = name.slice(0, name.lastIndexOf('.'))) {
    const el = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (el) {
      el.setAttribute('aria-invalid', 'true');
      el.focus();
      return;
    }
  }
}

function inputFieldset(input, volumes, datasets) {
  const id = s => `input-${input.name}-${s}`;
  const kind = h('select', {id: id('kind'), 'data-field': 'inputs.' + input.name},
    KINDS.map(([k, label]) => h('option', {value: k}, label)));
  const volume = h('select', {id: id('volume'), 'data-field': `inputs.${input.name}.volume`}, volumes.length ? volumes.map(v =>
    h('option', {value: v.id}, `${v.name} (${v.fileCount} files, ${v.state.toLowerCase()})`))
    : h('option', {value: ''}, 'no volume yet: create one under Volumes'));
  const dataset = h('select', {id: id('dataset'), 'data-field': `inputs.${input.name}.dataset`}, datasets.length ? datasets.map(d =>
    h('option', {value: d.name}, d.name + (d.description ? ' — ' + d.description : '')))
    : h('option', {value: ''}, 'no dataset registered'));
  const subPath = h('input', {id: id('path'), 'data-field': `inputs.${input.name}.path`, placeholder: 'optional: a file or folder inside it'});
  const files = h('input', {id: id('file'), type: 'file', multiple: true});
  let uploaded = null;
  files.addEventListener('change', () => { uploaded = null; });
  const url = h('input', {id: id('url'), 'data-field': `inputs.${input.name}.url`, type: 'url', placeholder: 'https://…'});
  const text = h('textarea', {id: id('text'), 'data-field': `inputs.${input.name}.content`, rows: 4});
  const parts = {
    volume: [h('label', {for: id('volume')}, 'Volume'), volume],
    dataset: [h('label', {for: id('dataset')}, 'Dataset'), dataset],
    upload: [h('label', {for: id('file')}, 'Files to upload (into a new volume)'), files],
    url: [h('label', {for: id('url')}, 'URL (GEF fetches it and records its sha256)'), url],
    text: [h('label', {for: id('text')}, 'Text (up to 1 MiB)'), text],
  };
  const pathPart = [h('label', {for: id('path')}, 'Sub-path (optional)'), subPath];
  const body = h('div', {});
  const show = () => fill(body, parts[kind.value], ['volume', 'dataset'].includes(kind.value) ? pathPart : null);
  kind.addEventListener('change', show);
  show();
  const el = h('fieldset', {class: 'input'},
    h('legend', {}, `Input “${shown(input)}” `, h('span', {class: 'hint'}, `(${input.type}, mounted read-only at ${input.path})`)),
    h('label', {for: id('kind')}, 'Take it from'), kind, body);
  return {name: input.name, el, value: async report => {
    const sub = subPath.value.trim() || undefined;
    switch (kind.value) {
      case 'volume': return {volume: volume.value || null, path: sub};
      case 'dataset': return {dataset: dataset.value || null, path: sub};
      case 'url': return {url: url.value.trim()};
      case 'text': return {content: text.value};
      default:
        // a form sent back for another field keeps the volume already uploaded, until other files are chosen
        uploaded ??= await uploadInto(shown(input), [...files.files], report);
        return {volume: uploaded};
    }
  }};
}

/** Uploads the chosen files into a new volume named after the input; answers its id. */
async function uploadInto(inputName, files, report) {
  if (files.length === 0) throw new Error(`inputs.${inputName}: choose at least one file to upload`);
  const vol = await api('/api/volumes', {method: 'POST', body: {name: 'upload for ' + inputName}});
  for (const f of files) {
    await upload('PUT', `/api/volumes/${vol.id}/files/${encodePath(f.name)}`, f,
      (done, total) => report(`Uploading ${f.name}: ${Math.round(100 * done / total)} %`));
  }
  return vol.id;
}

function parameterField(p) {
  const id = 'param-' + p.name;
  const attrs = {id, name: p.name, 'data-field': 'parameters.' + p.name, required: p.required,
    'aria-describedby': p.description ? id + '-help' : null};
  let control;
  if (p.type === 'bool') control = h('input', {...attrs, type: 'checkbox', checked: p.defaultValue === 'true'});
  else if (p.type === 'enum') control = h('select', attrs, p.required ? null : h('option', {value: ''}, '(default)'),
    p.values.map(v => h('option', {value: v, selected: v === p.defaultValue}, v)));
  else control = h('input', {...attrs, type: p.type === 'string' ? 'text' : 'number',
    step: p.type === 'int' ? '1' : p.type === 'float' ? 'any' : null, value: p.defaultValue ?? ''});
  const el = h('div', {class: 'field'}, h('label', {for: id}, shown(p) + (p.required ? ' (required)' : '')), control,
    p.description ? h('p', {id: id + '-help', class: 'hint'}, p.description) : null);
  return {name: p.name, el, value: () => {
    if (p.type === 'bool') return control.checked;
    const raw = control.value.trim();
    if (raw === '') return undefined; // the service's default applies
    if (p.type === 'int' || p.type === 'float') return Number(raw);
    return raw;
  }};
}

function resourceFields(hint) {
  const field = (key, label, step) => {
    const input = h('input', {id: 'res-' + key, type: 'number', min: 0, step, 'data-field': 'resources.' + key,
      placeholder: hint[key] != null ? `service asks ${hint[key]}` : 'server default'});
    return {key, input, el: [h('label', {for: 'res-' + key}, label), input]};
  };
  const fields = [field('cpus', 'CPUs', 'any'), field('memoryMb', 'Memory (MiB)', '1'),
    field('timeoutSeconds', 'Time limit (seconds)', '1')];
  return {
    el: h('details', {class: 'resources'}, h('summary', {}, 'Resources'), fields.map(f => f.el)),
    value: () => Object.fromEntries(fields.filter(f => f.input.value !== '').map(f => [f.key, Number(f.input.value)])),
  };
}
