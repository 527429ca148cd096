// A job's phases drawn as bars, computed only from the times its events carry, so the bars and the event list
// always agree: queued (submitted → dequeued), stage-in, start (image and container set up → started), run
// (started → execution-finished), stage-out (→ outputs-collected) and signing (→ finished; provenance is signed
// before "finished" is stored).
import {duration, fill, h} from './dom.js';

const PHASES = [
  ['queued', 'Queued', 'queued', 'dequeued'],
  ['stage-in', 'Stage-in', 'stage-in-started', 'stage-in-finished'],
  ['prepare', 'Start', 'stage-in-finished', 'started'],
  ['run', 'Run', 'started', 'execution-finished'],
  ['stage-out', 'Stage-out', 'execution-finished', 'outputs-collected'],
  ['signing', 'Signing', 'outputs-collected', 'finished'],
];

/** The phases that began, each {key, label, start, end, open} in ms since the epoch; open: still going. */
export function phases(events, now = Date.now()) {
  const at = {};
  for (const e of events) at[e.type] ??= Date.parse(e.at);
  const last = at.finished ?? now;
  return PHASES.filter(([, , from]) => at[from] != null).map(([key, label, from, to]) => {
    // a phase cut short (a failure, a cancel) ends where the next thing that happened began
    const later = events.map(e => Date.parse(e.at)).filter(t => t > at[from]);
    const end = at[to] ?? (at.finished != null ? Math.min(...later, last) : now);
    return {key, label, start: at[from], end, open: at[to] == null && at.finished == null};
  });
}

/** Redraws {@code el} as the bar chart of {@code events}. */
export function drawTimeline(el, events, now = Date.now()) {
  const ps = phases(events, now);
  if (!ps.length) return fill(el, h('p', {class: 'hint'}, 'Nothing has happened yet.'));
  const t0 = ps[0].start;
  const total = Math.max(ps.reduce((m, p) => Math.max(m, p.end), t0) - t0, 1);
  const pct = v => (100 * v / total).toFixed(2) + '%';
  const bar = p => {
    const b = h('span', {class: 'phase-bar phase-' + p.key + (p.open ? ' open' : '')});
    // through the CSSOM: the page's CSP (style-src 'self') refuses a style attribute, and the bar would lose its place
    b.style.left = pct(p.start - t0);
    b.style.width = pct(Math.max(p.end - p.start, total / 200));
    return b;
  };
  fill(el, h('ol', {class: 'phases', 'aria-label': 'Phases of the job'}, ps.map(p => h('li', {dataset: {phase: p.key}},
    h('span', {class: 'phase-name'}, p.label),
    h('span', {class: 'phase-track', 'aria-hidden': 'true'}, bar(p)),
    h('span', {class: 'phase-time'}, duration(p.end - p.start), p.open ? ' so far' : '')))),
  h('p', {class: 'hint', id: 'timeline-total'}, 'Total ', duration(total),
    ps.at(-1).open ? ' so far' : ''));
}
