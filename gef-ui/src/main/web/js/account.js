// Who you are and your personal API tokens (for the CLI and scripts): create one (shown once), list, revoke.
import {api} from './api.js';
import {fill, h, table, when} from './dom.js';

export async function page(main, {me, signal}) {
  const list = h('div');
  const shown = h('div', {id: 'new-token', 'aria-live': 'polite'});
  const error = h('p', {class: 'error', role: 'alert'});
  const name = h('input', {id: 'token-name', required: true, maxlength: 100});
  const days = h('input', {id: 'token-days', type: 'number', min: 1, max: 365, value: '30', required: true});
  const draw = async () => {
    const {tokens} = await api('/api/tokens', {signal});
    fill(list, table('Your tokens', ['Name', 'Created', 'Expires', 'Last used', ''], tokens.map(t => h('tr', {dataset: {token: t.id}},
      h('td', {}, t.name), h('td', {}, when(t.createdAt)), h('td', {}, when(t.expiresAt)), h('td', {}, when(t.lastUsedAt) || 'never'),
      h('td', {}, h('button', {type: 'button', class: 'danger', 'aria-label': 'Revoke ' + t.name, onclick: async () => {
        if (!confirm(`Revoke the token “${t.name}”? Anything using it stops working at once.`)) return;
        await api('/api/tokens/' + t.id, {method: 'DELETE'}).catch(x => { error.textContent = x.message; });
        await draw();
      }}, 'Revoke'))))));
  };
  fill(main, h('h2', {tabindex: '-1'}, 'Account'),
    h('dl', {class: 'facts'}, h('dt', {}, 'Name'), h('dd', {id: 'me-name'}, me.name), h('dt', {}, 'Id'), h('dd', {}, h('code', {}, me.id)),
      h('dt', {}, 'Roles'), h('dd', {}, me.roles.join(', '))),
    h('h3', {}, 'Personal API tokens'),
    h('p', {}, 'Use a token with the CLI (', h('code', {}, './gef login'), ') or as ', h('code', {}, 'Authorization: Bearer …'), '.'),
    h('form', {id: 'token-form', class: 'inline', onsubmit: async e => {
      e.preventDefault();
      error.textContent = '';
      try {
        const t = await api('/api/tokens', {method: 'POST', body: {name: name.value.trim(), expiresInDays: Number(days.value)}});
        const value = h('input', {id: 'token-value', readonly: true, value: t.token, 'aria-label': 'The new token'});
        fill(shown, h('p', {class: 'ok'}, `Token “${t.name}” created. Copy it now: it is shown only once.`), value,
          h('button', {type: 'button', onclick: () => navigator.clipboard?.writeText(t.token)}, 'Copy'));
        value.select();
        name.value = '';
        await draw();
      } catch (x) {
        error.textContent = x.message;
      }
    }}, h('label', {for: 'token-name'}, 'Name'), name, h('label', {for: 'token-days'}, 'Valid for (days)'), days,
    h('button', {type: 'submit'}, 'Create token')),
    shown, error, list);
  await draw();
}
