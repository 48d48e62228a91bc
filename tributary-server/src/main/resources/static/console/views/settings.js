import { api, get, credentials } from '../api.js';
import { h, replace, notice, time } from '../dom.js';

const POLICIES = {
  retry: 'Retry: after a failed attempt, retry at 4 s, 16 s, 64 s … up to 9 times (about 73 hours), then queue.',
  queue: 'Queue: a failed first attempt queues the delivery at once, until you redeliver it.',
};

export async function settings(view) {
  const account = await get('/accounts/me');
  const current = await get(`/accounts/${account.id}/settings`);
  const message = h('div', { id: 'settings-message' });
  const form = h('form', { class: 'card', id: 'settings' },
    h('h2', {}, 'When a callback fails'),
    Object.entries(POLICIES).map(([value, text]) => h('label', { class: 'choice block' },
      h('input', { type: 'radio', name: 'policy', value, id: `policy-${value}`,
        checked: current['notification.webhook.failure.policy'] === value }), ' ', text)),
    message,
    h('button', { type: 'submit', class: 'primary', id: 'save-settings' }, 'Save'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const policy = form.querySelector('input[name=policy]:checked')?.value;
    try {
      await api('PATCH', `/accounts/${account.id}/settings`, { 'notification.webhook.failure.policy': policy });
      replace(message, notice('success', `Saved: failures ${policy === 'queue' ? 'are queued' : 'are retried'}.`));
    } catch (e) {
      replace(message, notice('error', e.message));
    }
  });
  const signOut = h('button', { type: 'button', id: 'settings-sign-out' }, 'Sign out');
  signOut.addEventListener('click', () => {
    credentials.forget();
    window.dispatchEvent(new CustomEvent('tributary:signed-in'));
  });
  replace(view,
    h('h1', {}, 'Account settings'),
    h('dl', { class: 'facts', id: 'account' },
      h('dt', {}, 'Account'), h('dd', {}, `${account.name} (#${account.id})`),
      h('dt', {}, 'External id'), h('dd', {}, account.externalId ?? '—'),
      h('dt', {}, 'Created'), h('dd', {}, time(account.createdDate))),
    form,
    h('p', {}, 'The API behind this console: ', h('a', { href: '/swagger-ui.html', target: '_blank', rel: 'noopener' }, 'Swagger UI'),
      ' and the OpenAPI document at ', h('a', { href: '/v3/api-docs' }, '/v3/api-docs'), '.'),
    signOut);
}
