// A job's page, live: state, events timeline and log lines arrive over two server-sent-events streams; when the
// job ends, its outputs, signed provenance (checked here and by the server), replay and verdict appear.
import {api, download, saveBlob, stream} from './api.js';
import {add, bytes, copyable, duration, fill, h, jobTitle, shortDigest, since, stateBadge, table, tesBadge, when} from './dom.js';
import {fileBrowser, fileSafe} from './files.js';
import {drawTimeline} from './timeline.js';
import {statement, verifyInBrowser} from './verify.js';

/** Which state an event implies, so the badge moves without refetching the job. */
const STATE_OF = {queued: 'QUEUED', dequeued: 'INITIALIZING', 'stage-in-started': 'INITIALIZING',
  'container-created': 'INITIALIZING', started: 'RUNNING'};

export async function page(main, ctx) {
  const [id] = ctx.params;
  let job = await api('/api/jobs/' + id, {signal: ctx.signal});
  const state = h('span', {id: 'job-state', 'aria-live': 'polite'});
  const clock = h('p', {id: 'job-clock', class: 'hint', 'aria-live': 'off'});
  const failure = h('div', {id: 'failure'});
  const facts = h('dl', {class: 'facts'});
  const timeline = h('div', {id: 'timeline'});
  const events = h('ol', {id: 'events', class: 'timeline'});
  const log = h('pre', {id: 'log', tabindex: '0', 'aria-label': 'Log', 'aria-live': 'off'});
  const noLog = h('p', {id: 'log-empty', class: 'hint', hidden: true}, 'No output: the job wrote nothing to its log.');
  const actions = h('div', {class: 'actions'});
  const ended = h('div', {id: 'ended'});
  const inputs = h('div', {id: 'inputs'});
  fill(main, h('h2', {tabindex: '-1'}, jobTitle(job), ' ', state, ' ', tesBadge(job)), clock, failure, actions, facts, inputs,
    h('section', {'aria-labelledby': 'h-timeline'}, h('h3', {id: 'h-timeline'}, 'Timeline'), timeline),
    h('details', {id: 'events-details', open: true}, h('summary', {id: 'h-events'}, 'Events'), events),
    h('section', {'aria-labelledby': 'h-log'}, h('h3', {id: 'h-log'}, 'Log'), log, noLog),
    ended);

  const seen = [];
  const live = () => !['COMPLETE', 'EXECUTOR_ERROR', 'SYSTEM_ERROR', 'CANCELED'].includes(job.state);
  const drawState = s => fill(state, stateBadge(s));
  const drawJob = () => {
    drawState(job.state);
    drawFacts(facts, job);
    drawFailure(failure, job);
    fill(inputs, inputsTable(job, ctx.signal));
    fill(actions, live() ? h('button', {id: 'cancel', type: 'button', onclick: async () => {
      job = await api(`/api/jobs/${id}/cancel`, {method: 'POST'});
      drawJob();
    }}, 'Cancel job') : null,
    job.serviceName === 'tes' ? null : h('a', {id: 'run-again', class: 'button', href: `#/services/${encodeURIComponent(job.serviceName)}?version=${
      encodeURIComponent(job.serviceVersion ?? '')}&from=${encodeURIComponent(job.id)}`}, 'Run again…'));
  };
  drawJob();

  // the clock: elapsed time while it runs, its place in the queue while it waits
  let ahead = null;
  const tick = () => {
    drawTimeline(timeline, seen);
    if (!live()) return fill(clock);
    const s = seen.some(e => e.type === 'finished') ? null : state.textContent;
    if (s === 'QUEUED') {
      // the dispatcher's turn order (users take turns), so a later job of another user may be ahead of an older one
      fill(clock, 'Waiting in the queue', ahead == null ? '' : [': ', h('strong', {id: 'queue-position'},
        `position ${ahead + 1}`), ahead === 0 ? ', next to run' : `, ${ahead} job${ahead > 1 ? 's' : ''} ahead`],
        ` (for ${since(job.createdAt)})`);
    } else {
      const started = seen.find(e => e.type === 'started')?.at ?? job.startedAt;
      fill(clock, 'Elapsed ', h('strong', {id: 'job-elapsed'}, since(job.createdAt)), ' since it was submitted',
        started ? [', running for ', since(started)] : '');
    }
  };
  const timer = setInterval(tick, 1000);
  const queue = setInterval(async () => {
    if (state.textContent !== 'QUEUED') return;
    ahead = (await api(`/api/jobs/${id}/queue`, {signal: ctx.signal}).catch(() => ({ahead: null}))).ahead;
  }, 2000);
  ctx.signal.addEventListener('abort', () => { clearInterval(timer); clearInterval(queue); });
  if (job.state === 'QUEUED') ahead = (await api(`/api/jobs/${id}/queue`, {signal: ctx.signal})).ahead;

  let first = null;
  const onEvent = e => {
    first ??= Date.parse(e.at);
    seen.push(e);
    events.append(h('li', {dataset: {type: e.type}}, h('time', {datetime: e.at, title: when(e.at)},
      '+' + duration(Date.parse(e.at) - first)), ' ', h('strong', {}, e.type), eventDetail(e)));
    const s = e.type === 'finished' ? e.data.state : STATE_OF[e.type];
    if (s) drawState(s);
    tick();
  };
  const onLog = l => {
    const atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    log.append(h('span', {class: 'log-line ' + l.stream}, l.line + '\n'));
    if (atEnd) log.scrollTop = log.scrollHeight;
  };
  // not awaited: the page is usable while the job runs; leaving the page aborts both streams
  (async () => {
    const logs = stream(`/api/jobs/${id}/logs?follow=true`, (t, d) => t === 'log' && onLog(d), ctx.signal);
    await stream(`/api/jobs/${id}/events?follow=true`, (t, d) => t !== 'end' && onEvent(d), ctx.signal);
    await logs;
    if (ctx.signal.aborted) return;
    job = await api('/api/jobs/' + id, {signal: ctx.signal});
    clearInterval(timer);
    clearInterval(queue);
    drawJob();
    tick();
    noLog.hidden = log.childNodes.length > 0;
    log.hidden = !noLog.hidden;
    add(ended, outputs(job, ctx), await provenance(job, ctx), replay(job, ctx));
  })().catch(x => {
    if (!ctx.signal.aborted) ended.append(h('p', {class: 'error', role: 'alert'}, x.message));
  });
}

