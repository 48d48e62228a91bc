// The console: a client of the public API and nothing else. Routes live in the fragment
// (#/instances/3), except the OAuth return page Shopify redirects the browser to.
import { credentials } from './api.js';
import { replace, h, notice } from './dom.js';
import { signIn } from './views/sign-in.js';
import { elements } from './views/elements.js';
import { createInstance, oauthReturn } from './views/create-instance.js';
import { instanceList, instanceDetail } from './views/instances.js';
import { instanceEvents } from './views/events.js';
import { deliveries } from './views/deliveries.js';
import { settings } from './views/settings.js';

const view = document.getElementById('view');
const nav = document.getElementById('nav');
let leave = null;

const routes = [
  [/^#\/elements$/, elements],
  [/^#\/instances\/new$/, createInstance],
  [/^#\/instances$/, instanceList],
  [/^#\/instances\/(\d+)$/, instanceDetail],
  [/^#\/instances\/(\d+)\/events$/, instanceEvents],
  [/^#\/deliveries$/, deliveries],
  [/^#\/settings$/, settings],
];

async function render() {
  if (leave) leave();
  leave = null;
  const signedIn = Boolean(credentials.get());
  nav.hidden = !signedIn;
  if (location.pathname.endsWith('/oauth/return') && signedIn) {
    return show(oauthReturn, []);
  }
  if (!signedIn) {
    return show(signIn, []);
  }
  const hash = location.hash.split('?')[0] || '#/instances';
  for (const [pattern, page] of routes) {
    const match = hash.match(pattern);
    if (match) {
      nav.querySelectorAll('a[data-route]').forEach((link) => {
        link.classList.toggle('current', hash.startsWith(`#/${link.dataset.route}`));
      });
      return show(page, match.slice(1));
    }
  }
  replace(view, notice('error', 'No such page. ', h('a', { href: '#/instances' }, 'Go to instances')));
}

async function show(page, parameters) {
  replace(view, h('p', { class: 'muted' }, 'Loading…'));
  try {
    leave = await page(view, ...parameters);
  } catch (e) {
    replace(view, notice('error', e.message, e.requestId ? h('span', { class: 'muted' }, ` (request ${e.requestId})`) : null));
  }
}

document.getElementById('sign-out').addEventListener('click', () => {
  credentials.forget();
  location.assign('/console/#/instances');
  render();
});
window.addEventListener('hashchange', render);
window.addEventListener('tributary:signed-in', render);
window.addEventListener('tributary:unauthorized', () => {
  credentials.forget();
  render();
});
render();
