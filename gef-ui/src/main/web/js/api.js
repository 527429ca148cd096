// The one place that talks to the server. The token travels only in the Authorization header (never in a URL),
// so live streams use fetch() and read server-sent events from the body instead of EventSource.

const KEY = 'gef.token';
export const token = () => sessionStorage.getItem(KEY);
export const setToken = t => t ? sessionStorage.setItem(KEY, t) : sessionStorage.removeItem(KEY);

/** An error the API answered: {error, message} plus the HTTP status. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function headers(extra = {}) {
  const t = token();
  return t ? {...extra, Authorization: 'Bearer ' + t} : extra;
}

async function failure(r) {
  let body = null;
  try { body = await r.json(); } catch { /* not JSON */ }
  if (r.status === 401) window.dispatchEvent(new CustomEvent('gef:unauthorized', {detail: body?.message}));
  return new ApiError(r.status, body?.error ?? 'http_' + r.status, body?.message ?? `${r.status} ${r.statusText}`);
}

/** JSON request; a plain object body is sent as JSON. Resolves to the parsed answer (null for 204). */
export async function api(path, {method = 'GET', body, signal} = {}) {
  const opts = {method, signal, headers: headers({Accept: 'application/json'})};
  if (body !== undefined) {
    opts.body = JSON.stringify(body);
    opts.headers['Content-Type'] = 'application/json';
  }
  const r = await fetch(path, opts);
  if (!r.ok) throw await failure(r);
  return r.status === 204 ? null : r.json();
}

/**
 * Follows a server-sent-events stream until it ends or {@code signal} aborts; calls onEvent(type, data) with the
 * data parsed as JSON. Resolves when the server closes the stream.
 */
export async function stream(path, onEvent, signal) {
  const r = await fetch(path, {signal, headers: headers({Accept: 'text/event-stream'})});
  if (!r.ok) throw await failure(r);
  const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  try {
    for (;;) {
      const {value, done} = await reader.read();
      if (done) return;
      buf += value;
      let cut;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        let type = 'message';
        const data = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) type = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (data.length) onEvent(type, JSON.parse(data.join('\n')));
      }
    }
  } catch (e) {
    if (e.name !== 'AbortError') throw e;
  }
}

/** Fetches a file with the token and hands it to the browser as a download named {@code filename}. */
export async function download(path, filename, signal) {
  const r = await fetch(path, {signal, headers: headers()});
  if (!r.ok) throw await failure(r);
  saveBlob(await r.blob(), filename);
}

/**
 * Fetches bytes {@code range} ([first, last], inclusive; null: the whole file) of a file for a preview. Answers
 * {blob, size}: size is the whole file's length when the server said it (Content-Range), else null.
 */
export async function preview(path, range, signal) {
  const r = await fetch(path, {signal, headers: headers(range ? {Range: `bytes=${range[0]}-${range[1]}`} : {})});
  if (r.status === 416) return {blob: new Blob([]), size: range[0]};
  if (!r.ok) throw await failure(r);
  const total = /\/(\d+)$/.exec(r.headers.get('Content-Range') ?? '');
  const blob = await r.blob();
  return {blob, size: total ? Number(total[1]) : r.status === 200 ? blob.size : null};
}

/** Hands a blob to the browser as a download named {@code filename}. */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), {href: url, download: filename});
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/** Sends a body with PUT or POST, reporting progress (fetch cannot report upload progress; XHR can). */
export function upload(method, path, body, onProgress, contentType) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open(method, path);
    for (const [k, v] of Object.entries(headers(contentType ? {'Content-Type': contentType} : {}))) {
      x.setRequestHeader(k, v);
    }
    x.upload.onprogress = e => e.lengthComputable && onProgress?.(e.loaded, e.total);
    x.onload = () => {
      let json = null;
      try { json = JSON.parse(x.responseText); } catch { /* empty */ }
      if (x.status >= 200 && x.status < 300) resolve(json);
      else reject(new ApiError(x.status, json?.error ?? 'http_' + x.status, json?.message ?? x.statusText));
    };
    x.onerror = () => reject(new ApiError(0, 'network', 'the upload was cut off (network error)'));
    x.send(body);
  });
}

/** A path segment list → URL path, each segment escaped (file names may hold spaces, '#', '?'). */
export const encodePath = p => p.split('/').map(encodeURIComponent).join('/');
