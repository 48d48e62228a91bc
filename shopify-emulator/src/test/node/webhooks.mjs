// Check (b), webhooks: a real delivery from the emulator passes shopify-api's
// shopify.webhooks.validate with the right topic, shop domain, webhook id and API version, and
// fails it once one byte of the body is changed or under another secret.
//
// Environment: EMULATOR_URL, SHOPIFY_SHOP, SHOPIFY_API_VERSION, SHOPIFY_CLIENT_ID,
// SHOPIFY_CLIENT_SECRET. The app must be installed on the shop.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { shopifyApi, WebhookValidationErrorReason } from '@shopify/shopify-api';
import { API_VERSION, QUIET, SHOP, control, handle, runChecks, setting, waitFor } from './lib/emulator.mjs';

const CLIENT_ID = setting('SHOPIFY_CLIENT_ID');
const CLIENT_SECRET = setting('SHOPIFY_CLIENT_SECRET');

const config = { apiKey: CLIENT_ID, hostName: 'app.example.com', apiVersion: API_VERSION, isEmbeddedApp: false, logger: QUIET };
const shopify = shopifyApi({ ...config, apiSecretKey: CLIENT_SECRET });
const wrongSecret = shopifyApi({ ...config, apiSecretKey: CLIENT_SECRET + 'x' });

// The receiver keeps each request with its raw body, as an app must to check the HMAC.
const received = [];
const receiver = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    received.push({ req, res, body: Buffer.concat(chunks) });
    res.writeHead(200).end();
  });
});
await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const ADDRESS = `http://127.0.0.1:${receiver.address().port}/webhooks/orders-create`;

let order;
let delivery;

await runChecks('webhooks', [
  ['a subscription to orders/create and a new order bring one delivery', async () => {
    // The emulator's shortcut, so that this check does not depend on the GraphQL API (check c).
    await control('POST', `/shops/${handle()}/subscriptions`, { clientId: CLIENT_ID, topic: 'orders/create', address: ADDRESS });
    order = await control('POST', `/shops/${handle()}/orders`, { email: 'fidelity@example.com', total_price: '12.50' });
    delivery = await waitFor(() => received[0], 'the orders/create delivery');
    assert.equal(delivery.req.method, 'POST');
    assert.match(delivery.req.headers['content-type'] ?? '', /^application\/json/);
  }],
  ['shopify.webhooks.validate accepts it with the right topic, domain, id and API version', async () => {
    const result = await shopify.webhooks.validate({
      rawBody: delivery.body.toString('utf8'), rawRequest: delivery.req, rawResponse: delivery.res,
    });
    assert.equal(result.valid, true, `validate said ${JSON.stringify(result)} for headers ${JSON.stringify(delivery.req.headers)}`);
    assert.equal(result.topic, 'ORDERS_CREATE');
    assert.equal(result.domain, SHOP);
    assert.equal(result.apiVersion, API_VERSION);
    assert.equal(result.webhookId, delivery.req.headers['x-shopify-webhook-id']);
    assert.ok(result.webhookId, 'the delivery has a webhook id');
    assert.ok(result.eventId, 'the delivery has X-Shopify-Event-Id');
    assert.ok(!Number.isNaN(Date.parse(result.triggeredAt)), `X-Shopify-Triggered-At is a time: ${result.triggeredAt}`);
  }],
  ['the body is the order that was created', async () => {
    const body = JSON.parse(delivery.body.toString('utf8'));
    assert.equal(body.id, order.id);
    assert.equal(body.email, 'fidelity@example.com');
    assert.equal(body.admin_graphql_api_id, `gid://shopify/Order/${order.id}`);
  }],
  ['shopify.webhooks.validate refuses the same request with one body byte changed', async () => {
    const tampered = Buffer.from(delivery.body);
    const at = tampered.indexOf('fidelity@example.com');
    tampered[at] = 'F'.charCodeAt(0);
    const result = await shopify.webhooks.validate({
      rawBody: tampered.toString('utf8'), rawRequest: delivery.req, rawResponse: delivery.res,
    });
    assert.equal(result.valid, false);
    assert.equal(result.reason, WebhookValidationErrorReason.InvalidHmac);
  }],
  ['shopify.webhooks.validate refuses it under another secret', async () => {
    const result = await wrongSecret.webhooks.validate({
      rawBody: delivery.body.toString('utf8'), rawRequest: delivery.req, rawResponse: delivery.res,
    });
    assert.equal(result.valid, false);
    assert.equal(result.reason, WebhookValidationErrorReason.InvalidHmac);
  }],
]);
