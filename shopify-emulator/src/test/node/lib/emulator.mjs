// What every check shares: its settings from the environment, the one place where Shopify's
// addresses are pointed at the plain-http emulator, and a few calls to the emulator's control API.
//
// The libraries always build https://{shop}.myshopify.com/... addresses. They are pointed at the
// emulator through their own hooks, never by patching them: admin-api-client takes a
// `customFetchApi`, and shopify-api takes its fetch from the runtime adapter
// (`setAbstractFetchFunc`, set here right after the Node adapter sets the plain one).
import '@shopify/shopify-api/adapters/node';
import { setAbstractFetchFunc } from '@shopify/shopify-api/runtime';
import { LogSeverity } from '@shopify/shopify-api';

/** An environment variable the check cannot run without. */
export function setting(name) {
  const value = process.env[name];
  if (value === undefined || value === '') {
    console.error(`missing environment variable ${name}`);
    process.exit(2);
  }
  return value;
}

export const EMULATOR_URL = setting('EMULATOR_URL').replace(/\/+$/, '');
export const SHOP = setting('SHOPIFY_SHOP');
export const API_VERSION = setting('SHOPIFY_API_VERSION');

const MYSHOPIFY = /^https?:\/\/([a-zA-Z0-9][a-zA-Z0-9-]*)\.myshopify\.com(?=[/?#]|$)/;

/**
 * https://{shop}.myshopify.com/admin/... -> {EMULATOR_URL}/{shop}/admin/...; any other address
 * (the app's own, in the OAuth check) is left as it is.
 */
export function toEmulator(url) {
  const text = url instanceof URL ? url.href : String(url);
  const match = text.match(MYSHOPIFY);
  return match ? `${EMULATOR_URL}/${match[1]}${text.slice(match[0].length)}` : text;
}

/** fetch, with Shopify's addresses sent to the emulator: the libraries' customFetchApi. */
export async function emulatorFetch(input, init) {
  if (input instanceof Request) {
    return fetch(new Request(toEmulator(input.url), input), init);
  }
  return fetch(toEmulator(input), init);
}

setAbstractFetchFunc(emulatorFetch);

/** shopify-api's logger settings: errors only (the negative twins cause some), indented as part of their step. */
export const QUIET = {
  level: LogSeverity.Error,
  log: (_severity, message) => console.log(`      shopify-api logged: ${message}`),
};

/** admin-api-client logs an API version older than its date-based window; that is not a failure here. */
export function clientLogger(entry) {
  if (entry.type !== 'Unsupported_Api_Version' && entry.type !== 'HTTP-Response' && entry.type !== 'HTTP-Retry') {
    console.log('admin-api-client:', JSON.stringify(entry.content ?? entry));
  }
}

/** A call to the emulator's control API (not Shopify's); throws unless it answers 2xx. */
export async function control(method, path, body) {
  const response = await fetch(`${EMULATOR_URL}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`control API ${method} ${path} answered ${response.status}: ${text}`);
  }
  return text ? JSON.parse(text) : null;
}

/** The shop's handle: fidelity for fidelity.myshopify.com. */
export function handle(shop = SHOP) {
  return shop.replace(/\.myshopify\.com$/, '');
}

/** Waits until `condition()` is truthy, or fails after `timeoutMs` with `what` in the message. */
export async function waitFor(condition, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs a check's steps, printing each, and exits non-zero on the first failure. */
export async function runChecks(name, steps) {
  let failed = false;
  for (const [title, step] of steps) {
    try {
      await step();
      console.log(`ok    ${name}: ${title}`);
    } catch (error) {
      failed = true;
      console.log(`FAIL  ${name}: ${title}`);
      console.log(indent(error?.stack ?? String(error)));
      if (error?.response) {
        console.log(indent(`response: ${JSON.stringify(error.response)}`));
      }
      break;
    }
  }
  process.exit(failed ? 1 : 0);
}

function indent(text) {
  return String(text).split('\n').map((line) => `      ${line}`).join('\n');
}
