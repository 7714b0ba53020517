// Check group: killing (SIGKILL) the backend that is provisioning a request, while the sandbox still shows the
// account's creation in progress, leaves the other backend to resume it after the lease expires and finish it with
// one account; the killed backend is started again for the next round.
import { api } from '../http.mjs';
import {
  creationsInProgress,
  requestFields,
  requestRow,
  waitSettled,
} from '../observe.mjs';
import { tag } from '../options.mjs';
import { kill, startBackend, waitReady } from '../processes.mjs';
import { check, counts, until } from '../results.mjs';

/** Submits a request, kills the backend that claims it mid-creation, checks the other finishes it, restarts the killed one. */
export async function killMidProvisioning(
  { backends, guest, org, requestsDb, expectedAccounts },
  run,
  label,
) {
  const victimTarget = backends[(run + 1) % 2];
  const killName = `${tag}-r${run}-kill`;
  const sent = await api(
    victimTarget.url,
    guest,
    'POST',
    '/api/ai-governance/account-requests',
    requestFields(killName, 'development'),
  );
  if (sent.status !== 201) {
    check(
      `${label}: kill mid-provisioning`,
      false,
      `submit answered ${sent.status} ${sent.text.slice(0, 300)}`,
    );
    return;
  }
  counts.requests++;
  const id = sent.json.request.id;
  expectedAccounts.set(killName, id);
  let victim;
  let killDetail = '';
  try {
    const claimedBy = await until(
      `${id} claimed`,
      60,
      async () => (await requestRow(requestsDb, id))?.claimed_by,
      100,
    );
    const pid = Number(claimedBy.split(':').at(-2));
    victim = backends.find(b => b.process.pid === pid);
    if (!victim)
      throw new Error(`claimed by ${claimedBy}, which is neither backend`);
    await until(
      `creation of ${killName} in progress in the sandbox`,
      30,
      async () =>
        (await creationsInProgress(org)).some(s => s.AccountName === killName),
      100,
    );
    await kill(victim);
    counts.kills++;
    const survivor = backends.find(b => b !== victim);
    const [row] = await waitSettled(requestsDb, [id]);
    const { rows: history } = await requestsDb.query(
      "select from_state, to_state, actor from ai_governance_account_request_events where request_id = $1 and to_state = 'provisioning' order by id",
      [id],
    );
    const resumed = row.state === 'ready' && row.attempts === 2;
    if (resumed) counts.resumedBySurvivor++;
    counts.ready += row.state === 'ready' ? 1 : 0;
    counts.provisioningRuns += row.attempts;
    // The killed backend starts again only after this, so any resumption was the survivor's.
    killDetail = `backend ${
      victim.name
    } killed while the sandbox was creating the account of ${id}; ${
      row.state
    } after ${row.attempts} provisioning run(s) (${
      history.length
    } claim event(s)), the second by backend ${survivor.name}${
      row.failure_reason ? `: ${row.failure_reason}` : ''
    }`;
    check(
      `${label}: killing the provisioning backend leaves the other to finish`,
      resumed,
      killDetail,
    );
  } catch (error) {
    check(
      `${label}: killing the provisioning backend leaves the other to finish`,
      false,
      `${killDetail}${error.message}`,
    );
  }
  if (victim) {
    startBackend(victim);
    await waitReady(victim).catch(error =>
      check(
        `${label}: backend ${victim.name} starts again`,
        false,
        error.message,
      ),
    );
  }
}
