// Signing in to the demo backend as a checker does: one refresh of a sign-in provider (guest: a requester;
// demo-admin: the governance admin), answering the user's token once the catalog has put `group` into it.

/**
 * One sign-in attempt: the Backstage token of `provider`'s user when its ownership refs include `group` (the
 * groups are put into the token at sign-in and decide the user's role), undefined while they do not yet.
 */
export async function signInOnce(base, provider, group) {
  const res = await fetch(
    `${base}/api/auth/${provider}/refresh?env=development`,
    {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
      signal: AbortSignal.timeout(10_000),
    },
  );
  if (!res.ok)
    throw new Error(
      `${provider} refresh answered ${res.status}: ${(await res.text()).slice(
        0,
        300,
      )}`,
    );
  const identity = (await res.json()).backstageIdentity;
  return identity?.token &&
    identity.identity?.ownershipEntityRefs?.includes(group)
    ? identity.token
    : undefined;
}
