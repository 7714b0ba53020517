// Check group: account requests run exactly once while both backends are up. Development requests (approved at once)
// and production requests, each submitted to one backend or the other; both backends race to approve each
// production request and exactly one approval wins; every request ends `ready` after one provisioning run.
import { api } from '../http.mjs';
import { requestFields, waitSettled } from '../observe.mjs';
import { tag } from '../options.mjs';
import { check, counts } from '../results.mjs';

/** Submits two development and two production requests, alternating backends, and races the approvals; answers their ids. */
export async function submitRequests(
  { backends, guest, admin, expectedAccounts },
  run,
  label,
) {
  const ids = [];
  for (const [i, environment] of [
    'development',
    'development',
    'production',
    'production',
  ].entries()) {
    const target = backends[i % 2];
    const name = `${tag}-r${run}-${environment.slice(
      0,
      3,
    )}-${target.name.toLowerCase()}`;
    const res = await api(
      target.url,
      guest,
      'POST',
      '/api/ai-governance/account-requests',
      requestFields(name, environment),
    );
    if (res.status !== 201) {
      check(
        `${label}: submit ${environment} request to backend ${target.name}`,
        false,
        `${res.status} ${res.text.slice(0, 300)}`,
      );
      continue;
    }
    counts.requests++;
    ids.push(res.json.request.id);
    expectedAccounts.set(name, res.json.request.id);
    if (environment === 'production') {
      const answers = await Promise.all(
        backends.map(b =>
          api(
            b.url,
            admin,
            'POST',
            `/api/ai-governance/account-requests/${res.json.request.id}/approve`,
            { comment: 'two-backend test' },
          ),
        ),
      );
      const winners = answers.filter(a => a.status === 200).length;
      counts.approvalRaces++;
      counts.approvalRaceWinners += winners;
      check(
        `${label}: one of two simultaneous approvals of ${res.json.request.id} wins`,
        winners === 1 &&
          answers.every(a => a.status === 200 || a.status === 409),
        answers.map(a => a.status).join(' and '),
      );
    }
  }
  return ids;
}

/** Waits for the submitted requests to settle and checks each was provisioned once. */
export async function checkProvisionedOnce({ requestsDb }, label, ids, up) {
  const settled = await waitSettled(requestsDb, ids).catch(error => {
    check(`${label}: requests settle`, false, error.message);
    return [];
  });
  if (settled.length) {
    const once = settled.every(r => r.state === 'ready' && r.attempts === 1);
    counts.ready += settled.filter(r => r.state === 'ready').length;
    counts.provisioningRuns += settled.reduce((n, r) => n + r.attempts, 0);
    check(
      `${label}: ${settled.length} account requests on ${up.length} backends each provisioned once`,
      once,
      settled
        .map(
          r =>
            `${r.id} ${r.state} (${r.attempts} run(s))${
              r.failure_reason ? `: ${r.failure_reason}` : ''
            }`,
        )
        .join('; '),
    );
  }
}
