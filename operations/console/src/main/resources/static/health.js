'use strict';
(async () => {
  if (!await Console.start('health')) return;
  const { el, table } = Console;
  const fixed = v => v == null ? '—' : (Math.round(v * 10) / 10);

  async function load() {
    const h = await Console.get('/api/health');
    const js = h.nats.jetstream;
    document.getElementById('nats').replaceChildren(el('p', { id: 'nats-version' }, 'NATS ', el('code', {}, h.nats.server_version),
      ' at ', h.nats.url, ' (', h.nats.server_name, ')'),
      el('p', {}, 'JetStream: ' + js.streams + ' streams, ' + js.consumers + ' consumers, ' + js.storage + ' bytes stored, ' + js.memory + ' in memory'));
    const inst = table([['Service', i => i.service], ['URL', i => i.url],
      ['Status', i => el('span', { class: i.status === 'UP' ? 'good' : 'bad' }, i.status)],
      ['Outbox backlog', i => fixed(i.outbox_backlog)], ['Oldest row age (s)', i => fixed(i.outbox_oldest_age_s)]], h.instances);
    inst.id = 'instances-table';
    document.getElementById('instances').replaceChildren(inst);
    const cons = table([['Stream', c => c.stream], ['Consumer', c => c.consumer],
      ['Pending', c => el('span', { class: c.pending > 0 ? 'warn' : '' }, c.pending)], ['Ack pending', c => c.ack_pending],
      ['Redelivered', c => c.redelivered]], h.consumers);
    cons.id = 'consumers-table';
    document.getElementById('consumers').replaceChildren(cons);
    document.getElementById('streams').replaceChildren(table([['Stream', s => s.stream], ['Messages', s => s.messages ?? s.state],
      ['Bytes', s => s.bytes ?? ''], ['Sequences', s => s.first_sequence == null ? '' : s.first_sequence + '–' + s.last_sequence],
      ['Consumers', s => s.consumers ?? '']], h.streams));
  }
  document.getElementById('refresh').addEventListener('click', load);
  await load();
})();
