// The jobs list, live: one server-sent-events stream (a snapshot, then every change), no polling loop. Search by
// name, service and tag, state and dates; every filter lives in the URL, so a search can be bookmarked or shared.
import {api, stream} from './api.js';
import {duration, fill, h, jobTitle, labelCells, stateBadge, tesBadge, when} from './dom.js';

const STATES = ['', 'QUEUED', 'INITIALIZING', 'RUNNING', 'COMPLETE', 'EXECUTOR_ERROR', 'SYSTEM_ERROR', 'CANCELED'];
/** URL key → [label, input type]; the same keys go to GET /api/jobs. */
const FILTERS = [['name', 'Name starts with', 'search'], ['service', 'Service', 'text'], ['tag', 'Tag (key or key=value)', 'text'],
  ['from', 'Submitted from', 'date'], ['to', 'until (inclusive)', 'date']];

export async function list(main, {query, signal, go, me}) {
  const admin = me.roles.includes('admin');
  const limit = Math.min(Math.max(Number(query.get('limit')) || 100, 1), 500); // page size; #/jobs?limit=20
  const wanted = Object.fromEntries([...FILTERS.map(([k]) => k), 'state'].map(k => [k, query.get(k) ?? '']));
  const apiQuery = () => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(wanted)) if (v) q.set(k, k === 'to' ? nextDay(v) : v);
    return q;
  };
  const inputs = Object.fromEntries(FILTERS.map(([k, , type]) => [k, h('input', {id: 'job-' + k, name: k, type, value: wanted[k]})]));
  const stateSelect = h('select', {id: 'job-state-filter', name: 'state'},
    STATES.map(s => h('option', {value: s, selected: s === wanted.state}, s || 'any state')));
  const search = h('form', {id: 'job-search', role: 'search', class: 'filters', onsubmit: e => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const [k, el] of [...Object.entries(inputs), ['state', stateSelect]]) if (el.value.trim()) q.set(k, el.value.trim());
    if (query.get('limit')) q.set('limit', query.get('limit'));
    go('#/jobs' + (q.size ? '?' + q : ''));
  }}, FILTERS.map(([k, label]) => h('div', {}, h('label', {for: 'job-' + k}, label), inputs[k])),
  h('div', {}, h('label', {for: 'job-state-filter'}, 'State'), stateSelect),
  h('div', {class: 'filter-buttons'}, h('button', {type: 'submit', id: 'job-search-btn'}, 'Search'),
    h('a', {href: '#/jobs', id: 'job-search-clear'}, 'Clear')));
  stateSelect.addEventListener('change', () => search.requestSubmit());

  // owner ids → names, for admins who see everyone's jobs
  const owners = admin ? new Map((await api('/api/users', {signal}).catch(() => ({users: []}))).users.map(u => [u.id, u.name])) : null;
  const headers = ['Job', 'Service', 'State', 'Created', 'Duration', ...(admin ? ['Owner'] : [])];
  const rows = new Map(); // job id → row
  const tbody = h('tbody', {id: 'job-rows'});
  const status = h('p', {id: 'jobs-live', class: 'hint', 'aria-live': 'polite'}, 'Connecting…');
  let cursor = null; // where the next older page starts; null when everything is shown
  const more = h('button', {id: 'older-jobs', type: 'button', hidden: true, onclick: async () => {
    const q = apiQuery();
    q.set('limit', limit);
    q.set('cursor', cursor);
    const page = await api('/api/jobs?' + q, {signal});
    page.items.forEach(j => show(j, true));
    cursor = page.nextCursor;
    more.hidden = !cursor;
  }}, 'Show older jobs');
  const filtered = Object.values(wanted).some(Boolean);
  fill(main, h('h2', {tabindex: '-1'}, 'Jobs'),
    h('p', {}, h('a', {href: '#/services'}, 'Run a service'), ' from the catalog.'),
    search, status,
    h('div', {class: 'scroll'}, h('table', {id: 'jobs', class: 'stack'},
      h('caption', {}, filtered ? 'Jobs that match, newest first' : admin ? 'All jobs, newest first' : 'Your jobs, newest first'),
      h('thead', {}, h('tr', {}, headers.map(t => h('th', {scope: 'col'}, t)))),
      tbody)), more);

  const show = (job, older = false) => {
    if (!matches(job, wanted)) {
      rows.get(job.id)?.remove();
      rows.delete(job.id);
      return;
    }
    const row = h('tr', {dataset: {job: job.id}},
      // a job without its own name is called after its service: the short id tells such jobs apart
      h('td', {}, h('a', {href: '#/jobs/' + job.id, title: job.id}, jobTitle(job)), ' ', tesBadge(job)),
      h('td', {}, `${job.serviceName ?? job.service}${job.serviceVersion ? ':' + job.serviceVersion : ''}`),
      h('td', {}, stateBadge(job.state)), h('td', {}, when(job.createdAt)),
      h('td', {class: 'duration'}, job.endedAt ? duration(Date.parse(job.endedAt) - Date.parse(job.createdAt)) : 'running'),
      admin ? h('td', {}, owners.get(job.owner) ?? job.owner) : null);
    labelCells(row, headers);
    const old = rows.get(job.id);
    if (old) old.replaceWith(row); else if (older) tbody.append(row); else tbody.prepend(row);
    rows.set(job.id, row);
  };
  const q = apiQuery();
  q.set('follow', 'true');
  q.set('limit', limit);
  follow('/api/jobs?' + q, (type, data) => {
    if (type === 'snapshot') {
      rows.clear();
      tbody.replaceChildren();
      [...data.items].reverse().forEach(j => show(j));
      cursor = data.nextCursor;
      more.hidden = !cursor;
      status.textContent = data.items.length ? 'Live: changes appear as they happen.'
        : filtered ? 'No job matches. Live.' : 'No jobs yet. Live.';
    } else if (type === 'job') {
      show(data);
    }
  }, status, signal);
}


/** The day after a date: "until 2026-12-01" includes all of that day, the API's "to" is exclusive. */
function nextDay(d) {
  const t = new Date(d + 'T00:00:00Z');
  return Number.isNaN(t.getTime()) ? d : new Date(t.getTime() + 86400000).toISOString().slice(0, 10);
}

/** The API's filters, applied to a job the live stream reports (it sends every change the caller may see). */
function matches(job, w) {
  const [tk, tv] = w.tag.split('=');
  return (!w.state || job.state === w.state) && (!w.name || (job.name ?? '').startsWith(w.name))
    && (!w.service || job.serviceName === w.service)
    && (!w.tag || (job.tags && tk in job.tags && (tv === undefined || job.tags[tk] === tv)))
    && (!w.from || job.createdAt >= w.from) && (!w.to || job.createdAt < nextDay(w.to));
}

/** Keeps a stream open while the page is shown: reconnects (with a growing pause) when the server ends it. */
export async function follow(path, onEvent, status, signal) {
  for (let pause = 500; !signal.aborted; pause = Math.min(pause * 2, 15000)) {
    try {
      await stream(path, (t, d) => { pause = 500; onEvent(t, d); }, signal);
    } catch (x) {
      if (signal.aborted) return;
      status.textContent = `Live updates interrupted (${x.message}); reconnecting…`;
    }
    await new Promise(r => setTimeout(r, pause));
  }
}
