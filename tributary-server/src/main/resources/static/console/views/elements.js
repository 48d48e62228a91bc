import { get } from '../api.js';
import { h, replace } from '../dom.js';

export async function elements(view) {
  const list = await get('/elements');
  replace(view, h('h1', {}, 'Elements'),
    h('div', { class: 'cards' }, list.map((element) => h('section', { class: 'card element', id: `element-${element.key}` },
      h('h2', {}, element.name),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Key'), h('dd', {}, element.key),
        h('dt', {}, 'Hub'), h('dd', {}, element.hub),
        h('dt', {}, 'Authentication'), h('dd', {}, element.authentication?.type),
        h('dt', {}, 'Events'), h('dd', {}, (element.eventTypes || []).join(', ')),
        h('dt', {}, 'Webhook topics'), h('dd', {}, `${(element.webhookTopics || []).length} supported`)),
      h('a', { class: 'button primary', href: '#/instances/new', id: `authenticate-${element.key}` },
        'Authenticate · Create Instance')))));
}
