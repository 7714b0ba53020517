// The results of the hostile requests check: one PASS/FAIL line per check (hostile input shown escaped), the
// running totals, and the time each answer took.

let passed = 0;
let failed = 0;

/** Prints and counts one check. */
export function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  // Answers echo hostile input (NUL, line breaks, bytes that are not UTF-8): shown escaped, one line per check.
  const shown = `${name}${detail ? `: ${detail}` : ''}`.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f\ufffd]/g,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  console.log(`${ok ? 'PASS' : 'FAIL'} ${shown}`);
}

/** The checks' totals so far. */
export function totals() {
  return { passed, failed };
}

/** { name, ms } of every answer, for the slowest-answers line. */
export const timings = [];
