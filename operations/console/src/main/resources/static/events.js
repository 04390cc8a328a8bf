'use strict';
(async () => {
  if (!await Console.start('events')) return;
  const { el } = Console;
  const rows = document.getElementById('events');
  const state = document.getElementById('state');
  const count = document.getElementById('count');
  const pauseButton = document.getElementById('pause');
  const MAX_ROWS = 500; // the page keeps the newest; the console keeps more, and filters on the server
  let source = null, paused = false, held = [], seen = 0;

  const params = new URLSearchParams(location.search);
  for (const f of ['type', 'service', 'order', 'account']) if (params.get(f)) document.getElementById('f-' + f).value = params.get(f);

  function show(e) {
    const tr = el('tr', { class: 'clickable', 'data-type': e.type, 'data-order': e.order_id || '' },
      el('td', { class: 'mono' }, e.seen_at.substring(11, 23)), el('td', { class: 'mono' }, e.subject),
      el('td', {}, e.type), el('td', { class: 'mono' }, e.order_id ? el('a', { href: '/orders.html?id=' + e.order_id }, e.order_id.substring(0, 8)) : ''),
      el('td', {}, e.account_id || ''));
    tr.addEventListener('click', () => open(e.id));
    rows.prepend(tr);
    while (rows.children.length > MAX_ROWS) rows.lastChild.remove();
    count.textContent = '(' + (++seen) + ' shown)';
  }

  async function open(id) {
    const detail = document.getElementById('detail');
    try {
      const e = await Console.get('/api/events/' + id);
      document.getElementById('detail-title').textContent = e.type + ' on ' + e.subject;
      detail.textContent = Console.pretty(e.body);
    } catch (err) { detail.textContent = err.message; }
    detail.classList.remove('hidden');
  }

  function connect() {
    if (source) source.close();
    rows.replaceChildren(); seen = 0; held = [];
    const form = new FormData(document.getElementById('filters'));
    const query = new URLSearchParams();
    for (const [k, v] of form) if (v) query.set(k, v);
    source = new EventSource('/api/events/stream?' + query);
    source.addEventListener('open', () => { state.textContent = paused ? 'paused' : 'live'; });
    source.addEventListener('error', () => { state.textContent = 'reconnecting…'; });
    source.addEventListener('bus', m => {
      const e = JSON.parse(m.data);
      if (paused) { held.push(e); state.textContent = 'paused (' + held.length + ' waiting)'; } else show(e);
    });
  }

  document.getElementById('filters').addEventListener('submit', ev => { ev.preventDefault(); connect(); });
  pauseButton.addEventListener('click', () => {
    paused = !paused;
    pauseButton.textContent = paused ? 'Resume' : 'Pause';
    if (!paused) { held.forEach(show); held = []; state.textContent = 'live'; } else state.textContent = 'paused';
  });
  connect();
})();
