// A run form generated from a service's annotations: one fieldset per input (volume, dataset, uploaded file, URL
// or inline text), a typed widget per parameter with its default, resources. Every field is checked in the
// browser before any request (all problems at once, each next to its field, in plain words); the server's own
// answer is shown the same way. "Run again" opens it pre-filled from an earlier job (?from=JOB).
import {api} from './api.js';
import {fill, h, shown} from './dom.js';
import {inputFieldset} from './runinputs.js';
import {parameterField, resourceFields} from './runfields.js';

export async function runForm(spec, serviceRef, {go, signal, query}) {
  const from = query?.get('from');
  const [vols, datasets, earlier] = await Promise.all([api('/api/volumes?made=user&limit=200', {signal}),
    api('/api/datasets', {signal}), from ? api('/api/jobs/' + encodeURIComponent(from), {signal}) : null]);
  const inputs = spec.inputs.map(i => inputFieldset(i, vols.items, datasets, signal));
  const params = spec.parameters.map(parameterField);
  const res = resourceFields(spec.resources ?? {});
  const name = h('input', {id: 'job-name', name: 'name', maxlength: 200, placeholder: shown(spec)});
  const problems = h('div', {id: 'run-problems', role: 'alert'});
  const error = h('p', {id: 'run-error', class: 'error', role: 'status'});
  const progress = h('p', {id: 'run-progress', class: 'hint', 'aria-live': 'polite'});
  const submit = h('button', {id: 'run-submit', type: 'submit'}, 'Run ' + shown(spec));
  const fields = [...inputs, ...params, ...res.fields];
  const showProblems = list => {
    fields.forEach(f => f.clear());
    fill(problems);
    error.textContent = '';
    if (!list.length) return;
    for (const {field, message, apiName} of list) {
      field.show(message, apiName);
      field.control.closest?.('details')?.setAttribute('open', ''); // a problem is never hidden in a closed section
    }
    fill(problems, h('p', {class: 'error'}, list.length === 1 ? 'One field needs attention:'
      : `${list.length} fields need attention:`), h('ul', {class: 'error'}, list.map(({field, message}) =>
      h('li', {}, h('a', {href: '#' + field.control.id, onclick: e => { e.preventDefault(); field.control.focus(); }},
        field.label), ': ', message))));
    error.textContent = list.length === 1 ? list[0].message : `${list.length} fields need attention (marked above).`;
    list[0].field.control.focus();
  };
  const form = h('form', {id: 'run-form', novalidate: true, onsubmit: async e => {
    e.preventDefault();
    const list = fields.flatMap(f => f.check().map(message => ({field: f, message})));
    showProblems(list);
    if (list.length) return; // nothing was sent
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
      const [field, apiName] = fieldNamed(fields, x.message);
      showProblems([{field: field ?? {label: 'The server', control: submit, show() {}, clear() {}},
        message: field ? plain(x.message, field.labelFor?.(apiName) ?? field.label) : x.message, apiName}]);
      submit.disabled = false;
    }
  }},
  earlier ? h('p', {id: 'run-again-note', class: 'hint'}, 'Pre-filled from ',
    h('a', {href: '#/jobs/' + earlier.id}, earlier.name || earlier.id), '. Change what you like and run it.') : null,
  problems,
  inputs.map(i => i.el),
  params.length ? h('fieldset', {}, h('legend', {}, 'Parameters'), params.map(p => p.el)) : null,
  res.el,
  h('label', {for: 'job-name'}, 'Job name (optional)'), name,
  submit, progress, error);
  if (earlier) {
    await Promise.all(inputs.map(i => i.prefill(earlier.inputs.find(x => x.name === i.name))));
    params.forEach(p => p.prefill(earlier.parameters?.[p.name]));
    res.prefill(earlier.resources ?? {});
    name.value = earlier.name ? earlier.name.replace(/( \(again\))?$/, ' (again)') : '';
  }
  return form;
}

/**
 * The API names the bad field ("inputs.text.url …", "parameters.n …"): the field with the most specific name
 * that the message starts with, and the full name the message used. [null] when it names none.
 */
function fieldNamed(fields, message) {
  const m = /^((?:inputs|parameters|resources)\.[A-Za-z0-9_.-]+)/.exec(message ?? '');
  if (!m) return [null];
  const full = m[1].replace(/\.+$/, '');
  for (let name = full; name.includes('.'); name = name.slice(0, name.lastIndexOf('.'))) {
    const f = fields.find(x => x.fieldNames.includes(name));
    if (f) return [f, full];
  }
  return [null];
}

/** "parameters.pattern is required by grep" → "Pattern is required by grep": the label a person sees. */
function plain(message, label) {
  const said = message.replace(/^(?:inputs|parameters|resources)\.[A-Za-z0-9_.-]+:?\s*/, label + ' ');
  return said.charAt(0).toUpperCase() + said.slice(1);
}
