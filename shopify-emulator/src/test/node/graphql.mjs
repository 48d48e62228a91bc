// Check (c), GraphQL Admin API: admin-api-client's createAdminApiClient creates webhook
// subscriptions, pages through them, and deletes them; a taken address, a second delete, a syntax
// error and a wrong token each come back as the errors Shopify gives.
//
// Environment: EMULATOR_URL, SHOPIFY_SHOP, SHOPIFY_API_VERSION, SHOPIFY_ACCESS_TOKEN.
// The app must have no webhook subscriptions on the shop yet.
import assert from 'node:assert/strict';
import { createAdminApiClient } from '@shopify/admin-api-client';
import { API_VERSION, SHOP, clientLogger, emulatorFetch, runChecks, setting } from './lib/emulator.mjs';

const TOKEN = setting('SHOPIFY_ACCESS_TOKEN');

function client(accessToken) {
  return createAdminApiClient({
    storeDomain: SHOP, apiVersion: API_VERSION, accessToken, customFetchApi: emulatorFetch, logger: clientLogger,
  });
}
const admin = client(TOKEN);

const CREATE = `#graphql
  mutation Subscribe($topic: WebhookSubscriptionTopic!, $webhookSubscription: WebhookSubscriptionInput!) {
    webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) {
      webhookSubscription {
        id
        topic
        format
        endpoint { __typename ... on WebhookHttpEndpoint { callbackUrl } }
      }
      userErrors { field message }
    }
  }`;

const LIST = `#graphql
  query Subscriptions($first: Int!, $after: String, $topics: [WebhookSubscriptionTopic!]) {
    webhookSubscriptions(first: $first, after: $after, topics: $topics) {
      edges {
        cursor
        node { id topic endpoint { ... on WebhookHttpEndpoint { callbackUrl } } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }`;

const DELETE = `#graphql
  mutation Unsubscribe($id: ID!) {
    webhookSubscriptionDelete(id: $id) {
      deletedWebhookSubscriptionId
      userErrors { field message }
    }
  }`;

const WANTED = [
  ['ORDERS_CREATE', 'https://hooks.example.com/fidelity/orders-create'],
  ['ORDERS_UPDATED', 'https://hooks.example.com/fidelity/orders-updated'],
  ['CUSTOMERS_CREATE', 'https://hooks.example.com/fidelity/customers-create'],
  ['APP_UNINSTALLED', 'https://hooks.example.com/fidelity/app-uninstalled'],
  ['ORDERS_CREATE', 'https://hooks.example.com/fidelity/orders-create-2'],
];

/** A request that must succeed: its data, or a failure naming what came back. */
async function request(operation, variables) {
  const answer = await admin.request(operation, { variables });
  assert.equal(answer.errors, undefined, `the request failed: ${JSON.stringify(answer.errors, omitResponse)}`);
  return answer.data;
}

function omitResponse(key, value) {
  return key === 'response' ? undefined : value;
}

/** Every subscription, page by page of `first`, following endCursor; answers the nodes and the page count. */
async function listAll(first, topics) {
  const nodes = [];
  let after = null;
  let pages = 0;
  for (;;) {
    const data = await request(LIST, { first, after, topics });
    const connection = data.webhookSubscriptions;
    pages += 1;
    assert.ok(connection.edges.length <= first, `a page holds at most first=${first}: ${connection.edges.length}`);
    nodes.push(...connection.edges.map((edge) => edge.node));
    if (!connection.pageInfo.hasNextPage) {
      return { nodes, pages };
    }
    assert.ok(connection.pageInfo.endCursor, 'a page with a next page has an endCursor');
    assert.equal(connection.pageInfo.endCursor, connection.edges.at(-1).cursor, 'endCursor is the last edge\'s cursor');
    after = connection.pageInfo.endCursor;
    assert.ok(pages < 50, 'paging ends');
  }
}

const created = [];

