'use strict';
(async () => {
  if (!await Console.start('orders')) return;
  const { el, table } = Console;
  const idInput = document.getElementById('order-id');

  async function timeline(id) {
    const box = document.getElementById('timeline');
    history.replaceState(null, '', '/orders.html?id=' + encodeURIComponent(id));
    idInput.value = id;
    try {
      const t = await Console.get('/api/orders/' + encodeURIComponent(id));
      const summary = el('p', { id: 'order-summary' }, 'Order ', el('code', {}, t.order_id), ' of account ', t.account_id || '?', ': ',
        t.settled ? el('span', { class: 'good' }, 'settled') : el('span', { class: 'warn' }, 'waiting on ' + t.waiting_on),
        ' · ' + t.hops.length + ' hops in ' + t.total_ms + ' ms');
      const detail = el('pre', { class: 'hidden', id: 'hop-event' });
      const hops = table([
        ['#', h => t.hops.indexOf(h) + 1],
        ['Event', h => h.type + (h.detail ? ' (' + h.detail + ')' : '')],
        ['Stream', h => h.stream + ' #' + h.sequence],
        ['Time', h => h.time.replace('T', ' ').replace('Z', '')],
        ['Latency', h => h.latency_ms == null ? '' : '+' + h.latency_ms + ' ms'],
      ], t.hops, h => { detail.textContent = h.event ? Console.pretty(h.event) : '(no longer in the stream)'; detail.classList.remove('hidden'); });
      hops.id = 'hops';
      box.replaceChildren(el('div', { class: 'card' }, summary, hops, detail));
    } catch (err) {
      box.replaceChildren(el('p', { class: 'bad', id: 'order-missing' }, err.message));
    }
  }

  async function overview() {
    const seconds = document.getElementById('stuck-seconds').value;
    const o = await Console.get('/api/orders' + (seconds ? '?stuck_after=' + seconds + 's' : ''));
    document.getElementById('stuck-after').textContent = o.stuck_after_s + ' s';
    if (!seconds) document.getElementById('stuck-seconds').value = o.stuck_after_s;
    const stuck = o.stuck.length === 0 ? el('p', { class: 'muted', id: 'no-stuck' }, 'None of the ' + o.indexed + ' indexed orders.')
      : table([['Order', s => s.order_id], ['Last event', s => s.last_event], ['Waiting', s => s.waiting_s + ' s'], ['Waits on', s => s.waiting_on]],
        o.stuck, s => timeline(s.order_id));
    stuck.id = stuck.id || 'stuck-orders';
    document.getElementById('stuck').replaceChildren(stuck);
    const newest = table([['Order', n => n.order_id], ['Last event', n => n.last_event],
      ['', n => n.settled ? el('span', { class: 'good' }, 'settled') : el('span', { class: 'warn' }, 'in flight')]], o.newest, n => timeline(n.order_id));
    newest.id = 'newest-orders';
    document.getElementById('newest').replaceChildren(newest);
  }

  document.getElementById('find').addEventListener('submit', ev => { ev.preventDefault(); timeline(idInput.value.trim()); });
  document.getElementById('stuck-form').addEventListener('submit', ev => { ev.preventDefault(); overview(); });
  const id = new URLSearchParams(location.search).get('id');
  if (id) timeline(id);
  overview();
})();
