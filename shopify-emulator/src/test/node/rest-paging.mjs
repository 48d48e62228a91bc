// Check (d), REST Admin API paging: shopify-api's REST client reads the emulator's Link header
// into pageInfo and follows nextPage through more orders than one page holds, collecting every
// order exactly once; prevPage leads back. A page_info with a filter beside it, a page_info that
// was never handed out, and a wrong token are refused.
//
// Environment: EMULATOR_URL, SHOPIFY_SHOP, SHOPIFY_API_VERSION, SHOPIFY_ACCESS_TOKEN,
// ORDER_IDS (comma-separated: every order of the shop), PAGE_LIMIT (less than the order count).
import assert from 'node:assert/strict';
import { shopifyApi, Session, HttpResponseError } from '@shopify/shopify-api';
import { API_VERSION, QUIET, SHOP, runChecks, setting } from './lib/emulator.mjs';

const TOKEN = setting('SHOPIFY_ACCESS_TOKEN');
const ORDER_IDS = setting('ORDER_IDS').split(',');
const PAGE_LIMIT = Number(setting('PAGE_LIMIT'));
assert.ok(PAGE_LIMIT < ORDER_IDS.length, 'the check needs more orders than one page holds');

const shopify = shopifyApi({
  apiKey: 'fidelity-rest', apiSecretKey: 'not-used-by-these-calls', hostName: 'app.example.com',
  apiVersion: API_VERSION, isEmbeddedApp: false, logger: QUIET,
});

function restClient(accessToken) {
  const session = new Session({ id: `offline_${SHOP}`, shop: SHOP, state: 'fidelity', isOnline: false, accessToken });
  return new shopify.clients.Rest({ session });
}
const rest = restClient(TOKEN);

/** The Link header as the library saw it, for failure messages. */
function link(response) {
  return JSON.stringify(response.headers.Link ?? response.headers.link ?? null);
}

const pages = [];

await runChecks('rest-paging', [
  ['the first page holds limit orders and a next page, and no previous one', async () => {
    const response = await rest.get({ path: 'orders', query: { status: 'any', limit: PAGE_LIMIT } });
    assert.equal(response.body.orders.length, PAGE_LIMIT);
    assert.ok(response.pageInfo, 'the REST client read page info');
    assert.equal(response.pageInfo.prevPage, undefined, `no previous page on the first one; Link: ${link(response)}`);
    assert.ok(response.pageInfo.nextPage, `the first page has rel="next"; Link: ${link(response)}`);
    // shopify-api takes the next page's path from the Link URL by matching /admin/api/{version}/{path}.json,
    // the shape of Shopify's own Link URLs: anything else breaks paging in apps that use it.
    assert.equal(response.pageInfo.nextPage.path, 'orders',
      'shopify-api takes nextPage.path from the Link URL\'s path by matching ^/admin/api/[^/]+/(.*).json$, as in '
      + `Shopify's https://${SHOP}/admin/api/${API_VERSION}/orders.json?limit=...&page_info=...; Link: ${link(response)}`);
    assert.deepEqual(Object.keys(response.pageInfo.nextPage.query).sort(), ['limit', 'page_info'],
      `the next page's address carries only limit and page_info; Link: ${link(response)}`);
    assert.match(String(response.headers['X-Shopify-Shop-Api-Call-Limit']), /^\d+\/\d+$/,
      'every answer carries X-Shopify-Shop-Api-Call-Limit');
    pages.push(response);
  }],
  ['following nextPage collects every order exactly once', async () => {
    while (pages.at(-1).pageInfo.nextPage) {
      assert.ok(pages.length <= ORDER_IDS.length, 'paging ends');
      pages.push(await rest.get(pages.at(-1).pageInfo.nextPage));
    }
    const ids = pages.flatMap((page) => page.body.orders.map((order) => String(order.id)));
    assert.equal(pages.length, Math.ceil(ORDER_IDS.length / PAGE_LIMIT), `pages of ${PAGE_LIMIT}`);
    assert.equal(new Set(ids).size, ids.length, `no order twice: ${ids}`);
    assert.deepEqual([...ids].sort(), [...ORDER_IDS].sort(), 'every order of the shop');
    for (const page of pages) {
      assert.ok(page.body.orders.length <= PAGE_LIMIT);
    }
  }],
  ['the last page has a previous page and no next one; prevPage leads back', async () => {
    const last = pages.at(-1);
    assert.equal(last.pageInfo.nextPage, undefined);
    assert.ok(last.pageInfo.prevPage, `the last page has rel="previous"; Link: ${link(last)}`);
    assert.equal(last.pageInfo.prevPage.path, 'orders', `Link: ${link(last)}`);
    const back = await rest.get(last.pageInfo.prevPage);
    assert.deepEqual(back.body.orders.map((o) => String(o.id)), pages.at(-2).body.orders.map((o) => String(o.id)));
  }],
  ['a page_info with a filter beside it is refused with 400', async () => {
    const next = pages[0].pageInfo.nextPage;
    await assert.rejects(rest.get({ path: next.path, query: { ...next.query, status: 'any' } }),
      (error) => error instanceof HttpResponseError && error.response.code === 400);
  }],
  ['a page_info that was never handed out is refused with 400', async () => {
    const next = pages[0].pageInfo.nextPage;
    await assert.rejects(rest.get({ path: next.path, query: { ...next.query, page_info: 'bm90LWEtY3Vyc29y' } }),
      (error) => error instanceof HttpResponseError && error.response.code === 400);
  }],
  ['a wrong access token is refused with 401', async () => {
    await assert.rejects(restClient(TOKEN + 'x').get({ path: 'orders', query: { status: 'any' } }),
      (error) => error instanceof HttpResponseError && error.response.code === 401);
  }],
]);
