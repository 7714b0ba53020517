// Check group: zero duplicate accounts. After each round, each requested account of this invocation exists exactly
// once in the sandbox (by name and by root email); at the end, the invocation's totals say the same.
import { sandboxAccounts } from '../observe.mjs';
import { tag } from '../options.mjs';
import { check, counts } from '../results.mjs';

/** Checks every account of this invocation so far: each expected one exists once, none other exists. */
export async function accountsExactlyOnce(
  { org, expectedAccounts },
  label,
  runStarted,
) {
  const accounts = await sandboxAccounts(org);
  const ours = accounts.filter(a => a.Name?.startsWith(`${tag}-`));
  const byName = new Map();
  const byEmail = new Map();
  for (const a of ours) {
    byName.set(a.Name, (byName.get(a.Name) ?? 0) + 1);
    byEmail.set(a.Email, (byEmail.get(a.Email) ?? 0) + 1);
  }
  const duplicates =
    [...byName.values()].reduce((n, c) => n + c - 1, 0) +
    [...byEmail.values()].reduce((n, c) => n + c - 1, 0);
  const missing = [...expectedAccounts.keys()].filter(n => !byName.has(n));
  const unexpected = [...byName.keys()].filter(n => !expectedAccounts.has(n));
  counts.accounts = ours.length;
  counts.duplicates = duplicates;
  check(
    `${label}: each requested account exists exactly once in the organization`,
    duplicates === 0 && missing.length === 0 && unexpected.length === 0,
    `${ours.length} accounts for ${
      expectedAccounts.size
    } requests, ${duplicates} duplicates${
      missing.length ? `, missing ${missing.join(', ')}` : ''
    }${
      unexpected.length ? `, unexpected ${unexpected.join(', ')}` : ''
    } (${Math.round((Date.now() - runStarted) / 1000)} s)`,
  );
}

/** The invocation's last check: no duplicate, and as many accounts as requests. */
export function zeroDuplicates({ expectedAccounts }) {
  check(
    'zero duplicate accounts',
    counts.duplicates === 0 && counts.accounts === expectedAccounts.size,
    `${counts.accounts} accounts, ${counts.duplicates} duplicates`,
  );
}