/** What a person can do about each way a job fails, shown above everything else. */
const HINTS = {
  NONZERO_EXIT: 'The tool itself reported an error. Its log below usually says why; check the inputs and parameters, then use “Run again…”.',
  OUT_OF_MEMORY: 'Give it more memory under Resources with “Run again…”.',
  TIMEOUT: 'Give it a longer time limit under Resources with “Run again…”.',
  INPUT: 'An input could not be used. Check that it still exists and that you may read it.',
  SYSTEM: 'GEF or its Docker engine failed, not your tool. Try again; if it keeps failing, tell an administrator.',
  SERVER_RESTART: 'The server restarted while the job ran. Run it again.',
  CANCELED: 'Someone canceled it.',
};

function drawFailure(el, job) {
  if (!job.error && !(job.state.endsWith('ERROR') || job.state === 'CANCELED')) return fill(el);
  fill(el, h('div', {class: 'failure', role: 'status'},
    h('p', {}, h('strong', {}, job.state === 'CANCELED' ? 'Canceled: ' : 'Failed: '), job.error?.message ?? job.state),
    HINTS[job.error?.reason] ? h('p', {class: 'hint'}, HINTS[job.error.reason]) : null));
}

function drawFacts(facts, job) {
  const row = (k, v) => v == null || v === '' ? null : [h('dt', {}, k), h('dd', {}, v)];
  fill(facts,
    row('Job', copyable(job.id)),
    row('Service', job.serviceName === 'tes' ? 'GA4GH TES task (no GEF service)'
      : h('a', {href: '#/services/' + encodeURIComponent(job.serviceName)}, `${job.serviceName}:${job.serviceVersion ?? ''}`)),
    row('Image', h('code', {title: job.image}, shortDigest(job.image))),
    row('Replay of', job.replayOf && h('a', {href: '#/jobs/' + job.replayOf}, job.replayOf)),
    row('Created', when(job.createdAt)), row('Started', when(job.startedAt)), row('Ended', when(job.endedAt)),
    row('Engine', job.engine),
    row('Exit code', job.exitCode),
    row('Tags', Object.keys(job.tags ?? {}).length ? Object.entries(job.tags).map(([k, v]) => v ? `${k}=${v}` : k).join(', ') : null),
    row('Parameters', Object.keys(job.parameters ?? {}).length ? h('code', {}, JSON.stringify(job.parameters)) : null),
    row('Sandbox', job.sandbox && `user ${job.sandbox.user}, network ${job.sandbox.networkMode}, ` +
      `${job.sandbox.memoryMb} MiB, ${job.sandbox.cpus} CPU, read-only root, ${job.sandbox.timeoutSeconds} s limit`));
}

