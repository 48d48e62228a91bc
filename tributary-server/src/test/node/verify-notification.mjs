// Verifies one recorded notification the way a receiver would:
//  - the Standard Webhooks library with the secret "whsec_" + base64(key),
//  - the original platform's Elements-Webhook-Signature: sha256=base64(HMAC-SHA256(key, body)),
// and checks that both refuse the body once one byte is changed.
// Input (environment): NOTIFICATION_FILE (JSON: {headers, bodyBase64}), SIGNATURE_KEY.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';

const recorded = JSON.parse(readFileSync(process.env.NOTIFICATION_FILE, 'utf8'));
const key = process.env.SIGNATURE_KEY;
const body = Buffer.from(recorded.bodyBase64, 'base64');
const headers = recorded.headers;

const webhook = new Webhook('whsec_' + Buffer.from(key, 'utf8').toString('base64'));
const payload = webhook.verify(body.toString('utf8'), {
  'webhook-id': headers['webhook-id'],
  'webhook-timestamp': headers['webhook-timestamp'],
  'webhook-signature': headers['webhook-signature'],
});
assert.equal(payload.message.eventId, headers['elements-event-id'], 'the verified payload is the notification');

const elements = 'sha256=' + createHmac('sha256', key).update(body).digest('base64');
assert.equal(headers['elements-webhook-signature'], elements, 'Elements-Webhook-Signature matches');

const tampered = Buffer.from(body);
tampered[tampered.length - 2] ^= 1;
assert.throws(() => webhook.verify(tampered.toString('utf8'), {
  'webhook-id': headers['webhook-id'],
  'webhook-timestamp': headers['webhook-timestamp'],
  'webhook-signature': headers['webhook-signature'],
}), 'a changed byte must not verify');
assert.notEqual('sha256=' + createHmac('sha256', key).update(tampered).digest('base64'),
  headers['elements-webhook-signature'], 'a changed byte changes the Elements signature');

console.log('verified ' + headers['elements-event-id']);
