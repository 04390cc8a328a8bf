// What every console page shares: the header, the signed-in admin, JSON calls with the CSRF token.
'use strict';
const Console = (() => {
  let session = null;
  const views = [['events', 'Live events'], ['orders', 'Orders'], ['explain', 'Authorization'],
                 ['deadletters', 'Dead letters'], ['health', 'Health']];

  function el(tag, attrs = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
    }
    for (const c of children.flat()) e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
    return e;
  }

  async function start(view) {
    const res = await fetch('/api/session', { headers: { Accept: 'application/json' } });
    if (res.status === 401) { location.href = '/login'; return null; }
    session = await res.json();
    const logout = el('form', { method: 'post', action: '/logout' },
      el('input', { type: 'hidden', name: '_csrf', value: session.csrf_token }),
      el('button', { type: 'submit', class: 'secondary', id: 'sign-out' }, 'Sign out'));
    const header = el('header', {}, el('strong', {}, 'Marketbus console'),
      el('nav', {}, views.map(([id, name]) => el('a', { href: '/' + id + '.html', class: id === view ? 'here' : '', id: 'nav-' + id }, name))),
      el('span', { class: 'who', id: 'who' }, session.email), logout);
    document.body.prepend(header);
    return session;
  }

  async function call(method, url) {
    const headers = { Accept: 'application/json' };
    if (method !== 'GET') headers[session.csrf_header] = session.csrf_token;
    const res = await fetch(url, { method, headers });
    if (res.status === 401) { location.href = '/login'; throw new Error('signed out'); }
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(body.detail || body.message || ('HTTP ' + res.status));
    return body;
  }

  function table(columns, rows, onClick) {
    return el('table', {}, el('thead', {}, el('tr', {}, columns.map(c => el('th', {}, c[0])))),
      el('tbody', {}, rows.map(r => {
        const tr = el('tr', onClick ? { class: 'clickable' } : {}, columns.map(c => el('td', {}, c[1](r))));
        if (onClick) tr.addEventListener('click', () => onClick(r));
        return tr;
      })));
  }

  function pretty(text) {
    try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return text; }
  }

  return { start, call, el, table, pretty, get: url => call('GET', url), post: url => call('POST', url) };
})();
