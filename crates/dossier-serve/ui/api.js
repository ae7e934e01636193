// The JSON API client (see crates/dossier-serve/API.md).

import { toParams } from './dom.js';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const TOKEN_KEY = 'dossier-token';

export function token() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(t) {
  try {
    if (t) sessionStorage.setItem(TOKEN_KEY, t);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    /* storage disabled: the token lasts until the page is reloaded */
  }
}

/** GET /api/<path>?<params>; resolves to the parsed JSON or throws an ApiError. */
export async function api(path, params) {
  const qs = params ? toParams(params).toString() : '';
  const url = '/api/' + path + (qs ? '?' + qs : '');
  const headers = { Accept: 'application/json' };
  const t = token();
  if (t) headers.Authorization = 'Bearer ' + t;
  let res;
  try {
    res = await fetch(url, { headers, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'The server cannot be reached (' + (e && e.message ? e.message : 'network error') + ').');
  }
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (!res.ok) {
    const msg = body && body.error && typeof body.error.message === 'string' ? body.error.message : res.statusText || 'request failed';
    throw new ApiError(res.status, msg);
  }
  if (body === null || typeof body !== 'object') throw new ApiError(res.status, 'The server answered something that is not JSON.');
  return body;
}
