// The service catalog (search, description, inputs, outputs, parameters) and a service's page with its run form.
import {api} from './api.js';
import {fill, h, shortDigest, shown, table, when} from './dom.js';
import {runForm} from './runform.js';

export async function catalog(main, {query, go}) {
  const q = query.get('q') ?? '';
  const {services} = await api('/api/services' + (q ? '?q=' + encodeURIComponent(q) : ''));
  const search = h('input', {id: 'service-search', type: 'search', name: 'q', value: q});
  fill(main, h('h2', {tabindex: '-1'}, 'Services'),
    h('form', {role: 'search', class: 'inline', onsubmit: e => {
      e.preventDefault();
      go('#/services' + (search.value.trim() ? '?q=' + encodeURIComponent(search.value.trim()) : ''));
    }}, h('label', {for: 'service-search'}, 'Search the catalog'), search, h('button', {type: 'submit'}, 'Search')),
    services.length === 0 ? h('p', {}, q ? `No service matches “${q}”.` : 'No service has been published yet.') : null,
    h('ul', {class: 'cards', id: 'service-list'}, services.map(s => h('li', {class: 'card', dataset: {service: s.name}},
      h('h3', {}, h('a', {href: '#/services/' + encodeURIComponent(s.name)}, shown(s)), ' ',
        h('span', {class: 'version'}, s.latestVersion)),
      h('p', {}, s.description),
      h('p', {class: 'hint'},
        'Inputs: ', s.inputs.map(shown).join(', ') || 'none', ' · Outputs: ',
        s.outputs.map(shown).join(', ') || 'none', ' · Parameters: ',
        s.parameters.map(shown).join(', ') || 'none', s.license ? ' · ' + s.license : '')))));
}

export async function service(main, ctx) {
  const [name] = ctx.params;
  const {versions} = await api('/api/services/' + encodeURIComponent(name));
  const live = versions.filter(v => !v.deprecatedAt);
  const wanted = ctx.query.get('version');
  const v = versions.find(x => x.version === wanted) ?? live.at(-1) ?? versions.at(-1);
  if (!v) {
    fill(main, h('h2', {tabindex: '-1'}, name), h('p', {}, 'This service has no published version.'));
    return;
  }
  const s = v.spec;
  fill(main,
    h('h2', {tabindex: '-1'}, shown(s), ' ', h('span', {class: 'version'}, s.version),
      s.displayName && s.displayName !== s.name ? h('span', {class: 'hint'}, ' id ' + s.name) : null),
    h('p', {}, s.description),
    h('dl', {class: 'facts'},
      h('dt', {}, 'Image'), h('dd', {}, h('code', {title: v.pinned}, shortDigest(v.pinned))),
      h('dt', {}, 'Published'), h('dd', {}, when(v.publishedAt)),
      s.license ? [h('dt', {}, 'Licence'), h('dd', {}, s.license)] : null,
      s.authors ? [h('dt', {}, 'Authors'), h('dd', {}, s.authors)] : null,
      s.homepage ? [h('dt', {}, 'Homepage'), h('dd', {}, h('a', {href: s.homepage, rel: 'noopener'}, s.homepage))] : null,
      s.citation ? [h('dt', {}, 'Cite as'), h('dd', {}, s.citation)] : null,
      versions.length > 1 ? [h('dt', {}, 'Versions'), h('dd', {}, versions.map(x => [h('a', {
        href: `#/services/${encodeURIComponent(name)}?version=${encodeURIComponent(x.version)}`},
        x.version + (x.deprecatedAt ? ' (deprecated)' : '')), ' '])) ] : null),
    table('Inputs', ['Name', 'Type', 'Mounted at'], s.inputs.map(i => h('tr', {},
      h('td', {}, shown(i)), h('td', {}, i.type), h('td', {}, h('code', {}, i.path), i.filename ? [' (a URL or text input lands as ', h('code', {}, i.filename), ')'] : null)))),
    table('Outputs', ['Name', 'Collected from'], s.outputs.map(o => h('tr', {},
      h('td', {}, shown(o)), h('td', {}, h('code', {}, o.path))))),
    s.parameters.length ? table('Parameters', ['Name', 'Type', 'Default', 'Description'], s.parameters.map(p => h('tr', {},
      h('td', {}, shown(p) + (p.required ? ' (required)' : '')), h('td', {}, p.type + (p.values.length ? ': ' + p.values.join(', ') : '')),
      h('td', {}, p.defaultValue ?? ''), h('td', {}, p.description)))) : null,
    h('h3', {}, 'Run'),
    await runForm(s, `${s.name}:${s.version}`, ctx));
}
