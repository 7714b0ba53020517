/** Settings shared by the dashboard benchmark, its Playwright config and its server (bench/serveProduction.ts). */

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive whole number, e.g. ${fallback}; got '${raw}'`);
  }
  return value;
}

/** The loopback port of the production server: AIGOV_BENCH_PORT, default 7017 (the portal's own is 7007). */
export function benchPort(): number {
  return positive('AIGOV_BENCH_PORT', 7017);
}

/** Accounts in the sandbox organization the production server crawls: AIGOV_BENCH_ACCOUNTS, default 5000. */
export function benchAccounts(): number {
  return positive('AIGOV_BENCH_ACCOUNTS', 5000);
}