/** Inputs by what a person recognises (the volume's name, the file, the URL); ids stay, copyable. */
function inputsTable(job, signal) {
  if (!job.inputs.length) return null;
  return table('Inputs', ['Input', 'From', 'Digest', 'Size'], job.inputs.map(i => {
    const from = h('td', {});
    if (i.kind === 'volume') {
      const link = h('a', {href: '#/volumes/' + i.volumeId, class: 'volume-name'}, i.volumeId);
      add(from, link, i.path ? ' / ' + i.path : '', ' ', copyable(i.volumeId));
      api('/api/volumes/' + i.volumeId, {signal}).then(v => { link.textContent = v.name; }).catch(() => {});
    } else if (i.kind === 'dataset') add(from, 'dataset ', i.dataset, i.path ? ' / ' + i.path : '');
    else if (i.kind === 'url') add(from, i.url);
    else add(from, 'inline text', i.filename ? ` (${i.filename})` : '');
    return h('tr', {}, h('td', {}, i.name), from,
      h('td', {}, i.digest ? h('code', {title: i.digest}, shortDigest(i.digest)) : ''),
      h('td', {}, bytes(i.bytes)));
  }));
}

function eventDetail(e) {
  const d = e.data ?? {};
  const bits = [];
  if (d.bytes != null) bits.push(bytes(d.bytes));
  if (d.files != null) bits.push(d.files + (d.files === 1 ? ' file' : ' files'));
  if (d.exitCode != null) bits.push('exit ' + d.exitCode);
  if (e.type === 'user' && d.user) bits.push(`runs as ${d.user}` + (d.hostUid != null ? ` (uid ${d.hostUid} on the host)` : ''));
  if (d.engine) bits.push('on engine ' + d.engine);
  if (d.placement) bits.push(d.placement); // why that engine: the data it holds, or the least loaded
  if (d.nodeName) bits.push('on node ' + d.nodeName);
  if (d.state) bits.push(d.state);
  if (d.message) bits.push(d.message);
  if (d.reason) bits.push(d.reason);
  return bits.length ? ' — ' + bits.join(', ') : '';
}

function outputs(job, ctx) {
  const withFiles = job.outputs.filter(o => o.volumeId);
  if (!withFiles.length) return h('section', {id: 'outputs'});
  const section = h('section', {id: 'outputs', 'aria-labelledby': 'h-outputs'}, h('h3', {id: 'h-outputs'}, 'Outputs'));
  for (const o of withFiles) {
    const browser = fileBrowser(o.volumeId, o.name, ctx, `${jobTitle(job)}-${o.name}`);
    // a failed job's output is never sealed: no counts or digest to quote, so the browser alone says what is there
    section.append(h('p', {class: 'hint output-summary'}, o.rootDigest
      ? [`${o.name}: ${o.files ?? 0} file${o.files === 1 ? '' : 's'}, ${bytes(o.bytes)}, root digest `,
        h('code', {title: o.rootDigest}, shortDigest(o.rootDigest))]
      : `${o.name}: not sealed (the job did not complete), so it has no root digest; what it wrote:`), browser.el);
    browser.open('').catch(x => browser.el.append(h('p', {class: 'error'}, x.message)));
  }
  return section;
}

