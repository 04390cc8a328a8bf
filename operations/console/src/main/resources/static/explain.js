'use strict';
(async () => {
  if (!await Console.start('explain')) return;
  const { el, table } = Console;
  const form = document.getElementById('ask');
  const params = new URLSearchParams(location.search);
  for (const [name, id] of [['subject', 'subject'], ['action', 'action'], ['resource_type', 'resource-type'], ['resource_id', 'resource-id']])
    if (params.get(name)) document.getElementById(id).value = params.get(name);

  async function explain() {
    const query = new URLSearchParams(new FormData(form));
    history.replaceState(null, '', '/explain.html?' + query);
    const box = document.getElementById('answer');
    try {
      const a = await Console.get('/api/explain?' + query);
      const verdict = el('p', { class: 'verdict', id: 'verdict' }, a.question + ': ',
        a.allowed ? el('span', { class: 'good' }, 'ALLOW') : el('span', { class: 'bad' }, 'DENY'));
      const why = el('p', { id: 'matched' }, a.matched_policy ? ['Matching policy: ', el('code', {}, a.matched_policy)]
        : 'No policy matches: denied by default.');
      const revision = el('p', {}, 'authzsvc revision for this subject: ', el('code', { id: 'authz-revision' }, a.authz_revision));
      const caches = table([
        ['Instance', i => i.service + ' ' + i.url],
        ['Cached revision for subject', i => i.cached_revision == null ? '—' : i.cached_revision],
        ['Received revision', i => i.received_revision == null ? '—' : i.received_revision],
        ['State', i => el('span', { class: i.state === 'stale' ? 'bad' : i.state === 'current' ? 'good' : 'muted' }, i.state)],
      ], a.instances);
      caches.id = 'caches';
      box.replaceChildren(el('div', { class: 'card' }, verdict, why, revision), el('h2', {}, 'Each instance\'s cache'), caches);
    } catch (err) {
      box.replaceChildren(el('p', { class: 'bad', id: 'explain-error' }, err.message));
    }
  }
  form.addEventListener('submit', ev => { ev.preventDefault(); explain(); });
  if (params.get('subject')) explain();
})();
