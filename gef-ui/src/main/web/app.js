// Minimal GEF GUI shell: token sign-in kept in sessionStorage, hash routing, service catalog.
const main = document.getElementById('main');
const token = () => sessionStorage.getItem('gef.token');
async function api(path, opts = {}) {
  const r = await fetch(path, {...opts, headers: {...(opts.headers || {}), Authorization: 'Bearer ' + token()}});
  const body = r.headers.get('content-type')?.includes('json') ? await r.json() : await r.text();
  if (!r.ok) throw new Error(body?.message || r.statusText);
  return body;
}
const esc = s => String(s ?? '').replace(/[&<>"]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
function signIn() {
  main.innerHTML = `<h2>Sign in</h2><form id="f"><label for="tok">Access token</label>
    <input id="tok" name="token" type="password" autocomplete="off" required>
    <button type="submit">Sign in</button><p id="err" class="error" role="alert"></p></form>`;
  document.getElementById('f').onsubmit = async e => {
    e.preventDefault();
    sessionStorage.setItem('gef.token', document.getElementById('tok').value);
    try { await api('/api/me'); location.hash = '#/services'; route(); }
    catch (x) { sessionStorage.removeItem('gef.token'); document.getElementById('err').textContent = x.message; }
  };
}
async function services() {
  const list = await api('/api/services');
  main.innerHTML = '<h2>Services</h2><ul>' + (list.services ?? list.items ?? list).map(s =>
    `<li><strong>${esc(s.name)}</strong> ${esc(s.latestVersion)} — ${esc(s.description)}</li>`).join('') + '</ul>';
}
async function route() {
  document.getElementById('nav').innerHTML = token() ? '<a href="#/services">Services</a> <button id="out">Sign out</button>' : '';
  document.getElementById('out')?.addEventListener('click', () => { sessionStorage.removeItem('gef.token'); route(); });
  if (!token()) return signIn();
  try { await services(); } catch (x) { main.innerHTML = `<p class="error" role="alert">${esc(x.message)}</p>`; }
}
addEventListener('hashchange', route); route();
