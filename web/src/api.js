// Calls to mercato's /v1 API with the session cookie (same origin): JSON in and out, the CSRF
// token on every state change, and errors a merchant can act on.

let csrfToken = null;

/** The session's CSRF token, sent as X-CSRF-Token on every request other than GET. */
export function setCsrfToken(token) {
  csrfToken = token;
}

/** An API answer other than 2xx: the HTTP status, the error code and mercato's message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * Calls `path`; resolves to the parsed JSON (null for 204), rejects with an ApiError. `fresh`
 * asks for an answer computed now rather than one the server kept (after the page changed
 * something).
 */
export async function api(path, { method = 'GET', body, fresh = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (fresh) headers['Cache-Control'] = 'no-cache';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'unavailable', 'mercato serve did not answer: is it still running?');
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const error = json && json.error ? json.error : {};
    throw new ApiError(response.status, error.code || `http_${response.status}`,
      error.message || `${method} ${path} answered ${response.status}`);
  }
  return json;
}

/** What to tell the merchant about a failed call (mercato's messages name the fix). */
export function explain(error) {
  if (!(error instanceof ApiError)) return String(error && error.message ? error.message : error);
  if (error.status === 401) return 'Your session has ended: sign in again.';
  if (error.status === 429) return 'Too many requests for this key: wait a moment and reload.';
  if (error.status >= 500) return `${error.message} (the server log says more)`;
  return error.message;
}
