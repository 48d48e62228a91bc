import { api, get, literal, query } from '../api.js';
import { h, replace, notice, time, json } from '../dom.js';

export async function instanceEvents(view, id) {
  const instance = await get(`/instances/${id}`);
  const rows = h('tbody');
  const detail = h('section', { id: 'event-detail' });
  const more = h('button', { type: 'button', id: 'older-events', hidden: true }, 'Older events');
  const objectType = h('input', { type: 'text', id: 'filter-object-type', placeholder: 'orders' });
  const eventType = h('select', { id: 'filter-event-type' },
    ['', 'CREATED', 'UPDATED', 'DELETED'].map((t) => h('option', { value: t }, t || 'any')));
  let next = null;

  const load = async (append) => {
    const { data, nextPage } = await api('GET', `/instances/${id}/events${query({
      objectType: objectType.value.trim(), eventType: eventType.value, pageSize: 50, nextPage: append ? next : null,
    })}`);
    if (!append) rows.replaceChildren();
    for (const event of data) rows.append(row(event, detail));
    if (!append && data.length === 0) {
      rows.append(h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'No events yet. Make a change in the shop and it appears here.')));
    }
    next = nextPage;
    more.hidden = !next;
  };
  more.addEventListener('click', () => load(true));
  const filters = h('form', { class: 'filters', id: 'event-filters' },
    h('label', {}, 'Object type ', objectType), h('label', {}, 'Event type ', eventType),
    h('button', { type: 'submit' }, 'Filter'),
    h('button', { type: 'button', id: 'refresh-events', onclick: () => load(false) }, 'Refresh'));
  filters.addEventListener('submit', (event) => { event.preventDefault(); load(false); });

  replace(view,
    h('div', { class: 'title-row' },
      h('h1', {}, 'Events of ', h('a', { href: `#/instances/${id}` }, instance.name))),
    filters,
    h('table', { class: 'list clickable', id: 'events' },
      h('thead', {}, h('tr', {}, ['Time', 'Topic', 'Object type', 'Object id', 'Event type', 'Source', ''].map((c) => h('th', {}, c)))),
      rows),
    more,
    detail);
  await load(false);
}

function row(event, detail) {
  const open = h('button', { type: 'button', class: 'small', dataset: { eventId: event.eventId } }, 'Open');
  const tr = h('tr', { dataset: { eventId: event.eventId } },
    h('td', {}, time(event.eventDate)),
    h('td', {}, event.providerEventType),
    h('td', {}, event.objectType),
    h('td', {}, event.objectId ?? ''),
    h('td', {}, event.eventType),
    h('td', {}, h('span', { class: `source ${event.source}` }, event.source)),
    h('td', {}, open));
  open.addEventListener('click', () => showEvent(event, detail));
  return tr;
}

async function showEvent(event, detail) {
  replace(detail, h('p', { class: 'muted' }, 'Loading…'));
  try {
    const where = `eventId = ${literal(event.eventId)}`;
    const { data: deliveries } = await api('GET', `/notifications/subscriptions/deliveries?where=${encodeURIComponent(where)}`);
    const notification = deliveries[0]?.payload;
    replace(detail,
      h('h2', {}, `${event.providerEventType} · ${event.objectType} ${event.objectId ?? ''}`),
      h('p', { class: 'muted' }, `Event ${event.eventId}, ${event.source}, `, time(event.eventDate), '. ',
        deliveries.length ? h('a', { href: `#/deliveries?event=${encodeURIComponent(event.eventId)}` },
          `${deliveries.length} deliver${deliveries.length === 1 ? 'y' : 'ies'}: ${deliveries.map((d) => d.status).join(', ')}`) : 'No delivery was made (events were off).'),
      notification ? [
        h('h3', {}, 'Shopify\'s body (raw)'), h('div', { id: 'raw-body' }, json(notification.message?.raw)),
        h('h3', {}, 'Notification sent to the callback'), h('div', { id: 'notification-body' }, json(notification)),
      ] : null);
    detail.scrollIntoView?.({ block: 'start' });
  } catch (e) {
    replace(detail, notice('error', e.message));
  }
}
