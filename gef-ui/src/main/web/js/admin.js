// For admins: the engines GEF runs on (their load charts: engines.js), the server's notices, the datasets it can mount and who may use them, the
// users, the audit log.
import {api} from './api.js';
import {fill, h, table, when} from './dom.js';
import {drawEngines} from './engines.js';
import {drawNotices} from './notices.js';

export async function page(main, {signal, me}) {
  const engines = h('section', {id: 'engines', 'aria-labelledby': 'h-engines'});
  const datasets = h('section', {id: 'datasets', 'aria-labelledby': 'h-datasets'});
  const users = h('section', {id: 'users', 'aria-labelledby': 'h-users'});
  const notices = h('section', {id: 'notices', 'aria-labelledby': 'h-notices'});
  const audit = h('section', {id: 'audit', 'aria-labelledby': 'h-audit'});
  fill(main, h('h2', {tabindex: '-1'}, 'Administration'), engines, notices, datasets, users, audit);
  await Promise.all([drawEngines(engines, signal), drawNotices(notices, signal), drawDatasets(datasets, signal),
    drawUsers(users, signal, me), drawAudit(audit, signal)]);
}

async function drawDatasets(section, signal) {
  const list = await api('/api/datasets', {signal});
  const f = {name: h('input', {id: 'ds-name', required: true}), engine: h('input', {id: 'ds-engine', value: 'local'}),
    hostPath: h('input', {id: 'ds-path', required: true, placeholder: '/data/on/the/engine/host'}),
    description: h('input', {id: 'ds-description'}),
    nodeLabels: h('input', {id: 'ds-labels', placeholder: 'gef.data=archive-a', 'aria-describedby': 'ds-labels-hint'})};
  const error = h('p', {class: 'error', role: 'alert'});
  fill(section, h('h3', {id: 'h-datasets'}, 'Datasets'),
    h('p', {class: 'hint'}, 'Folders already on an engine host, mounted read-only into jobs without copying.'),
    list.length === 0 ? h('p', {}, 'No dataset is registered yet.') :
    table('Registered datasets', ['Name', 'Engine', 'Host path', 'Node labels', 'Description', 'Registered'], list.map(d => h('tr', {},
      h('td', {}, d.name), h('td', {}, d.engine), h('td', {}, h('code', {}, d.hostPath ?? '')),
      h('td', {}, Object.entries(d.nodeLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(', ')), h('td', {}, d.description ?? ''),
      h('td', {}, when(d.registeredAt))))),
    h('form', {id: 'dataset-form', onsubmit: async e => {
      e.preventDefault();
      try {
        const body = Object.fromEntries(Object.entries(f).map(([k, el]) => [k, el.value.trim() || null]));
        body.nodeLabels = labelsOf(f.nodeLabels.value);
        await api('/api/datasets', {method: 'POST', body});
        await drawDatasets(section, signal);
      } catch (x) {
        error.textContent = x.message;
      }
    }}, h('fieldset', {}, h('legend', {}, 'Register a dataset'),
      h('label', {for: 'ds-name'}, 'Name'), f.name, h('label', {for: 'ds-engine'}, 'Engine'), f.engine,
      h('label', {for: 'ds-path'}, 'Host path'), f.hostPath, h('label', {for: 'ds-description'}, 'Description'), f.description,
      h('label', {for: 'ds-labels'}, 'Node labels'), f.nodeLabels,
      h('p', {class: 'hint', id: 'ds-labels-hint'}, 'On a swarm engine: jobs on this dataset run only on nodes carrying all of these labels (name=value, comma separated).'),
      h('button', {type: 'submit'}, 'Register'))), grantForm(list, section, signal), error);
}

/** "a=b, c=d" → {a: 'b', c: 'd'}; an entry without '=' is refused here, before anything is sent. */
function labelsOf(text) {
  const labels = {};
  for (const part of text.split(',').map(p => p.trim()).filter(Boolean)) {
    const i = part.indexOf('=');
    if (i < 1) throw new Error(`Node labels: "${part}" is not name=value`);
    labels[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return labels;
}

// Only admins and grantees see a dataset: grant it to one user (by name) or to everyone with a role.
function grantForm(list, section, signal) {
  const dataset = h('select', {id: 'grant-dataset'}, list.map(d => h('option', {value: d.name}, d.name)));
  const kind = h('select', {id: 'grant-kind'}, h('option', {value: 'user'}, 'user named'), h('option', {value: 'role'}, 'everyone with role'));
  const who = h('input', {id: 'grant-who', required: true, placeholder: 'alice or user'});
  const error = h('p', {class: 'error', role: 'alert'});
  return h('form', {id: 'grant-form', onsubmit: async e => {
    e.preventDefault();
    try {
      let body = {role: who.value.trim()};
      if (kind.value === 'user') {
        const u = (await api('/api/users')).users.find(x => x.name === who.value.trim());
        if (!u) throw new Error(`no user named ${who.value.trim()}`);
        body = {user: u.id};
      }
      await api(`/api/datasets/${encodeURIComponent(dataset.value)}/grants`, {method: 'POST', body});
      await drawDatasets(section, signal);
    } catch (x) {
      error.textContent = x.message;
    }
  }}, h('fieldset', {}, h('legend', {}, 'Grant a dataset'), h('label', {for: 'grant-dataset'}, 'Dataset'), dataset,
    h('label', {for: 'grant-kind'}, 'To'), kind, h('label', {for: 'grant-who'}, 'Name or role'), who,
    h('button', {type: 'submit'}, 'Grant')), error);
}

async function drawAudit(section, signal) {
  const [{entries}, {users}] = await Promise.all([api('/api/audit?limit=100', {signal}), api('/api/users', {signal})]);
  // a user the entry is about is named; the id stays in the title (and for deleted users, in the cell)
  const names = Object.fromEntries(users.map(u => [u.id, u.name]));
  const target = t => names[t] ? h('span', {title: t}, names[t]) : h('code', {}, t ?? '');
  fill(section, h('h3', {id: 'h-audit'}, 'Audit log'),
    h('p', {class: 'hint'}, 'Who changed users, tokens, datasets and grants, or published, when and from where.'),
    entries.length === 0 ? h('p', {}, 'Nothing recorded yet.') :
    table('Audit log, newest first', ['When', 'Who', 'From', 'What', 'Target', 'Details'], entries.map(e => h('tr', {},
      h('td', {}, when(e.at)), h('td', {}, e.actorName ?? e.actorId ?? ''), h('td', {}, e.address ?? ''),
      h('td', {}, e.action), h('td', {}, target(e.target)), h('td', {}, JSON.stringify(e.details ?? {}))))));
}

async function drawUsers(section, signal, me) {
  const {users} = await api('/api/users', {signal});
  const name = h('input', {id: 'user-name', required: true});
  const roles = ['user', 'publisher', 'admin'].map(r => h('label', {class: 'check'},
    h('input', {type: 'checkbox', value: r, checked: r === 'user'}), ' ', r));
  const error = h('p', {class: 'error', role: 'alert'});
  fill(section, h('h3', {id: 'h-users'}, 'Users'),
    table('Users', ['Name', 'Roles', 'Created', ''], users.map(u => h('tr', {dataset: {user: u.id}},
      h('td', {}, u.name), h('td', {}, u.roles.join(', ')), h('td', {}, when(u.createdAt)),
      // the server refuses it too (409): an admin deleting themselves would lock the door behind them
      h('td', {}, u.id === me.id ? h('span', {class: 'hint', id: 'self-user'}, 'you (cannot delete yourself)')
        : h('button', {type: 'button', class: 'danger', 'aria-label': 'Delete user ' + u.name, onclick: async () => {
        if (!confirm(`Delete ${u.name}? All their tokens stop working at once.`)) return;
        await api('/api/users/' + u.id, {method: 'DELETE'}).catch(x => { error.textContent = x.message; });
        await drawUsers(section, signal, me);
      }}, 'Delete'))))),
    h('form', {id: 'user-form', onsubmit: async e => {
      e.preventDefault();
      try {
        const u = await api('/api/users', {method: 'POST', body: {name: name.value.trim(),
          roles: roles.map(l => l.querySelector('input')).filter(i => i.checked).map(i => i.value)}});
        await drawUsers(section, signal, me);
        section.append(h('p', {class: 'ok'}, `${u.name} created. Their first token (shown once): `),
          h('input', {readonly: true, value: u.token, 'aria-label': 'Token of ' + u.name}));
      } catch (x) {
        error.textContent = x.message;
      }
    }}, h('fieldset', {}, h('legend', {}, 'New user'), h('label', {for: 'user-name'}, 'Name'), name,
      h('div', {role: 'group', 'aria-label': 'Roles'}, roles), h('button', {type: 'submit'}, 'Create user'))),
    error);
}
