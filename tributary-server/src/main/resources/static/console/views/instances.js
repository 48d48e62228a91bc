import { api, get, getAll } from '../api.js';
import { h, replace, notice, time, field, setFieldError, clearFieldErrors } from '../dom.js';
import { fieldOf } from './create-instance.js';
import { activityChart } from './chart.js';

let stopChart = null;
const yesNo = (value) => h('span', { class: value ? 'yes' : 'no' }, value ? 'yes' : 'no');

export async function instanceList(view) {
  const { items } = await getAll('/instances', 10);
  replace(view,
    h('div', { class: 'title-row' }, h('h1', {}, 'Instances'),
      h('a', { class: 'button primary', href: '#/instances/new', id: 'new-instance' }, 'Create Instance')),
    items.length === 0
      ? notice('info', 'No instance yet. ', h('a', { href: '#/instances/new' }, 'Connect a Shopify store'), ' to start receiving its events.')
      : h('table', { class: 'list', id: 'instances' },
        h('thead', {}, h('tr', {}, ['ID', 'Name', 'Shop', 'Valid', 'Events enabled', 'Tags', 'Topics'].map((c) => h('th', {}, c)))),
        h('tbody', {}, items.map((instance) => h('tr', { dataset: { instanceId: instance.id } },
          h('td', {}, instance.id),
          h('td', {}, h('a', { href: `#/instances/${instance.id}` }, instance.name)),
          h('td', {}, instance.configuration['shopify.site.address'] || ''),
          h('td', {}, yesNo(instance.valid)),
          h('td', {}, yesNo(instance.eventsEnabled)),
          h('td', {}, (instance.tags || []).map((tag) => h('span', { class: 'tag' }, tag))),
          h('td', { class: 'topics' }, instance.configuration['shopify.webhook.topics'] || '—'))))));
}

export async function instanceDetail(view, id) {
  stopChart?.();
  const instance = await get(`/instances/${id}`);
  const configuration = instance.configuration;
  const message = h('div', { id: 'instance-message' });
  const chartPlace = h('div', { class: 'chart-place' });

  const toggle = h('button', { type: 'button', id: 'toggle-events' }, instance.eventsEnabled ? 'Disable events' : 'Enable events');
  toggle.addEventListener('click', async () => {
    try {
      await api('PATCH', `/instances/${id}`, { configuration: { 'event.notification.enabled': !instance.eventsEnabled } });
      instanceDetail(view, id);
    } catch (e) {
      replace(message, notice('error', e.message));
    }
  });

  const remove = h('button', { type: 'button', class: 'danger', id: 'delete-instance' }, 'Delete');
  remove.addEventListener('click', () => replace(message, notice('warning',
    `Delete ${instance.name}? Its topics are unsubscribed at Shopify and its undelivered deliveries cancelled. `,
    h('button', { type: 'button', class: 'danger', id: 'confirm-delete', onclick: () => deleteInstance(view, instance, message) },
      'Delete for good'), ' ',
    h('button', { type: 'button', onclick: () => replace(message) }, 'Keep it'))));

  const subscriptionIds = (configuration['event.notification.subscription.id'] || '').split(',').filter(Boolean);
  replace(view,
    h('div', { class: 'title-row' },
      h('h1', {}, instance.name, ' ', h('span', { class: 'muted' }, `#${instance.id}`)),
      h('div', { class: 'actions' },
        h('a', { class: 'button', href: `#/instances/${id}/events`, id: 'open-events' }, 'Events'),
        h('a', { class: 'button', href: `#/deliveries?instance=${id}`, id: 'open-deliveries' }, 'Deliveries'),
        toggle, remove)),
    message,
    h('dl', { class: 'facts' },
      h('dt', {}, 'Shop'), h('dd', {}, configuration['shopify.site.address'] || ''),
      h('dt', {}, 'Valid'), h('dd', {}, yesNo(instance.valid), instance.invalidReason ? ` (${instance.invalidReason})` : ''),
      h('dt', {}, 'Events enabled'), h('dd', { id: 'events-enabled' }, yesNo(instance.eventsEnabled)),
      h('dt', {}, 'Tags'), h('dd', {}, (instance.tags || []).map((tag) => h('span', { class: 'tag' }, tag))),
      h('dt', {}, 'Created'), h('dd', {}, time(instance.createdDate)),
      h('dt', {}, 'Updated'), h('dd', {}, time(instance.updatedDate))),
    h('h2', {}, 'Last hour'), chartPlace,
    h('h2', {}, 'Subscriptions at Shopify'),
    subscriptionIds.length === 0
      ? h('p', { class: 'muted' }, 'None: events are off or this instance polls.')
      : h('dl', { class: 'facts', id: 'subscriptions' },
        h('dt', {}, 'Topics'), h('dd', {}, `${configuration['shopify.webhook.topics'] || ''}, app/uninstalled`),
        h('dt', {}, 'Subscription ids'), h('dd', {}, subscriptionIds.map((sid) => h('div', {}, h('code', {}, sid))))),
    h('h2', {}, 'Configuration'),
    h('table', { class: 'list', id: 'configuration' },
      h('tbody', {}, Object.entries(configuration).map(([key, value]) => h('tr', {},
        h('th', {}, key), h('td', {}, h('code', {}, value)))))),
    editForm(view, instance));

  stopChart = activityChart(chartPlace, id);
  return () => stopChart?.();
}

