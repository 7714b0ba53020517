// The results of the two-backend test: one PASS/FAIL line per check, the running totals and the counts of the
// summary line; and the bounded wait (`until`) every check uses.

let passed = 0;
let failed = 0;
const failures = [];

/** Prints and counts one check; returns whether it passed. */
export function check(name, ok, detail = '') {
  if (ok) passed++;
  else {
    failed++;
    failures.push(name);
  }
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
  return ok;
}

/** The checks' totals so far: { passed, failed, failures } (names of the failed checks). */
export function totals() {
  return { passed, failed, failures: [...failures] };
}

/** What the invocation did, for the summary line. */
export const counts = {
  requests: 0,
  ready: 0,
  provisioningRuns: 0,
  accounts: 0,
  duplicates: 0,
  kills: 0,
  resumedBySurvivor: 0,
  scaffolderTasks: 0,
  approvalRaces: 0,
  approvalRaceWinners: 0,
};

export const sleep = ms => new Promise(r => setTimeout(r, ms));

/** Thrown inside an `until` condition: waiting longer cannot help (a process died), so the wait ends at once. */
export class Fatal extends Error {}

/** Calls fn every `everyMs` until it returns something truthy (returned), or throws after `seconds`. */
export async function until(what, seconds, fn, everyMs = 500) {
  const deadline = Date.now() + seconds * 1000;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (error) {
      if (error instanceof Fatal) throw error;
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what}: not so after ${seconds} s${
          last instanceof Error ? ` (last error: ${last.message})` : ''
        }`,
      );
    }
    await sleep(everyMs);
  }
}
