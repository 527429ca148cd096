// The jobs list, live: one server-sent-events stream (a snapshot, then every change), no polling loop.
import {api, stream} from './api.js';
import {fill, h, stateBadge, table, when} from './dom.js';

const STATES = ['', 'QUEUED', 'INITIALIZING', 'RUNNING', 'COMPLETE', 'EXECUTOR_ERROR', 'SYSTEM_ERROR', 'CANCELED'];

export async function list(main, {query, signal, go}) {
  const state = query.get('state') ?? '';
  const limit = Math.min(Math.max(Number(query.get('limit')) || 100, 1), 500); // page size; #/jobs?limit=20
  const filter = h('select', {id: 'job-state-filter', onchange: () => go('#/jobs' + (filter.value ? '?state=' + filter.value : ''))},
    STATES.map(s => h('option', {value: s, selected: s === state}, s || 'any state')));
  const rows = new Map(); // job id → row
  const tbody = h('tbody', {id: 'job-rows'});
  const status = h('p', {id: 'jobs-live', class: 'hint', 'aria-live': 'polite'}, 'Connecting…');
  let cursor = null; // where the next older page starts; null when everything is shown
  const more = h('button', {id: 'older-jobs', type: 'button', hidden: true, onclick: async () => {
    const page = await api(`/api/jobs?limit=${limit}&cursor=${encodeURIComponent(cursor)}` + (state ? '&state=' + state : ''), {signal});
    page.items.forEach(j => show(j, true));
    cursor = page.nextCursor;
    more.hidden = !cursor;
  }}, 'Show older jobs');
  fill(main, h('h2', {tabindex: '-1'}, 'Jobs'),
    h('p', {}, h('a', {href: '#/services'}, 'Run a service'), ' from the catalog.'),
    h('div', {class: 'inline'}, h('label', {for: 'job-state-filter'}, 'Show'), filter), status,
    h('div', {class: 'scroll'}, h('table', {id: 'jobs'}, h('caption', {}, 'Your jobs, newest first'),
      h('thead', {}, h('tr', {}, ['Job', 'Service', 'State', 'Created', 'Ended'].map(t => h('th', {scope: 'col'}, t)))),
      tbody)), more);

  const show = (job, older = false) => {
    if (state && job.state !== state) {
      rows.get(job.id)?.remove();
      rows.delete(job.id);
      return;
    }
    const row = h('tr', {dataset: {job: job.id}},
      h('td', {}, h('a', {href: '#/jobs/' + job.id}, job.name || job.id)),
      h('td', {}, `${job.serviceName ?? job.service}${job.serviceVersion ? ':' + job.serviceVersion : ''}`),
      h('td', {}, stateBadge(job.state)), h('td', {}, when(job.createdAt)), h('td', {}, when(job.endedAt)));
    const old = rows.get(job.id);
    if (old) old.replaceWith(row); else if (older) tbody.append(row); else tbody.prepend(row);
    rows.set(job.id, row);
  };
  const path = `/api/jobs?follow=true&limit=${limit}` + (state ? '&state=' + state : '');
  follow(path, (type, data) => {
    if (type === 'snapshot') {
      rows.clear();
      tbody.replaceChildren();
      [...data.items].reverse().forEach(j => show(j));
      cursor = data.nextCursor;
      more.hidden = !cursor;
      status.textContent = data.items.length ? 'Live: changes appear as they happen.' : 'No jobs yet. Live.';
    } else if (type === 'job') {
      show(data);
    }
  }, status, signal);
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