async function provenance(job, {signal}) {
  const section = h('section', {id: 'provenance', 'aria-labelledby': 'h-prov'}, h('h3', {id: 'h-prov'}, 'Provenance'));
  if (!job.startedAt) return fill(section, h('p', {class: 'hint'}, 'This job never ran, so it has no provenance.'));
  let envelope;
  try {
    envelope = await signedEnvelope(job.id, signal);
  } catch (x) {
    section.append(h('p', {class: 'error'}, x.message));
    return section;
  }
  const [server, jwks] = await Promise.all([api('/api/provenance/verify', {method: 'POST', body: envelope, signal}),
    api('/api/keys', {signal})]);
  const local = await verifyInBrowser(envelope, jwks);
  const ok = server.signatureValid && server.subjectsMatch !== false;
  const st = statement(envelope);
  add(section,
    h('p', {id: 'signature-status', class: ok ? 'ok' : 'error', role: 'status'},
      ok ? '✔ signature verified' : '✘ signature NOT verified', ' (key ', h('code', {}, server.keyId ?? 'unknown'), ')',
      ok && server.subjectsMatch ? '; every output still matches its signed digest' : ''),
    h('p', {id: 'browser-verify', class: local.verified ? 'ok' : 'hint'}, local.verified
      ? '✔ also checked in this browser against the server\'s published key (/api/keys)'
      : 'Not checked in this browser: ' + local.reason),
    server.problems?.length ? h('ul', {class: 'error'}, server.problems.map(p => h('li', {}, p))) : null,
    !server.subjects?.length ? h('p', {class: 'hint'}, 'No output file to sign: the statement records the image, inputs and parameters.') :
    table('Signed subjects', ['Output file', 'sha256', 'Now'], server.subjects.map(s => h('tr', {},
      h('td', {}, s.name), h('td', {}, h('code', {title: s.expectedSha256}, s.expectedSha256.slice(0, 16) + '…')),
      h('td', {}, s.matches ? 'matches' : 'CHANGED')))),
    h('details', {}, h('summary', {}, 'Statement'), h('pre', {class: 'json'}, JSON.stringify(st, null, 2))),
    h('div', {class: 'actions'},
      h('button', {type: 'button', onclick: () => saveBlob(new Blob([JSON.stringify(envelope, null, 2)], {type: 'application/json'}),
        `${fileSafe(job.name || job.serviceName)}-${job.id}-provenance.json`)}, 'Download envelope'),
      h('button', {type: 'button', onclick: () => download(`/api/jobs/${job.id}/crate`,
        `${fileSafe(job.name || job.serviceName)}-${job.id}-crate.zip`)},
        'Download RO-Crate')));
  return section;
}

/**
 * Followers hear "finished" only once the statement is signed, but a page opened in the moment between the stored
 * end and the signature sees the end first: a 404 then gets a few more tries.
 */
async function signedEnvelope(id, signal) {
  for (let i = 0; ; i++) {
    try {
      return await api(`/api/jobs/${id}/provenance`, {signal});
    } catch (x) {
      if (x.status !== 404 || i >= 20) throw x;
      await new Promise(r => setTimeout(r, 250));
    }
  }
}

function replay(job, {go}) {
  const section = h('section', {id: 'replay-section', 'aria-labelledby': 'h-replay'}, h('h3', {id: 'h-replay'}, 'Reproducibility'));
  if (job.replayOf) {
    const v = job.reproducibility;
    add(section, v == null ? h('p', {id: 'verdict', class: 'hint'}, 'No verdict: the replay did not produce outputs to compare.')
      : h('p', {id: 'verdict', class: v.identical ? 'ok' : 'error', role: 'status'}, v.identical
        ? '✔ identical: every output file has the same bytes as in ' : '✘ differs from ',
      h('a', {href: '#/jobs/' + job.replayOf}, job.replayOf)),
      v ? table('Output files compared', ['File', 'Original', 'Replay', 'Verdict'], v.outputs.map(f => h('tr', {},
        h('td', {}, f.path), h('td', {}, h('code', {}, (f.originalSha256 ?? 'missing').slice(0, 16))),
        h('td', {}, h('code', {}, (f.replaySha256 ?? 'missing').slice(0, 16))), h('td', {}, f.same ? 'same' : 'DIFFERENT')))) : null);
  }
  const error = h('p', {class: 'error', role: 'alert'});
  add(section, h('p', {}, 'Replay runs the same image by digest on the same inputs and compares the outputs.'),
    h('button', {id: 'replay', type: 'button', onclick: async e => {
      e.target.disabled = true;
      try {
        const next = await api(`/api/jobs/${job.id}/replay`, {method: 'POST'});
        go('#/jobs/' + next.id);
      } catch (x) {
        error.textContent = x.message;
        e.target.disabled = false;
      }
    }}, 'Replay this job'), error);
  return section;
}
