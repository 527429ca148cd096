// For admins: the Docker engines GEF runs on, each with its load over the last hour as a small chart (one bar per
// minute: the most jobs that ran on it at once, its capacity as a dashed line), and the server's queue the same way
// (a queued job gets an engine only when one has room, so the queue belongs to no engine yet).
import {api} from './api.js';
import {bytes, fill, h, svg, table} from './dom.js';

const MINUTES = 60;

export async function page(main, {signal}) {
  const section = h('section', {id: 'engines', 'aria-label': 'Engines'});
  fill(main, h('h2', {tabindex: '-1'}, 'Engines'), section);
  await drawEngines(section, signal, true);
}

/** The engines table; with {@code charts}, each engine's load of the last hour under it. */
export async function drawEngines(section, signal, charts = false) {
  // on its own page the page's heading names it
  fill(section, charts ? null : h('h3', {id: 'h-engines'}, 'Engines'));
  try {
    const {engines, loadHistory = {engines: {}, queued: []}} = await api('/api/engines', {signal});
    section.append(table('Docker engines', ['Engine', 'Endpoint', 'Health', 'Load', 'Queued', 'Labels', 'Version',
      'Platform', 'CPUs', 'Memory', 'Containers', 'User namespaces'], engines.map(e => h('tr', {dataset: {engine: e.id}},
      h('td', {}, e.id), h('td', {}, h('code', {}, e.endpoint ?? '')),
      h('td', {class: e.reachable ? '' : 'error'}, e.reachable ? 'healthy' : 'UNREACHABLE'),
      h('td', {}, e.capacity == null ? `${e.runningJobs ?? 0} running` : `${e.runningJobs ?? 0} / ${e.capacity} running`),
      h('td', {}, e.queued ?? ''),
      h('td', {}, Object.entries(e.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(', ')
        + (e.sharesServerFiles ? (e.labels && Object.keys(e.labels).length ? '; ' : '') + 'shares GEF volumes' : '')),
      h('td', {}, `${e.version ?? ''} (API ${e.apiVersion ?? '?'})`), h('td', {}, `${e.os ?? ''}/${e.arch ?? ''}`),
      h('td', {}, e.cpus ?? ''), h('td', {}, bytes(e.memoryBytes)), h('td', {}, e.containers ?? ''),
      h('td', {}, e.usernsRemap == null ? '' : e.usernsRemap ? 'remapped' : 'not remapped')))));
    // a swarm engine (docs/swarm.md): its nodes, those GEF refused and why, and what Swarm cannot enforce
    for (const e of engines.filter(x => x.type === 'swarm')) {
      section.append(table(`Nodes of swarm ${e.id}`, ['Node', 'State', 'Availability', 'Role', 'Labels', 'Refused'],
        (e.nodes ?? []).map(n => h('tr', {dataset: {node: n.id}}, h('td', {}, n.name), h('td', {}, n.state),
          h('td', {}, n.availability), h('td', {}, n.manager ? 'manager' : 'worker'),
          h('td', {}, Object.entries(n.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(', ')),
          h('td', {class: n.refused ? 'error' : ''}, n.refused ?? '')))),
        h('p', {}, `Not enforced on swarm ${e.id}: `), h('ul', {}, (e.notEnforced ?? []).map(t => h('li', {}, t))));
    }
    if (charts) {
      const series = loadHistory.engines ?? {};
      section.append(h('h3', {}, 'Load over the last hour'), h('div', {class: 'load-charts'},
        engines.map(e => loadChart(e.id, 'running', series[e.id]?.points, series[e.id]?.capacity ?? e.capacity)),
        loadChart('queue', 'queued', loadHistory.queued)));
    } else {
      section.append(h('p', {}, h('a', {href: '#/engines'}, 'Each engine\'s load over the last hour')));
    }
  } catch (x) {
    section.append(h('p', {class: 'error'}, x.message));
  }
}

/**
 * One series of the last hour: a bar per minute (its peak), the capacity dashed when given. {@code name} is an
 * engine's name, or "queue" for the server's queue.
 */
export function loadChart(name, what, points = [], capacity = null, now = Date.now()) {
  const w = 360;
  const top = 4;
  const hgt = 90;
  const axis = 14; // room for the time labels under the bars
  const max = Math.max(capacity ?? 0, ...points.map(p => p.peak), 1);
  const y = v => hgt - v / max * (hgt - top);
  const slot = w / MINUTES;
  const start = Math.floor(now / 60000) - (MINUTES - 1);
  const peak = Math.max(0, ...points.map(p => p.peak));
  const summary = points.length === 0 ? 'no samples yet' : peak === 0 ? `nothing ${what}`
    : `at most ${peak}${capacity != null ? ` of ${capacity}` : ''} ${what} at once`;
  const title = name === 'queue' ? 'Jobs queued on the server' : `Engine ${name}`;
  const root = svg('svg', {viewBox: `0 0 ${w} ${hgt + axis}`, role: 'img', class: 'load-chart',
    'aria-label': `${title} over the last hour: ${summary}`});
  for (const p of points) {
    const i = Math.floor(Date.parse(p.minute) / 60000) - start;
    if (i < 0 || i >= MINUTES || !p.peak) continue;
    root.append(svg('rect', {class: what, x: i * slot, y: y(p.peak), width: slot - 1, height: hgt - y(p.peak)},
      svg('title', {}, `${new Date(p.minute).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'})}: `
        + `${p.peak} ${what}`)));
  }
  root.append(svg('line', {class: 'axis', x1: 0, x2: w, y1: hgt, y2: hgt}),
    svg('text', {x: 0, y: hgt + axis - 2}, '60 min ago'), svg('text', {x: w / 2, y: hgt + axis - 2, 'text-anchor': 'middle'}, '30'),
    svg('text', {x: w, y: hgt + axis - 2, 'text-anchor': 'end'}, 'now'));
  if (capacity) root.append(svg('line', {class: 'capacity', x1: 0, x2: w, y1: y(capacity), y2: y(capacity)}));
  return h('figure', {class: 'chart load', dataset: {series: name}}, root,
    h('figcaption', {}, h('strong', {}, title), ` — one bar a minute, the last on the right: ${summary}. `,
      h('span', {class: `key ${what}`}, what), capacity ? [' ', h('span', {class: 'key capacity'}, `capacity ${capacity}`)] : null));
}
