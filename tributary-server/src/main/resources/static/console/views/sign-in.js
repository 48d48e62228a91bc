import { api, credentials } from '../api.js';
import { h, replace, field, notice } from '../dom.js';

export async function signIn(view) {
  const user = h('input', { type: 'password', autocomplete: 'off', required: true });
  const organization = h('input', { type: 'password', autocomplete: 'off', required: true });
  const message = h('div', { id: 'sign-in-error' });
  const form = h('form', { class: 'card narrow', id: 'sign-in' },
    h('h1', {}, 'Sign in'),
    h('p', {}, 'Use your user secret and your organization secret. A fresh install wrote both to ',
      h('code', {}, 'data/bootstrap-credentials'),
      ' (in the data directory, ', h('code', {}, 'TRIBUTARY_DATA_DIR'), ') as ',
      h('code', {}, 'TRIBUTARY_USER_SECRET'), ' and ', h('code', {}, 'TRIBUTARY_ORGANIZATION_SECRET'), '.'),
    field('user-secret', 'User secret', user),
    field('organization-secret', 'Organization secret', organization),
    message,
    h('button', { type: 'submit', class: 'primary', id: 'sign-in-button' }, 'Sign in'),
    h('p', { class: 'muted small' }, 'The secrets stay in this browser tab only and are forgotten when you sign out or close it.'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const given = { user: user.value.trim(), organization: organization.value.trim() };
    replace(message);
    try {
      await api('GET', '/accounts/me', undefined, given);
      credentials.set(given.user, given.organization);
      window.dispatchEvent(new CustomEvent('tributary:signed-in'));
    } catch (e) {
      replace(message, notice('error', e.message));
    }
  });
  replace(view, form);
  user.focus();
}
