'use strict';
(async () => {
  if (!await Console.start('deadletters')) return;
  const { el, table } = Console;
  const status = document.getElementById('status');
  let page = 0, total = 0;
  const SIZE = 50;

  async function list() {
    const d = await Console.get('/api/deadletters?page=' + page + '&size=' + SIZE);
    total = d.total;
    document.getElementById('total').textContent = '(' + d.total + ')';
    const t = table([['Seq', l => l.sequence], ['Service', l => l.service], ['Event', l => l.event], ['Kind', l => l.kind],
      ['Tries', l => l.deliveries], ['Reason', l => l.reason]], d.items, l => open(l.sequence));
    t.id = 'letters-table';
    document.getElementById('letters').replaceChildren(d.items.length ? t : el('p', { class: 'muted', id: 'no-letters' }, 'No dead letters.'));
  }

  async function open(sequence) {
    const l = await Console.get('/api/deadletters/' + sequence);
    document.getElementById('letter-title').textContent = 'Dead letter ' + l.sequence + ': ' + l.kind + ' at ' + l.service;
    const original = document.getElementById('original');
    original.textContent = 'Subject: ' + l.subject + '\nReason: ' + l.reason + '\n\n' + Console.pretty(l.original);
    original.classList.remove('hidden');
    document.getElementById('letter-actions').replaceChildren(el('button', { type: 'button', id: 'replay-one', onclick: () => replay(l.sequence) }, 'Replay ' + l.sequence + '…'));
  }

  async function replay(sequence) {
    if (!confirm('Publish dead letter ' + sequence + ' again on its subject? Services that handled it already skip it.')) return;
    const r = await Console.post('/api/deadletters/' + sequence + '/replay');
    status.textContent = 'Replayed ' + r.replayed.join(', ');
    document.getElementById('letter-actions').replaceChildren();
    await list();
  }

  document.getElementById('replay-all').addEventListener('click', async () => {
    if (!confirm('Replay all ' + total + ' dead letters?')) return;
    const r = await Console.post('/api/deadletters/replay-all');
    status.textContent = 'Replayed ' + r.replayed.length;
    await list();
  });
  document.getElementById('refresh').addEventListener('click', list);
  document.getElementById('previous').addEventListener('click', () => { if (page > 0) { page--; list(); } });
  document.getElementById('next').addEventListener('click', () => { if ((page + 1) * SIZE < total) { page++; list(); } });
  await list();
})();
