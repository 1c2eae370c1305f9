// The dashboard's only door to the service: fetch with the bearer token, JSON in and out,
// errors turned into ApiError with the server's readable message. A 401 clears the token and
// asks the person for it again. The token lives in localStorage under TOKEN_KEY.

const TOKEN_KEY = 'assistant.apiToken';
const REQUEST_TIMEOUT_MS = 30000;

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }

  /** Field-level problems the API reported (validation errors, missing fields), as strings. */
  get details() {
    const b = this.body;
    if (!b || typeof b !== 'object') return [];
    const list = b.details ?? b.errors ?? b.validation ?? b.missing ?? b.issues;
    if (!Array.isArray(list)) return [];
    return list.map((d) => {
      if (typeof d === 'string') return d;
      const where = d.field ?? d.path ?? d.instancePath ?? '';
      const what = d.message ?? JSON.stringify(d);
      return where ? `${Array.isArray(where) ? where.join('.') : where}: ${what}` : what;
    });
  }
}

export function getToken() {
  return localStorage.getItem(TOKEN_KEY);
}

export function setToken(token) {
  localStorage.setItem(TOKEN_KEY, token);
}

export function clearToken() {
  localStorage.removeItem(TOKEN_KEY);
}

let onUnauthorized = () => {};

/** Called with no arguments whenever the API answers 401 (the token is cleared first). */
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

/** Query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** One API call. Resolves with the parsed JSON (or text); rejects with ApiError. */
export async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  const init = { method, headers };
  // Every POST/PATCH carries a JSON body, even an empty one: the API declares one on each.
  if (method !== 'GET' && method !== 'DELETE') {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body ?? {});
  }
  const controller = new window.AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  init.signal = controller.signal;
  let res;
  try {
    res = await fetch(path, init);
  } catch (err) {
    const why = err && err.name === 'AbortError' ? 'timed out' : 'could not reach the service';
    throw new ApiError(0, `${method} ${path} ${why}`, null);
  } finally {
    clearTimeout(timer);
  }
  const text = await res.text();
  let data = text;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (e.g. a raw .eml): hand back the text.
  }
  if (res.status === 401) {
    clearToken();
    onUnauthorized();
    throw new ApiError(401, 'The API token was refused. Enter it again.', data);
  }
  if (!res.ok) {
    const message =
      (data && typeof data === 'object' && (data.message || data.error)) ||
      `${method} ${path} failed with HTTP ${res.status}`;
    throw new ApiError(res.status, String(message), data);
  }
  return data;
}

/** The original .eml of an email as a Blob (the download needs the token, so no plain link). */
export async function fetchRawEmail(id) {
  const res = await fetch(`/emails/${encodeURIComponent(id)}/raw`, {
    headers: { Authorization: `Bearer ${getToken() ?? ''}` },
  });
  if (res.status === 401) {
    clearToken();
    onUnauthorized();
    throw new ApiError(401, 'The API token was refused. Enter it again.', null);
  }
  if (!res.ok)
    throw new ApiError(
      res.status,
      `The original email is not available (HTTP ${res.status})`,
      null,
    );
  return res.blob();
}

export const api = {
  status: () => request('GET', '/status'),
  listAuthorizations: (params) => request('GET', `/authorizations${query(params)}`),
  getAuthorization: (id) => request('GET', `/authorizations/${encodeURIComponent(id)}`),
  updateAuthorization: (id, patch) =>
    request('PATCH', `/authorizations/${encodeURIComponent(id)}`, patch),
  approveAuthorization: (id) =>
    request('POST', `/authorizations/${encodeURIComponent(id)}/approve`, {}),
  retryAuthorization: (id) =>
    request('POST', `/authorizations/${encodeURIComponent(id)}/retry`, {}),
  listEmails: (params) => request('GET', `/emails${query(params)}`),
  getEmail: (id) => request('GET', `/emails/${encodeURIComponent(id)}`),
  reprocessEmail: (id) => request('POST', `/emails/${encodeURIComponent(id)}/reprocess`, {}),
  startMonitoring: () => request('POST', '/control/start_monitoring', {}),
  stopMonitoring: () => request('POST', '/control/stop_monitoring', {}),
  pollNow: () => request('POST', '/control/poll', {}),
  logs: (params) => request('GET', `/logs${query(params)}`),
  previews: (params) => request('GET', `/actions/previews${query(params)}`),
};