async function deleteInstance(view, instance, message) {
  try {
    const { data } = await api('DELETE', `/instances/${instance.id}`);
    const left = data.subscriptionsLeftAtShopify || [];
    replace(view, notice('success', h('p', { id: 'deleted-message' }, data.message || `Instance ${instance.name} deleted.`),
      left.length ? h('ul', {}, left.map((l) => h('li', {}, `${l.topic} (${l.shopifyId}): ${l.reason}`))) : null,
      h('a', { href: '#/instances' }, 'Back to instances')));
  } catch (e) {
    replace(message, notice('error', e.message));
  }
}

function editForm(view, instance) {
  const c = instance.configuration;
  const input = (value, attributes = {}) => h('input', { type: 'text', value: value ?? '', ...attributes });
  const error = h('div');
  const form = h('form', { class: 'card', id: 'edit-instance', novalidate: true },
    h('h2', {}, 'Edit configuration'),
    field('name', 'Name', input(instance.name)),
    field('tags', 'Element Instance Tags', input((instance.tags || []).join(', '))),
    field('topics', 'Webhook Topics', input(c['shopify.webhook.topics'])),
    field('callbackUrl', 'Event Notification Callback URL', input(c['event.notification.callback.url'])),
    field('signatureKey', 'Callback Notification Signature Key', input('', { type: 'password', autocomplete: 'off',
      placeholder: c['event.notification.signature.key'] ? 'unchanged (set)' : 'not set' })),
    field('pollInterval', 'Refresh interval (minutes)', input(c['event.poller.refresh_interval'])),
    error,
    h('button', { type: 'submit', class: 'primary', id: 'save-instance' }, 'Save'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    replace(error);
    const value = (id) => form.querySelector(`#${id}`).value.trim();
    const changes = {};
    const keep = (key, id) => { if (value(id) !== (c[key] ?? '')) changes[key] = value(id); };
    keep('shopify.webhook.topics', 'topics');
    keep('event.notification.callback.url', 'callbackUrl');
    keep('event.poller.refresh_interval', 'pollInterval');
    if (value('signatureKey')) changes['event.notification.signature.key'] = value('signatureKey');
    const patch = {
      name: value('name'),
      tags: value('tags').split(',').map((t) => t.trim()).filter(Boolean),
      ...(Object.keys(changes).length ? { configuration: changes } : {}),
    };
    try {
      await api('PATCH', `/instances/${instance.id}`, patch);
      await instanceDetail(view, instance.id);
      replace(view.querySelector('#instance-message'), notice('success', 'Saved.'));
    } catch (e) {
      const id = fieldOf(e.message);
      if (!(id && setFieldError(form, id, e.message))) replace(error, notice('error', e.message));
    }
  });
  return form;
}
