// "Configure webhooks through the UI", in the seed's steps and words: the form, the trip to
// Shopify's authorize page, and the return that creates the instance with the code.
import { api, get, query } from '../api.js';
import { h, replace, field, notice, copyButton, setFieldError, clearFieldErrors } from '../dom.js';

const PENDING = 'tributary.console.pending';
const returnUrl = () => `${location.origin}/console/oauth/return`;

export async function createInstance(view, restored) {
  const element = await get('/elements/shopify');
  const values = restored?.values || {};
  const input = (id, attributes = {}) => h('input', { type: 'text', value: values[id] ?? '', ...attributes });

  const topics = input('topics', { placeholder: 'orders/create, orders/updated' });
  const topicChoices = h('div', { class: 'choices', id: 'topic-choices' }, element.webhookTopics.map((topic) => {
    const box = h('input', { type: 'checkbox', value: topic, dataset: { topic } });
    box.addEventListener('change', () => {
      const chosen = splitList(topics.value).filter((t) => t !== topic);
      if (box.checked) chosen.push(topic);
      topics.value = chosen.join(', ');
    });
    return h('label', { class: 'choice' }, box, topic);
  }));
  const syncChoices = () => {
    const chosen = new Set(splitList(topics.value));
    topicChoices.querySelectorAll('input').forEach((box) => { box.checked = chosen.has(box.value); });
  };
  topics.addEventListener('input', syncChoices);

  const eventsEnabled = h('input', { type: 'checkbox', role: 'switch', checked: values.eventsEnabled ?? false });
  const vendorType = h('select', {}, h('option', { value: 'webhook' }, 'webhook'), h('option', { value: 'polling' }, 'polling'));
  vendorType.value = values.vendorType || 'webhook';
  const pollerConfiguration = h('textarea', { rows: 4, placeholder: '{"orders": {"url": "/hubs/ecommerce/orders?where=updated_at>\'${date}\'"}}' });
  pollerConfiguration.value = values.pollerConfiguration || '';

  const optional = h('div', { id: 'optional-fields', hidden: !restored },
    field('topics', 'Webhook Topics', topics, 'A comma separated list; tick topics below to add them.'),
    topicChoices,
    field('signatureKey', 'Callback Notification Signature Key', input('signatureKey', { type: 'password', autocomplete: 'off' }),
      'Adds hash verification headers (Elements-Webhook-Signature, webhook-signature) to every notification.'),
    field('eventsEnabled', 'Events Enabled', eventsEnabled),
    field('callbackUrl', 'Event Notification Callback URL', input('callbackUrl', { placeholder: 'https://app.example.com/events' })),
    field('tags', 'Element Instance Tags', input('tags', { placeholder: 'production, eu' }), 'Comma separated.'),
    h('fieldset', {}, h('legend', {}, 'Polling (where webhooks don\'t reach)'),
      field('vendorType', 'Event type', vendorType),
      field('pollInterval', 'Refresh interval (minutes)', input('pollInterval', { type: 'number', min: '0.01', step: 'any' })),
      field('pollerConfiguration', 'Poller configuration (JSON)', pollerConfiguration)),
    field('scope', 'Scope', input('scope', { placeholder: element.configuration.find((c) => c.key === 'oauth.scope')?.defaultValue })));
  const showOptional = h('button', { type: 'button', id: 'show-optional', class: 'link', hidden: !optional.hidden },
    'Show Optional Fields');
  showOptional.addEventListener('click', () => { optional.hidden = false; showOptional.hidden = true; });

  const formError = h('div', { id: 'form-error' });
  const sandboxNote = h('div');
  const form = h('form', { class: 'card', id: 'create-instance', novalidate: true },
    h('h1', {}, 'Create a Shopify instance'),
    field('name', 'Name', input('name', { placeholder: 'My store' })),
    field('siteAddress', 'Shopify Site Address', input('siteAddress', { placeholder: 'mystore' }),
      'The personalized part of your myshopify.com address: mystore for mystore.myshopify.com.'),
    field('apiKey', 'API Key', input('apiKey'), 'Your Shopify app\'s client id.'),
    field('apiSecret', 'API Secret', input('apiSecret', { type: 'password', autocomplete: 'off' }),
      'Your app\'s client secret; it also verifies the webhooks Shopify sends.'),
    h('div', { class: 'hint', id: 'redirect-url' }, 'Register this as an allowed redirection URL of your app at Shopify: ',
      h('code', {}, returnUrl()), ' ', copyButton(returnUrl())),
    sandboxNote,
    showOptional,
    optional,
    formError,
    h('button', { type: 'submit', class: 'primary', id: 'create-instance-button' }, 'Create Instance'));
  syncChoices();
  offerSandbox(sandboxNote, form);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    replace(formError);
    const entered = read(form);
    const problems = check(entered, element);
    if (problems.length) return showErrors(form, formError, problems);
    const state = crypto.randomUUID();
    try {
      const answer = await get(`/elements/shopify/oauth/url${query({
        apiKey: entered.apiKey, callbackUrl: returnUrl(), siteAddress: entered.siteAddress, state, scope: entered.scope,
      })}`);
      sessionStorage.setItem(PENDING, JSON.stringify({ state, values: entered }));
      location.assign(answer.oauthUrl);
    } catch (e) {
      showErrors(form, formError, [{ field: fieldOf(e.message), message: e.message }]);
    }
  });
  replace(view, form);
  if (restored?.errors) showErrors(form, formError, restored.errors);
}

