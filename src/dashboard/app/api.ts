/**
 * Calls to the service's own routes. Reads are public; admin calls carry the key typed into the
 * page's header as `x-api-key` (src/http/plugins/admin-auth.ts). The key stays in this tab's
 * sessionStorage: gone when the tab closes, never sent anywhere but this origin's admin routes.
 */
import { browser } from './dom.js';

const KEY_STORAGE = 'multirank.adminKey';

/** A route's refusal: its status and the `{error: {code, message}}` message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The admin key typed into the page ('' when none). */
export function adminKey(): string {
  return browser.sessionStorage.getItem(KEY_STORAGE) ?? '';
}

/** Keeps (or, given '', forgets) the admin key for this tab. */
export function setAdminKey(key: string): void {
  if (key === '') browser.sessionStorage.removeItem(KEY_STORAGE);
  else browser.sessionStorage.setItem(KEY_STORAGE, key);
}

async function call(method: string, path: string, body: unknown, admin: boolean): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (admin) {
    const key = adminKey();
    if (key === '') throw new ApiError(401, 'enter the admin key (top right) first');
    headers['x-api-key'] = key;
  }
  const response = await fetch(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.ok) return response;
  const text = await response.text();
  let message = `${response.status} ${response.statusText}`;
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string } };
    message = parsed.error?.message ?? message;
  } catch {
    // Not our error format (a proxy's page): the status line says enough.
  }
  throw new ApiError(response.status, message);
}

/** GET a public JSON route. */
export async function getJson<T>(path: string): Promise<T> {
  return (await call('GET', path, undefined, false)).json() as Promise<T>;
}

/** GET a public text route (/metrics). */
export async function getText(path: string): Promise<string> {
  return (await call('GET', path, undefined, false)).text();
}

/** An admin call (PUT, POST, DELETE) with the page's key; resolves to the JSON answer, or null for 204. */
export async function admin<T>(method: string, path: string, body?: unknown): Promise<T | null> {
  const response = await call(method, path, body, true);
  return response.status === 204 ? null : (response.json() as Promise<T>);
}

/** The path of a route with one id segment, encoded. */
export const path = (template: string, id: string): string => template.replace(':id', encodeURIComponent(id));
