// For admins: what the server did on its own that someone must hear about (GET /api/notices), newest first.
import {api} from './api.js';
import {fill, h, table, when} from './dom.js';

export async function drawNotices(section, signal) {
  try {
    const {notices} = await api('/api/notices?limit=50', {signal});
    fill(section, h('h3', {id: 'h-notices'}, 'Notices'),
      h('p', {class: 'hint'}, 'Things the server did without being asked, such as stopping a container that no job owned.'),
      notices.length === 0 ? h('p', {}, 'Nothing to report.') :
      table('Notices', ['When', 'Kind', 'What happened'], notices.map(n => h('tr', {dataset: {notice: n.kind}},
        h('td', {}, when(n.at)), h('td', {}, h('code', {}, n.kind)), h('td', {}, n.message)))));
  } catch (x) {
    fill(section, h('h3', {id: 'h-notices'}, 'Notices'), h('p', {class: 'error'}, x.message));
  }
}
