// Check (a), OAuth: the emulator's authorize redirect passes shopify-api's own HMAC, shop and host
// checks, and shopify-api's auth.begin -> authorize -> auth.callback runs end to end against it,
// the code exchange included. Each check has a twin that must fail: a changed parameter, a wrong
// secret, a missing cookie, a replayed code.
//
// Environment: EMULATOR_URL, SHOPIFY_SHOP (x.myshopify.com), SHOPIFY_API_VERSION,
// SHOPIFY_CLIENT_ID, SHOPIFY_CLIENT_SECRET, SHOPIFY_SCOPES (comma-separated).
// The app must exist in the emulator and not be installed on the shop.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { shopifyApi, AuthScopes } from '@shopify/shopify-api';
import { API_VERSION, QUIET, SHOP, handle, runChecks, setting, toEmulator } from './lib/emulator.mjs';

const CLIENT_ID = setting('SHOPIFY_CLIENT_ID');
const CLIENT_SECRET = setting('SHOPIFY_CLIENT_SECRET');
const SCOPES = setting('SHOPIFY_SCOPES').split(',');
// A browser, so that shopify-api's bot filter lets the calls through.
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

// The app: shopify-api's begin and callback behind a Node HTTP server, as an app runs them.
const app = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://app');
  try {
    if (url.pathname === '/auth') {
      await shopify.auth.begin({
        shop: shopify.utils.sanitizeShop(url.searchParams.get('shop'), true),
        callbackPath: '/auth/callback',
        isOnline: false,
        rawRequest: req,
        rawResponse: res,
      });
    } else if (url.pathname === '/auth/callback') {
      const { session } = await shopify.auth.callback({ rawRequest: req, rawResponse: res });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ session: session.toObject() }));
    } else {
      res.writeHead(404).end();
    }
  } catch (error) {
    res.writeHead(400, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({
      error: error.constructor.name,
      message: error.message,
      response: error.response ?? null,
    }));
  }
});
await new Promise((resolve) => app.listen(0, '127.0.0.1', resolve));
const APP_HOST = `127.0.0.1:${app.address().port}`;

const shopify = shopifyApi({
  apiKey: CLIENT_ID,
  apiSecretKey: CLIENT_SECRET,
  scopes: SCOPES,
  hostName: APP_HOST,
  hostScheme: 'http',
  apiVersion: API_VERSION,
  isEmbeddedApp: false,
  logger: QUIET,
});
const wrongSecret = shopifyApi({
  apiKey: CLIENT_ID,
  apiSecretKey: CLIENT_SECRET + 'x',
  hostName: APP_HOST,
  hostScheme: 'http',
  apiVersion: API_VERSION,
  isEmbeddedApp: false,
  logger: QUIET,
});

/** GET without following redirects; answers the response. */
function get(url, headers = {}) {
  return fetch(url, { redirect: 'manual', headers: { 'User-Agent': BROWSER, ...headers } });
}

/** Asks the emulator to authorize and answers the query of the redirect it sends back. */
async function authorize(state) {
  const redirectUri = `http://${APP_HOST}/elsewhere`;
  const authorizeUrl = new URL(toEmulator(`https://${SHOP}/admin/oauth/authorize`));
  authorizeUrl.search = new URLSearchParams({
    client_id: CLIENT_ID, scope: SCOPES.join(','), redirect_uri: redirectUri, state,
  }).toString();
  const response = await get(authorizeUrl);
  assert.equal(response.status, 302, `authorize answers a redirect (got ${response.status}: ${await response.text()})`);
  const location = new URL(response.headers.get('location'));
  assert.equal(`${location.origin}${location.pathname}`, redirectUri, 'the redirect goes to redirect_uri');
  return Object.fromEntries(location.searchParams.entries());
}

/** One character of `value` changed, keeping its kind (digit or hex stays digit or hex). */
function changed(value) {
  const last = value.at(-1);
  const replacement = /[0-8]/.test(last) ? String(Number(last) + 1) : last === '9' ? '8' : last === 'a' ? 'b' : 'a';
  return value.slice(0, -1) + replacement;
}

let redirectQuery;
let callbackUrl;
let stateCookie;

