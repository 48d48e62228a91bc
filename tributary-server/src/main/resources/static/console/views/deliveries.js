// Deliveries by status with the API's `where` language, their attempts, and Redeliver (the PUT).
import { api, getAll, literal } from '../api.js';
import { h, replace, notice, time, json } from '../dom.js';

const STATUSES = ['all', 'pending', 'retrying', 'delivered', 'queued', 'cancelled'];
const SHOWN = 100;

export async function deliveries(view) {
  const parameters = new URLSearchParams(location.hash.split('?')[1] || '');
  const scope = [];
  if (parameters.get('instance')) scope.push(`instanceId = ${Number(parameters.get('instance'))}`);
  if (parameters.get('event')) scope.push(`eventId = ${literal(parameters.get('event'))}`);
  let status = parameters.get('status') || 'all';

  const where = h('input', { type: 'text', id: 'where', class: 'wide' });
  const counts = h('div', { class: 'counts', id: 'delivery-counts' });
  const message = h('div', { id: 'deliveries-message' });
  const list = h('div', { id: 'delivery-list' });
  const tabs = h('div', { class: 'tabs', role: 'tablist' }, STATUSES.map((s) => h('button', {
    type: 'button', role: 'tab', id: `status-${s}`, dataset: { status: s },
    onclick: () => { status = s; where.value = expression(scope, status); load(); },
  }, s)));
  where.value = expression(scope, status);

  const load = async () => {
    tabs.querySelectorAll('button').forEach((tab) => tab.setAttribute('aria-selected', String(tab.dataset.status === status)));
    replace(list, h('p', { class: 'muted' }, 'Loading…'));
    try {
      const [matching, queued, retrying] = await Promise.all([
        getAll(path(where.value), 10),
        getAll(path(expression(scope, 'queued')), 4),
        getAll(path(expression(scope, 'retrying')), 4),
      ]);
      const plus = (result) => `${result.items.length}${result.complete ? '' : '+'}`;
      replace(counts,
        h('span', { class: 'count queued', id: 'queued-count' }, `${plus(queued)} queued`),
        h('span', { class: 'count retrying', id: 'retrying-count' }, `${plus(retrying)} failing and retrying`),
        queued.items.length ? h('button', { type: 'button', id: 'redeliver-all', onclick: () => redeliver(expression(scope, 'queued'), message, load) },
          'Redeliver all queued') : null);
      const newestFirst = matching.items.slice().reverse();
      replace(list, newestFirst.length === 0
        ? h('p', { class: 'muted' }, 'No delivery matches.')
        : h('table', { class: 'list', id: 'deliveries' },
          h('thead', {}, h('tr', {}, ['ID', 'Created', 'Instance', 'Status', 'Callback', 'Attempts', 'Next attempt', ''].map((c) => h('th', {}, c)))),
          newestFirst.slice(0, SHOWN).map((delivery) => rows(delivery, message, load))),
        newestFirst.length > SHOWN ? h('p', { class: 'muted' }, `The newest ${SHOWN} of ${plus(matching)} are shown; narrow the expression to see others.`) : null);
    } catch (e) {
      replace(list, notice('error', e.message));
    }
  };

  const form = h('form', { class: 'filters', id: 'where-form' },
    h('label', { for: 'where' }, 'where'), where, h('button', { type: 'submit' }, 'Apply'));
  form.addEventListener('submit', (event) => { event.preventDefault(); load(); });
  replace(view, h('h1', {}, 'Deliveries'), tabs, form,
    h('p', { class: 'hint' }, 'Fields: channel, status, config.url, instanceId, eventId, createdDate; operators = != > >= < <= in (…); terms joined by and.'),
    counts, message, list);
  await load();
}

function expression(scope, status) {
  return [...scope, ...(status === 'all' ? [] : [`status = ${literal(status)}`])].join(' and ');
}

function path(where) {
  return `/notifications/subscriptions/deliveries${where.trim() ? `?where=${encodeURIComponent(where.trim())}` : ''}`;
}

async function redeliver(where, message, reload) {
  try {
    const { data } = await api('PUT', path(where));
    const count = data.count;
    replace(message, notice('success', `Redelivering ${count} queued deliver${count === 1 ? 'y' : 'ies'}, oldest first.`));
    setTimeout(reload, 1000);
  } catch (e) {
    replace(message, notice('error', e.message));
  }
}

function rows(delivery, message, reload) {
  const attempts = delivery.attempts || [];
  const last = attempts[attempts.length - 1];
  const details = h('tr', { class: 'details', hidden: true },
    h('td', { colspan: 8 },
      attempts.length === 0 ? h('p', { class: 'muted' }, 'No attempt yet.') : h('table', { class: 'attempts' },
        h('thead', {}, h('tr', {}, ['Time', 'Status code', 'Error', 'Duration'].map((c) => h('th', {}, c)))),
        h('tbody', {}, attempts.map((a) => h('tr', {},
          h('td', {}, time(a.time)), h('td', {}, a.statusCode ?? '—'), h('td', {}, a.error ?? ''),
          h('td', {}, a.durationMs === null || a.durationMs === undefined ? '' : `${a.durationMs} ms`))))),
      h('h4', {}, 'Notification'), json(delivery.payload)));
  const toggle = h('button', { type: 'button', class: 'small', onclick: () => { details.hidden = !details.hidden; } }, 'Attempts');
  const actions = [toggle];
  if (delivery.status === 'queued') {
    actions.push(' ', h('button', { type: 'button', class: 'small primary', dataset: { redeliver: delivery.id },
      onclick: () => redeliver(`eventId = ${literal(delivery.eventId)} and instanceId = ${delivery.instanceId} and status = 'queued'`, message, reload),
    }, 'Redeliver'));
  }
  return h('tbody', { dataset: { deliveryId: delivery.id } },
    h('tr', {},
      h('td', {}, delivery.id),
      h('td', {}, time(delivery.createdDate)),
      h('td', {}, h('a', { href: `#/instances/${delivery.instanceId}` }, `#${delivery.instanceId}`)),
      h('td', {}, h('span', { class: `status ${delivery.status}` }, delivery.status)),
      h('td', { class: 'url' }, delivery.config?.url ?? ''),
      h('td', {}, `${attempts.length}${last ? ` · last ${last.statusCode ?? last.error ?? ''}` : ''}`),
      h('td', {}, time(delivery.nextAttemptDate)),
      h('td', {}, actions)),
    details);
}
