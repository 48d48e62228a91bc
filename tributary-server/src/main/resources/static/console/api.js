// The console's only way to the server: the public API, with the secrets held in this tab's
// sessionStorage (never cookies, URLs or localStorage), forgotten on sign-out.
const BASE = '/elements/api-v2';
const KEY = 'tributary.console.credentials';

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `The server answered ${status}`);
    this.status = status;
    this.providerMessage = body?.providerMessage;
    this.requestId = body?.requestId;
  }
}

export const credentials = {
  get() {
    const stored = sessionStorage.getItem(KEY);
    return stored ? JSON.parse(stored) : null;
  },
  set(user, organization) {
    sessionStorage.setItem(KEY, JSON.stringify({ user, organization }));
  },
  forget() {
    sessionStorage.clear();
  },
};

function authorization(given) {
  const secrets = given || credentials.get();
  return secrets ? `User ${secrets.user}, Organization ${secrets.organization}` : null;
}

/** Calls the API; answers {data, nextPage} or throws ApiError with the API's own message. */
export async function api(method, path, body, given) {
  const headers = { Accept: 'application/json' };
  const auth = authorization(given);
  if (auth) headers.Authorization = auth;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(BASE + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit',
    });
  } catch (e) {
    throw new ApiError(0, { message: `Tributary could not be reached (${e.message})` });
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { message: text };
  }
  if (!response.ok) {
    if (response.status === 401 && !given) window.dispatchEvent(new CustomEvent('tributary:unauthorized'));
    throw new ApiError(response.status, data);
  }
  return { data, nextPage: response.headers.get('Elements-Next-Page-Token') };
}

export const get = (path) => api('GET', path).then((answer) => answer.data);

/** Every page of a list, up to a cap, for counts and charts; says whether it stopped early. */
export async function getAll(path, cap = 20) {
  const items = [];
  let token = null;
  for (let page = 0; page < cap; page += 1) {
    const separator = path.includes('?') ? '&' : '?';
    const answer = await api('GET', `${path}${separator}pageSize=500${token ? `&nextPage=${encodeURIComponent(token)}` : ''}`);
    items.push(...answer.data);
    token = answer.nextPage;
    if (!token) return { items, complete: true };
  }
  return { items, complete: false };
}

export const query = (parameters) => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
};

/** A quoted literal for the deliveries `where` language. */
export const literal = (value) => `'${String(value).replaceAll("'", "''")}'`;