await runChecks('oauth', [
  ['the authorize redirect carries code, hmac, host, shop, state and timestamp', async () => {
    redirectQuery = await authorize('0.6784241404160823');
    for (const name of ['code', 'hmac', 'host', 'shop', 'state', 'timestamp']) {
      assert.ok(redirectQuery[name], `the redirect has ${name}: ${JSON.stringify(redirectQuery)}`);
    }
    assert.equal(redirectQuery.state, '0.6784241404160823', 'state comes back unchanged');
  }],
  ['shopify.utils.validateHmac accepts the redirect query', async () => {
    assert.equal(await shopify.utils.validateHmac(redirectQuery), true,
      `shopify-api computes a different hmac for ${JSON.stringify(redirectQuery)}`);
  }],
  ['shopify.utils.validateHmac refuses the query once any one parameter is changed', async () => {
    for (const name of Object.keys(redirectQuery).filter((n) => n !== 'hmac')) {
      const tampered = { ...redirectQuery, [name]: changed(redirectQuery[name]) };
      assert.equal(await shopify.utils.validateHmac(tampered), false, `a changed ${name} must not validate`);
    }
    assert.equal(await shopify.utils.validateHmac({ ...redirectQuery, extra: '1' }), false,
      'an added parameter must not validate');
    assert.equal(await shopify.utils.validateHmac({ ...redirectQuery, hmac: changed(redirectQuery.hmac) }), false,
      'a changed hmac must not validate');
  }],
  ['shopify.utils.validateHmac refuses the query under another secret', async () => {
    assert.equal(await wrongSecret.utils.validateHmac(redirectQuery), false);
  }],
  ['shopify.utils.sanitizeShop and sanitizeHost accept the redirect\'s shop and host', async () => {
    assert.equal(shopify.utils.sanitizeShop(redirectQuery.shop), SHOP);
    assert.equal(shopify.utils.sanitizeShop(`${handle()}.example.com`), null, 'a foreign domain is refused');
    assert.equal(shopify.utils.sanitizeHost(redirectQuery.host), redirectQuery.host,
      `host ${redirectQuery.host} must be base64 of an admin.shopify.com or myshopify.com address`);
    const decoded = Buffer.from(redirectQuery.host, 'base64').toString('utf8');
    assert.equal(decoded, `admin.shopify.com/store/${handle()}`, 'host is base64 of the shop\'s admin address');
  }],
  ['shopify.auth.begin redirects to the shop\'s authorize page with a signed state cookie', async () => {
    const response = await get(`http://${APP_HOST}/auth?shop=${SHOP}`);
    assert.equal(response.status, 302, `begin answers a redirect (got ${response.status}: ${await response.text()})`);
    const location = new URL(response.headers.get('location'));
    assert.equal(location.host, SHOP);
    assert.equal(location.pathname, '/admin/oauth/authorize');
    stateCookie = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
    assert.match(stateCookie, /shopify_app_state=/);

    const authorized = await get(toEmulator(location));
    assert.equal(authorized.status, 302,
      `the emulator's authorize answers a redirect (got ${authorized.status}: ${await authorized.text()})`);
    callbackUrl = new URL(authorized.headers.get('location'));
    assert.equal(`${callbackUrl.origin}${callbackUrl.pathname}`, `http://${APP_HOST}/auth/callback`);
    assert.equal(callbackUrl.searchParams.get('state'), location.searchParams.get('state'));
  }],
  ['shopify.auth.callback refuses a callback whose code was changed', async () => {
    const tampered = new URL(callbackUrl);
    tampered.searchParams.set('code', changed(tampered.searchParams.get('code')));
    const answer = await (await get(tampered, { Cookie: stateCookie })).json();
    assert.equal(answer.error, 'InvalidOAuthError', JSON.stringify(answer));
  }],
  ['shopify.auth.callback refuses a callback without the state cookie', async () => {
    const answer = await (await get(callbackUrl)).json();
    assert.equal(answer.error, 'CookieNotFound', JSON.stringify(answer));
  }],
  ['shopify.auth.callback exchanges the code for an offline session', async () => {
    const response = await get(callbackUrl, { Cookie: stateCookie });
    const answer = await response.json();
    assert.equal(response.status, 200, `callback failed: ${JSON.stringify(answer)}`);
    const session = answer.session;
    assert.equal(session.shop, SHOP);
    assert.equal(session.isOnline, false);
    assert.ok(session.accessToken, `the session has an access token: ${JSON.stringify(session)}`);
    assert.ok(new AuthScopes(session.scope).equals(new AuthScopes(SCOPES)),
      `granted scope ${session.scope} is the requested ${SCOPES}`);
  }],
  ['shopify.auth.callback fails when the same code is exchanged again', async () => {
    const response = await get(callbackUrl, { Cookie: stateCookie });
    const answer = await response.json();
    assert.equal(answer.error, 'HttpResponseError', `a used code must not give a token: ${JSON.stringify(answer)}`);
    assert.ok(answer.response.code >= 400 && answer.response.code < 500, JSON.stringify(answer.response));
  }],
]);
