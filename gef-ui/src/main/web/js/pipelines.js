// Pipelines: the list with a form to submit one, and a page per pipeline drawing its graph with each step's live
// state (one server-sent-events stream) and a link to each step's job.
import {api, download, stream} from './api.js';
import {copyable, fill, h, stateBadge, svg, table, when} from './dom.js';
import {fileSafe} from './files.js';

export async function list(main, {signal, go}) {
  const {items} = await api('/api/pipelines?limit=100', {signal});
  const doc = h('textarea', {id: 'pipeline-doc', rows: 12, cols: 80, spellcheck: false,
    'aria-describedby': 'pipeline-help'});
  const err = h('p', {id: 'pipeline-error', class: 'error', role: 'alert'});
  const form = h('form', {id: 'pipeline-form', onsubmit: async e => {
    e.preventDefault();
    err.textContent = '';
    try {
      const p = await api('/api/pipelines', {method: 'POST', body: JSON.parse(doc.value)});
      go('#/pipelines/' + p.id);
    } catch (x) {
      err.textContent = x.message;
    }
  }}, h('label', {for: 'pipeline-doc'}, 'Pipeline (JSON)'), doc,
  h('p', {id: 'pipeline-help', class: 'hint'}, 'Named steps, each a service with inputs and parameters; an input ',
    h('code', {}, '{"step": "split", "output": "out"}'), ' reads another step\'s output. The CLI takes the same as YAML: ',
    h('code', {}, './gef pipeline run FILE.yaml --follow'), '.'),
  h('button', {id: 'pipeline-submit', type: 'submit'}, 'Run pipeline'), err);
  fill(main, h('h2', {tabindex: '-1'}, 'Pipelines'),
    table('Your pipelines, newest first', ['Pipeline', 'State', 'Steps', 'Created', 'Ended'], items.map(p =>
      h('tr', {dataset: {pipeline: p.id}}, h('td', {}, h('a', {href: '#/pipelines/' + p.id}, p.name + ' (' + p.id + ')')),
        h('td', {}, stateBadge(p.state)), h('td', {}, String(p.steps.length)), h('td', {}, when(p.createdAt)),
        h('td', {}, when(p.endedAt))))), h('h3', {}, 'Run a pipeline'), form);
}

export async function page(main, {params: [id], signal, go}) {
  const head = h('div', {id: 'pipeline-head'});
  const graph = h('div', {id: 'pipeline-graph', class: 'scroll'});
  const steps = h('div', {id: 'pipeline-steps'});
  const status = h('p', {class: 'hint', 'aria-live': 'polite'}, 'Connecting…');
  const cancel = h('button', {id: 'pipeline-cancel', type: 'button', onclick: async () => draw(await api(`/api/pipelines/${id}/cancel`, {method: 'POST', body: {}}))}, 'Cancel');
  const replay = h('button', {id: 'pipeline-replay', type: 'button', onclick: async () => go('#/pipelines/' + (await api(`/api/pipelines/${id}/replay`, {method: 'POST', body: {}})).id)}, 'Replay');
  const actions = h('div', {class: 'inline'}, cancel, replay,
    h('button', {id: 'pipeline-crate', type: 'button', onclick: () => download(`/api/pipelines/${id}/crate`,
      `${fileSafe(name)}-${id}-crate.zip`, signal)}, 'Download RO-Crate'));
  const title = h('h2', {tabindex: '-1'}, 'Pipeline');
  let name = id;
  fill(main, title, head, actions, status, graph, steps);
  const draw = p => {
    name = p.name || id;
    fill(title, 'Pipeline “', name, '”');
    cancel.hidden = p.state !== 'RUNNING';
    replay.hidden = p.state !== 'COMPLETE';
    fill(head, h('p', {}, stateBadge(p.state, {id: 'pipeline-state'}), ' ', copyable(p.id),
      p.replayOf ? [' — replay of ', h('a', {href: '#/pipelines/' + p.replayOf}, p.replayOf)] : null,
      p.verdict ? [' — verdict: ', h('strong', {id: 'pipeline-verdict'}, p.verdict.overall)] : null),
    p.error ? h('p', {class: 'error'}, p.error) : null);
    fill(graph, drawGraph(p));
    fill(steps, table('Steps', ['Step', 'State', 'Job', 'Started', 'Ended', 'Note'], p.steps.map(s =>
      h('tr', {dataset: {step: s.name}}, h('td', {}, s.name), h('td', {}, stateBadge(shownState(s))),
        h('td', {}, s.jobId ? h('a', {href: '#/jobs/' + s.jobId}, s.jobId) : ''), h('td', {}, when(s.startedAt)),
        h('td', {}, when(s.endedAt)), h('td', {}, s.message ?? '')))));
  };
  let last = await api('/api/pipelines/' + id, {signal});
  draw(last);
  const relayout = () => fill(graph, drawGraph(last));
  NARROW.addEventListener('change', relayout);
  signal.addEventListener('abort', () => NARROW.removeEventListener('change', relayout));
  status.textContent = 'Live: step states change as they happen.';
  stream(`/api/pipelines/${id}?follow=true`, (type, data) => {
    if (type === 'pipeline') draw(last = data);
    if (type === 'end') status.textContent = 'The pipeline has ended.';
  }, signal).catch(x => { status.textContent = 'Live updates stopped: ' + x.message; });
}

