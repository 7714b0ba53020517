// The two-backend test's HTTP client: signing in to a backend (guest or demo admin) and calling its API with the
// user's token.
import { signInOnce } from '../demo-backend/sign-in.mjs';
import { READY_TIMEOUT_S } from './options.mjs';
import { until } from './results.mjs';

/** One API call; answers { status, json (undefined unless JSON), text, headers }. */
export async function api(base, token, method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token && { Authorization: `Bearer ${token}` }),
      ...(body && { 'Content-Type': 'application/json' }),
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}

/**
 * Signs in with a provider (guest: a requester; demo-admin: the governance admin), once the catalog has the user's
 * groups (they are put into the token at sign-in and decide the user's role).
 */
export async function signIn(base, provider, group) {
  return until(
    `${provider} sign-in with ${group}`,
    READY_TIMEOUT_S,
    () => signInOnce(base, provider, group),
    2000,
  );
}
