// A job's page, live: state, events timeline and log lines arrive over two server-sent-events streams; when the
// job ends, its outputs, signed provenance (checked here and by the server), replay and verdict appear.
import {api, download, saveBlob, stream} from './api.js';
import {add, bytes, duration, fill, h, shortDigest, stateBadge, table, when} from './dom.js';
import {fileBrowser} from './files.js';
import {statement, verifyInBrowser} from './verify.js';

/** Which state an event implies, so the badge moves without refetching the job. */
const STATE_OF = {queued: 'QUEUED', dequeued: 'INITIALIZING', 'stage-in-started': 'INITIALIZING',
  'container-created': 'INITIALIZING', started: 'RUNNING'};

export async function page(main, ctx) {
  const [id] = ctx.params;
  let job = await api('/api/jobs/' + id, {signal: ctx.signal});
  const state = h('span', {id: 'job-state', 'aria-live': 'polite'});
  const facts = h('dl', {class: 'facts'});
  const events = h('ol', {id: 'events', class: 'timeline'});
  const log = h('pre', {id: 'log', tabindex: '0', 'aria-label': 'Log', 'aria-live': 'off'});
  const actions = h('div', {class: 'actions'});
  const ended = h('div', {id: 'ended'});
  const inputs = h('div', {id: 'inputs'});
  fill(main, h('h2', {tabindex: '-1'}, job.name || job.id, ' ', state), actions, facts, inputs,
    h('section', {'aria-labelledby': 'h-events'}, h('h3', {id: 'h-events'}, 'Events'), events),
    h('section', {'aria-labelledby': 'h-log'}, h('h3', {id: 'h-log'}, 'Log'), log),
    ended);

  const drawState = s => fill(state, stateBadge(s));
  const drawJob = () => {
    drawState(job.state);
    drawFacts(facts, job);
    fill(inputs, inputsTable(job));
    fill(actions, job.state === 'QUEUED' || job.state === 'INITIALIZING' || job.state === 'RUNNING'
      ? h('button', {id: 'cancel', type: 'button', onclick: async () => {
        job = await api(`/api/jobs/${id}/cancel`, {method: 'POST'});
        drawJob();
      }}, 'Cancel job') : null);
  };
  drawJob();

  let first = null;
  const onEvent = e => {
    first ??= Date.parse(e.at);
    events.append(h('li', {dataset: {type: e.type}}, h('time', {datetime: e.at}, '+' + duration(Date.parse(e.at) - first)),
      ' ', h('strong', {}, e.type), eventDetail(e)));
    const s = e.type === 'finished' ? e.data.state : STATE_OF[e.type];
    if (s) drawState(s);
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
    drawJob();
    if (job.state.endsWith('ERROR') || job.state === 'CANCELED') {
      ended.append(h('p', {class: 'error', role: 'status'}, job.error?.message ?? job.state));
    }
    add(ended, outputs(job, ctx), await provenance(job, ctx), replay(job, ctx));
  })().catch(x => {
    if (!ctx.signal.aborted) ended.append(h('p', {class: 'error', role: 'alert'}, x.message));
  });
}

function drawFacts(facts, job) {
  const row = (k, v) => v == null || v === '' ? null : [h('dt', {}, k), h('dd', {}, v)];
  fill(facts,
    row('Job', h('code', {}, job.id)),
    row('Service', h('a', {href: '#/services/' + encodeURIComponent(job.serviceName)}, `${job.serviceName}:${job.serviceVersion ?? ''}`)),
    row('Image', h('code', {title: job.image}, shortDigest(job.image))),
    row('Replay of', job.replayOf && h('a', {href: '#/jobs/' + job.replayOf}, job.replayOf)),
    row('Created', when(job.createdAt)), row('Started', when(job.startedAt)), row('Ended', when(job.endedAt)),
    row('Run time', job.startedAt && job.endedAt ? duration(Date.parse(job.endedAt) - Date.parse(job.startedAt)) : null),
    row('Exit code', job.exitCode),
    row('Parameters', Object.keys(job.parameters ?? {}).length ? h('code', {}, JSON.stringify(job.parameters)) : null),
    row('Sandbox', job.sandbox && `user ${job.sandbox.user}, network ${job.sandbox.networkMode}, ` +
      `${job.sandbox.memoryMb} MiB, ${job.sandbox.cpus} CPU, read-only root, ${job.sandbox.timeoutSeconds} s limit`));
}

function inputsTable(job) {
  if (!job.inputs.length) return null;
  return table('Inputs', ['Input', 'From', 'Digest', 'Size'], job.inputs.map(i => h('tr', {},
    h('td', {}, i.name),
    h('td', {}, i.kind === 'volume' ? h('a', {href: '#/volumes/' + i.volumeId}, i.volumeId) : i.kind === 'dataset'
      ? 'dataset ' + i.dataset : i.kind === 'url' ? i.url : 'inline text', i.path ? ' / ' + i.path : ''),
    h('td', {}, i.digest ? h('code', {title: i.digest}, shortDigest(i.digest)) : ''),
    h('td', {}, bytes(i.bytes)))));
}

function eventDetail(e) {
  const d = e.data ?? {};
  const bits = [];
  if (d.bytes != null) bits.push(bytes(d.bytes));
  if (d.files != null) bits.push(d.files + ' files');
  if (d.ms != null) bits.push(duration(d.ms));
  if (d.exitCode != null) bits.push('exit ' + d.exitCode);
  if (d.state) bits.push(d.state);
  if (d.message) bits.push(d.message);
  return bits.length ? ' — ' + bits.join(', ') : '';
}

function outputs(job, ctx) {
  const withFiles = job.outputs.filter(o => o.volumeId);
  if (!withFiles.length) return h('section', {id: 'outputs'});
  const section = h('section', {id: 'outputs', 'aria-labelledby': 'h-outputs'}, h('h3', {id: 'h-outputs'}, 'Outputs'));
  for (const o of withFiles) {
    const browser = fileBrowser(o.volumeId, o.name, ctx);
    section.append(h('p', {class: 'hint'}, `${o.name}: ${o.files ?? 0} files, ${bytes(o.bytes)}, root digest `,
      h('code', {title: o.rootDigest}, shortDigest(o.rootDigest))), browser.el);
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
    table('Signed subjects', ['Output file', 'sha256', 'Now'], (server.subjects ?? []).map(s => h('tr', {},
      h('td', {}, s.name), h('td', {}, h('code', {title: s.expectedSha256}, s.expectedSha256.slice(0, 16) + '…')),
      h('td', {}, s.matches ? 'matches' : 'CHANGED')))),
    h('details', {}, h('summary', {}, 'Statement'), h('pre', {class: 'json'}, JSON.stringify(st, null, 2))),
    h('div', {class: 'actions'},
      h('button', {type: 'button', onclick: () => saveBlob(new Blob([JSON.stringify(envelope, null, 2)], {type: 'application/json'}),
        `${job.id}-provenance.json`)}, 'Download envelope'),
      h('button', {type: 'button', onclick: () => download(`/api/jobs/${job.id}/crate`, `${job.id}-crate.zip`)},
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