await runChecks('graphql', [
  ['webhookSubscriptionCreate creates subscriptions', async () => {
    for (const [topic, callbackUrl] of WANTED) {
      const data = await request(CREATE, { topic, webhookSubscription: { callbackUrl, format: 'JSON' } });
      const payload = data.webhookSubscriptionCreate;
      assert.deepEqual(payload.userErrors, [], `no userErrors for ${topic} ${callbackUrl}`);
      const subscription = payload.webhookSubscription;
      assert.match(subscription.id, /^gid:\/\/shopify\/WebhookSubscription\/\d+$/);
      assert.equal(subscription.topic, topic);
      assert.equal(subscription.format, 'JSON');
      assert.equal(subscription.endpoint.__typename, 'WebhookHttpEndpoint');
      assert.equal(subscription.endpoint.callbackUrl, callbackUrl);
      created.push(subscription);
    }
    assert.equal(new Set(created.map((s) => s.id)).size, WANTED.length, 'every subscription has its own id');
  }],
  ['webhookSubscriptionCreate answers userErrors for an address taken for that topic', async () => {
    const [topic, callbackUrl] = WANTED[0];
    const data = await request(CREATE, { topic, webhookSubscription: { callbackUrl, format: 'JSON' } });
    assert.equal(data.webhookSubscriptionCreate.webhookSubscription, null);
    assert.ok(data.webhookSubscriptionCreate.userErrors.length > 0, JSON.stringify(data.webhookSubscriptionCreate));
  }],
  ['webhookSubscriptions pages through all of them, each exactly once', async () => {
    const { nodes, pages } = await listAll(2);
    assert.equal(pages, Math.ceil(WANTED.length / 2), 'pages of two');
    assert.deepEqual(nodes.map((n) => n.id).sort(), created.map((s) => s.id).sort());
    for (const node of nodes) {
      const mine = created.find((s) => s.id === node.id);
      assert.equal(node.topic, mine.topic);
      assert.equal(node.endpoint.callbackUrl, mine.endpoint.callbackUrl);
    }
  }],
  ['webhookSubscriptions filters by topic', async () => {
    const { nodes } = await listAll(1, ['ORDERS_CREATE']);
    assert.deepEqual(nodes.map((n) => n.id).sort(),
      created.filter((s) => s.topic === 'ORDERS_CREATE').map((s) => s.id).sort());
  }],
  ['webhookSubscriptionDelete deletes each one', async () => {
    for (const subscription of created) {
      const data = await request(DELETE, { id: subscription.id });
      assert.deepEqual(data.webhookSubscriptionDelete.userErrors, []);
      assert.equal(data.webhookSubscriptionDelete.deletedWebhookSubscriptionId, subscription.id);
    }
    const { nodes } = await listAll(10);
    assert.deepEqual(nodes, [], 'no subscription is left');
  }],
  ['webhookSubscriptionDelete answers userErrors for one that is gone', async () => {
    const data = await request(DELETE, { id: created[0].id });
    assert.equal(data.webhookSubscriptionDelete.deletedWebhookSubscriptionId, null);
    assert.ok(data.webhookSubscriptionDelete.userErrors.length > 0, JSON.stringify(data.webhookSubscriptionDelete));
  }],
  ['a query with a syntax error gets GraphQL errors and no data', async () => {
    const answer = await admin.request('query { webhookSubscriptions(first: 1) { edges { node { id } }');
    assert.ok(answer.errors, 'errors are reported');
    assert.equal(answer.data, undefined);
    assert.equal(answer.errors.networkStatusCode, 200, `Shopify answers a malformed query with 200: ${answer.errors.message}`);
    assert.ok(Array.isArray(answer.errors.graphQLErrors) && answer.errors.graphQLErrors.length > 0,
      `graphQLErrors are listed: ${JSON.stringify(answer.errors, omitResponse)}`);
    assert.ok(answer.errors.graphQLErrors[0].message, 'each error has a message');
  }],
  ['a wrong access token is refused with 401', async () => {
    const answer = await client(TOKEN + 'x').request('query { shop { name } }');
    assert.equal(answer.errors?.networkStatusCode, 401, JSON.stringify(answer, omitResponse));
  }],
]);