/** A step that has a job shows the job's state (QUEUED, RUNNING) until the step itself ends. */
const shownState = s => s.state === 'SUBMITTED' && s.jobState ? s.jobState : s.state;

const svgEl = svg;

/** Below this width the graph runs top to bottom, so a phone shows it without scrolling sideways. */
const NARROW = matchMedia('(max-width: 600px)');

/**
 * The graph, one column per depth (longest path from a first step; on a narrow screen one row per depth), a line
 * per step input.
 */
function drawGraph(p) {
  const depth = {};
  const byName = Object.fromEntries(p.steps.map(s => [s.name, s]));
  const d = s => depth[s.name] ??= s.dependsOn.length ? 1 + Math.max(...s.dependsOn.map(n => d(byName[n]))) : 0;
  p.steps.forEach(d);
  const rows = {};
  const pos = {};
  p.steps.forEach(s => { const c = depth[s.name]; rows[c] = (rows[c] ?? 0) + 1; pos[s.name] = [c, rows[c] - 1]; });
  const vertical = NARROW.matches;
  const W = vertical ? 160 : 170, H = vertical ? 76 : 70, bw = 140, bh = 46;
  const across = Math.max(...Object.values(rows)), along = Math.max(...Object.values(depth)) + 1;
  const [width, height] = vertical ? [across * W + 10, along * H + 10] : [along * W, across * H + 10];
  const root = svgEl('svg', {width, height, role: 'img', 'aria-label': 'graph of the pipeline steps'});
  const xy = n => vertical ? [pos[n][1] * W + 10, pos[n][0] * H + 10] : [pos[n][0] * W + 10, pos[n][1] * H + 10];
  for (const s of p.steps) {
    for (const dep of s.dependsOn) {
      const [x1, y1] = xy(dep), [x2, y2] = xy(s.name);
      root.append(svgEl('line', vertical ? {x1: x1 + bw / 2, y1: y1 + bh, x2: x2 + bw / 2, y2, stroke: '#888'}
        : {x1: x1 + bw, y1: y1 + bh / 2, x2, y2: y2 + bh / 2, stroke: '#888'}));
    }
  }
  for (const s of p.steps) {
    const [x, y] = xy(s.name);
    const state = shownState(s);
    const box = svgEl('g', {class: 'step state-' + state.toLowerCase(), 'data-step': s.name},
      svgEl('rect', {x, y, width: bw, height: bh, rx: 6, fill: 'currentColor', 'fill-opacity': 0.12, stroke: '#666'}),
      svgEl('text', {x: x + 8, y: y + 18}, s.name), svgEl('text', {x: x + 8, y: y + 36, 'font-size': 11}, state));
    if (s.jobId) {
      const a = svgEl('a', {href: '#/jobs/' + s.jobId}, box);
      root.append(a);
    } else {
      root.append(box);
    }
  }
  return root;
}
