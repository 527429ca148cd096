// Publishing: choose a build context (a folder with a Dockerfile, or a .tar), watch the build log live, see the
// outcome and the policy decision taken on the image.
import {stream, upload} from './api.js';
import {fill, h, shortDigest, table} from './dom.js';
import {tar} from './tar.js';

export async function page(main, {signal}) {
  const folder = h('input', {id: 'context-folder', type: 'file', webkitdirectory: true, multiple: true});
  const tarFile = h('input', {id: 'context-tar', type: 'file', accept: '.tar,application/x-tar'});
  const bar = h('progress', {id: 'publish-progress', max: 100, value: 0, hidden: true});
  const error = h('p', {id: 'publish-error', class: 'error', role: 'alert'});
  const result = h('section', {id: 'build', 'aria-live': 'polite'});
  const button = h('button', {type: 'submit', id: 'publish-btn'}, 'Build and publish');
  fill(main, h('h2', {tabindex: '-1'}, 'Publish a service'),
    h('p', {}, 'The build context holds a Dockerfile whose labels describe the service (',
      h('code', {}, 'eudat.gef.service.*'), '). GEF builds it, checks the annotations and the registry policy, signs ',
      'the image and adds it to the catalog.'),
    h('form', {id: 'publish-form', onsubmit: async e => {
      e.preventDefault();
      error.textContent = '';
      try {
        const body = tarFile.files[0] ?? await contextOf([...folder.files]);
        button.disabled = true;
        bar.hidden = false;
        const build = await upload('POST', '/api/services/builds', body, (d, t) => { bar.value = Math.round(100 * d / t); },
          'application/x-tar');
        await follow(build, result, signal);
      } catch (x) {
        error.textContent = x.message;
      } finally {
        button.disabled = false;
      }
    }}, h('fieldset', {}, h('legend', {}, 'Build context'),
      h('label', {for: 'context-folder'}, 'A folder (with its Dockerfile at the top)'), folder,
      h('label', {for: 'context-tar'}, 'or a .tar of it'), tarFile),
    button, bar),
    error, result);
}

/** The chosen folder's files at their paths below the folder itself (the browser prefixes the folder's name). */
async function contextOf(files) {
  if (!files.length) throw new Error('Choose a folder or a .tar file first.');
  const entries = files.map(f => ({path: f.webkitRelativePath.split('/').slice(1).join('/') || f.name, file: f}))
    .filter(e => !e.path.startsWith('test/')); // examples keep their test data beside the context
  if (!entries.some(e => e.path === 'Dockerfile')) throw new Error('The folder has no Dockerfile at its top.');
  return tar(entries);
}

async function follow(build, result, signal) {
  const log = h('pre', {id: 'build-log', tabindex: '0', 'aria-label': 'Build log'});
  const state = h('p', {id: 'build-state'}, `Build ${build.id}: ${build.state}`);
  const outcome = h('div', {id: 'build-outcome'});
  fill(result, h('h3', {}, 'Build'), state, log, outcome);
  let final = build;
  await stream(`/api/services/builds/${build.id}/log?follow=true`, (type, data) => {
    if (type === 'log') {
      log.append(data + '\n');
      log.scrollTop = log.scrollHeight;
      state.textContent = `Build ${build.id}: RUNNING`;
    } else if (type === 'end') {
      final = data;
    }
  }, signal);
  state.textContent = `Build ${final.id}: ${final.state}${final.outcome ? ' — ' + final.outcome : ''}`;
  state.className = final.state === 'SUCCEEDED' && final.outcome !== 'CONFLICT' ? 'ok' : 'error';
  fill(outcome,
    final.error ? h('p', {class: 'error'}, final.error) : null,
    final.service ? h('p', {}, 'Service ', h('a', {href: '#/services/' + encodeURIComponent(final.service)},
      `${final.service}:${final.version}`), final.digest ? [' as ', h('code', {title: final.digest}, shortDigest(final.digest))] : '') : null,
    final.policy ? policyTable(final.policy) : null);
}

export function policyTable(decision) {
  return [h('p', {id: 'policy-decision', class: decision.allowed ? 'ok' : 'error'},
    'Policy decision: ', decision.allowed ? 'allowed' : 'denied'),
  table('Policy rules', ['Rule', 'Kind', 'Mode', 'Result', 'Reason'], (decision.results ?? []).map(r => h('tr', {},
    h('td', {}, r.rule), h('td', {}, r.type), h('td', {}, r.mode), h('td', {}, r.passed ? 'passed' : 'FAILED'), h('td', {}, r.reason))))];
}