/** Shopify sent the browser back with ?code=&shop=&state=: create the instance, show Token and ID once. */
export async function oauthReturn(view) {
  const parameters = new URLSearchParams(location.search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  history.replaceState(null, '', '/console/#/instances/new');
  if (!pending || pending.state !== parameters.get('state')) {
    replace(view, notice('error', 'This return from Shopify was not started by this browser tab; nothing was created. ',
      h('a', { href: '#/instances/new' }, 'Start again')));
    return;
  }
  sessionStorage.removeItem(PENDING);
  if (parameters.get('error') || !parameters.get('code')) {
    return createInstance(view, { values: pending.values, errors: [{ message:
      `Shopify did not authorize the app: ${parameters.get('error_description') || parameters.get('error') || 'no code was returned'}` }] });
  }
  const values = pending.values;
  replace(view, h('p', { class: 'muted' }, 'Creating the instance…'));
  try {
    const { data: instance } = await api('POST', '/instances', body(values, parameters));
    replace(view, created(instance));
  } catch (e) {
    const errors = [{ field: fieldOf(e.message), message: e.message }];
    if (e.providerMessage) errors.push({ message: `Shopify said: ${e.providerMessage}` });
    return createInstance(view, { values, errors });
  }
}

function created(instance) {
  return h('section', { class: 'card', id: 'instance-created' },
    h('h1', {}, `Instance ${instance.name} created`),
    h('p', {}, 'Note the Token and ID and save them for all future requests using the element instance.'),
    h('dl', { class: 'facts' },
      h('dt', {}, 'ID'), h('dd', {}, h('code', { id: 'created-id' }, String(instance.id)), ' ', copyButton(String(instance.id))),
      h('dt', {}, 'Token'), h('dd', {}, h('code', { id: 'created-token' }, instance.token), ' ', copyButton(instance.token)),
      h('dt', {}, 'Shop'), h('dd', {}, instance.configuration['shopify.site.address'] || ''),
      h('dt', {}, 'Webhook topics'), h('dd', {}, instance.configuration['shopify.webhook.topics'] || '—')),
    h('a', { class: 'button primary', href: `#/instances/${instance.id}` }, 'Open the instance'));
}

function body(values, parameters) {
  const configuration = {
    'oauth.api.key': values.apiKey,
    'oauth.api.secret': values.apiSecret,
    'oauth.callback.url': returnUrl(),
    'shopify.site.address': values.siteAddress,
    'event.notification.enabled': values.eventsEnabled,
  };
  const optional = {
    'shopify.webhook.topics': values.topics,
    'event.notification.callback.url': values.callbackUrl,
    'event.notification.signature.key': values.signatureKey,
    'oauth.scope': values.scope,
    'event.poller.refresh_interval': values.pollInterval,
    'event.poller.configuration': values.pollerConfiguration,
  };
  for (const [key, value] of Object.entries(optional)) if (value) configuration[key] = value;
  if (values.vendorType !== 'webhook') configuration['event.vendor.type'] = values.vendorType;
  return {
    element: { key: 'shopify' },
    providerData: { code: parameters.get('code'), shop: parameters.get('shop') },
    configuration,
    tags: splitList(values.tags),
    ...(values.name ? { name: values.name } : {}),
  };
}

function read(form) {
  const value = (id) => form.querySelector(`#${id}`).value.trim();
  return {
    name: value('name'), siteAddress: value('siteAddress'), apiKey: value('apiKey'), apiSecret: value('apiSecret'),
    topics: value('topics'), signatureKey: value('signatureKey'), eventsEnabled: form.querySelector('#eventsEnabled').checked,
    callbackUrl: value('callbackUrl'), tags: value('tags'), vendorType: value('vendorType'), pollInterval: value('pollInterval'),
    pollerConfiguration: value('pollerConfiguration'), scope: value('scope'),
  };
}

/** What can be told before leaving for Shopify; the rest the API says on return. */
function check(values, element) {
  const problems = [];
  for (const [id, label] of [['siteAddress', 'Shopify Site Address'], ['apiKey', 'API Key'], ['apiSecret', 'API Secret']]) {
    if (!values[id]) problems.push({ field: id, message: `${label} is required` });
  }
  const supported = new Set(element.webhookTopics);
  const unknown = splitList(values.topics).filter((topic) => !supported.has(topic));
  if (unknown.length) {
    problems.push({ field: 'topics', message: `Unknown Shopify webhook topic(s): ${unknown.join(', ')}; tick the supported ones below` });
  }
  if (values.eventsEnabled && !values.callbackUrl) {
    problems.push({ field: 'callbackUrl', message: 'Event Notification Callback URL is required when events are enabled' });
  }
  if (values.pollerConfiguration) {
    try {
      const parsed = JSON.parse(values.pollerConfiguration);
      if (typeof parsed !== 'object' || Array.isArray(parsed) || parsed === null) throw new Error('expected a JSON object');
    } catch (e) {
      problems.push({ field: 'pollerConfiguration', message: `Not a JSON object: ${e.message}` });
    }
  }
  return problems;
}

function showErrors(form, formError, problems) {
  const unplaced = problems.filter((p) => !(p.field && setFieldError(form, p.field, p.message)));
  if (problems.some((p) => p.field && p.field !== 'name' && p.field !== 'siteAddress' && p.field !== 'apiKey'
      && p.field !== 'apiSecret')) {
    form.querySelector('#optional-fields').hidden = false;
    form.querySelector('#show-optional').hidden = true;
  }
  replace(formError, unplaced.map((p) => notice('error', p.message)));
  (form.querySelector('.field.invalid input, .field.invalid textarea') || formError).scrollIntoView?.({ block: 'center' });
}

/** Which field an API message is about: it names the configuration key or the parameter. */
export function fieldOf(message) {
  const rules = [
    [/shopify\.webhook\.topics|topic/i, 'topics'],
    [/event\.notification\.callback\.url/, 'callbackUrl'],
    [/event\.notification\.signature\.key/, 'signatureKey'],
    [/event\.poller\.configuration/, 'pollerConfiguration'],
    [/event\.poller\.refresh_interval/, 'pollInterval'],
    [/event\.vendor\.type/, 'vendorType'],
    [/event\.notification\.enabled/, 'eventsEnabled'],
    [/oauth\.api\.secret|client_secret/, 'apiSecret'],
    [/oauth\.api\.key|apiKey|client_id|api_key/, 'apiKey'],
    [/oauth\.scope|\bscope\b/, 'scope'],
    [/shopify\.site\.address|siteAddress|\bshop\b/i, 'siteAddress'],
    [/\btags?\b/, 'tags'],
    [/^name\b/, 'name'],
  ];
  return rules.find(([pattern]) => pattern.test(message))?.[1];
}

function splitList(text) {
  return (text || '').split(',').map((item) => item.trim()).filter(Boolean);
}

/** In sandbox mode the sandbox shop's app is offered, so a first instance needs nothing typed. */
async function offerSandbox(place, form) {
  let sandbox;
  try {
    const response = await fetch('/sandbox', { headers: { Accept: 'application/json' }, credentials: 'omit' });
    if (!response.ok) return;
    sandbox = await response.json();
  } catch {
    return;
  }
  const use = h('button', { type: 'button', class: 'small', id: 'use-sandbox' }, 'Fill in the sandbox shop');
  use.addEventListener('click', () => {
    const set = (id, value) => { const node = form.querySelector(`#${id}`); if (!node.value) node.value = value; };
    set('siteAddress', sandbox.shopify.shop);
    set('apiKey', sandbox.shopify.apiKey);
    set('apiSecret', sandbox.shopify.apiSecret);
    set('callbackUrl', sandbox.receiverUrl);
  });
  replace(place, notice('info', 'Sandbox mode: shop ', h('code', {}, sandbox.shopify.shop), ' and its app are built in; ',
    'the sandbox receiver records what your callback would get. ', use));
}
