// The run form's parameter and resource fields. Each field knows its label, the API names that point at it, how
// to check its value in plain words (from the service's annotations: required, type, allowed values; the
// server's ranges for resources), and how to show a problem next to itself.
import {h, shown} from './dom.js';

/**
 * The error line under a field and the marks on its control: {show(message), clear()}. The control is described
 * by the message (aria-describedby), so a screen reader reads it with the field.
 */
export function fieldError(control, id) {
  const el = h('p', {id: id + '-error', class: 'field-error', hidden: true});
  const described = control.getAttribute('aria-describedby');
  return {
    el,
    show(message) {
      el.textContent = message;
      el.hidden = false;
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', [described, el.id].filter(Boolean).join(' '));
    },
    clear() {
      el.textContent = '';
      el.hidden = true;
      control.removeAttribute('aria-invalid');
      if (described) control.setAttribute('aria-describedby', described); else control.removeAttribute('aria-describedby');
    },
  };
}

export function parameterField(p) {
  const id = 'param-' + p.name;
  const attrs = {id, name: p.name, 'data-field': 'parameters.' + p.name, required: p.required,
    'aria-describedby': p.description ? id + '-help' : null};
  let control;
  if (p.type === 'bool') control = h('input', {...attrs, type: 'checkbox', checked: p.defaultValue === 'true'});
  else if (p.type === 'enum') control = h('select', attrs, p.required ? h('option', {value: ''}, '— choose —') : h('option', {value: ''}, '(default)'),
    p.values.map(v => h('option', {value: v, selected: v === p.defaultValue}, v)));
  else control = h('input', {...attrs, type: 'text', inputmode: p.type === 'int' ? 'numeric' : p.type === 'float' ? 'decimal' : null,
    value: p.defaultValue ?? ''});
  const label = shown(p);
  const err = fieldError(control, id);
  const el = h('div', {class: 'field'}, h('label', {for: id}, label + (p.required ? ' (required)' : '')), control,
    p.description ? h('p', {id: id + '-help', class: 'hint'}, p.description) : null, err.el);
  const raw = () => control.value.trim();
  return {name: p.name, el, control, label, fieldNames: ['parameters.' + p.name], show: err.show, clear: err.clear,
    check() {
      if (p.type === 'bool') return [];
      const v = raw();
      if (v === '') return p.required ? [`${label} is required.`] : [];
      if (p.type === 'int' && !/^-?\d+$/.test(v)) return [`${label} must be a whole number, such as 3.`];
      if (p.type === 'float' && !Number.isFinite(Number(v))) return [`${label} must be a number, such as 0.5.`];
      if (p.type === 'enum' && !p.values.includes(v)) return [`${label} must be one of ${p.values.join(', ')}.`];
      if (p.type === 'string' && new Blob([v]).size > 65536) return [`${label} is too long: at most 64 KiB of text.`];
      return [];
    },
    value() {
      if (p.type === 'bool') return control.checked;
      const v = raw();
      if (v === '') return undefined; // the service's default applies
      return p.type === 'int' || p.type === 'float' ? Number(v) : v;
    },
    prefill(v) {
      if (v === undefined || v === null) return;
      if (p.type === 'bool') control.checked = v === true || v === 'true';
      else control.value = String(v);
    }};
}

/** The limits GEF enforces on resources (io.gef.jobs.Resources), checked here first. */
const LIMITS = {cpus: [0, 64, 'more than 0 and at most 64', false], memoryMb: [8, 1048576, 'between 8 and 1048576', true],
  timeoutSeconds: [1, 604800, 'between 1 and 604800 (7 days)', true]};

export function resourceFields(hint) {
  const field = (key, label) => {
    const id = 'res-' + key;
    const control = h('input', {id, type: 'text', inputmode: 'decimal', 'data-field': 'resources.' + key,
      placeholder: hint[key] != null ? `service asks ${hint[key]}` : 'server default'});
    const err = fieldError(control, id);
    const [min, max, words, whole] = LIMITS[key];
    return {key, label, control, el: [h('label', {for: id}, label), control, err.el], fieldNames: ['resources.' + key],
      show: err.show, clear: err.clear,
      check() {
        const v = control.value.trim();
        if (v === '') return [];
        const n = Number(v);
        if (!Number.isFinite(n) || (whole && !Number.isInteger(n))) return [`${label} must be ${whole ? 'a whole number' : 'a number'}.`];
        if (key === 'cpus' ? n <= min || n > max : n < min || n > max) return [`${label} must be ${words}.`];
        return [];
      }};
  };
  const fields = [field('cpus', 'CPUs'), field('memoryMb', 'Memory (MiB)'), field('timeoutSeconds', 'Time limit (seconds)')];
  return {
    fields,
    el: h('details', {class: 'resources', id: 'resources'}, h('summary', {}, 'Resources'), fields.map(f => f.el)),
    value: () => Object.fromEntries(fields.filter(f => f.control.value.trim() !== '').map(f => [f.key, Number(f.control.value)])),
    prefill(r) {
      fields.forEach(f => { if (r[f.key] != null) f.control.value = String(r[f.key]); });
    },
  };
}
