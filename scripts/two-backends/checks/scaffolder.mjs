// Check group: a scaffolder task of the "AI development account" template runs once: it completes, its step started
// once, its request was provisioned once (and its account is then expected exactly once in the organization).
import { api } from '../http.mjs';
import { requestFields } from '../observe.mjs';
import { READY_TIMEOUT_S, tag } from '../options.mjs';
import { check, counts, until } from '../results.mjs';

/** Runs one task of the development template on the backend whose turn it is, and checks it ran once. */
export async function scaffolderTaskOnce(
  { backends, guest, requestsDb, expectedAccounts },
  run,
  label,
) {
  const taskBackend = backends[run % 2];
  const taskName = `${tag}-r${run}-task`;
  const task = await api(
    taskBackend.url,
    guest,
    'POST',
    '/api/scaffolder/v2/tasks',
    {
      templateRef: 'template:default/ai-development-account',
      values: {
        ...requestFields(taskName, 'development'),
        purpose: 'Scaffolder task of the two-backend test',
      },
    },
  );
  let taskOk = task.status === 201;
  let taskDetail = `POST answered ${task.status}`;
  if (taskOk) {
    counts.scaffolderTasks++;
    const taskId = task.json.id;
    const final = await until(
      `task ${taskId} finished`,
      READY_TIMEOUT_S,
      async () => {
        const t = await api(
          taskBackend.url,
          guest,
          'GET',
          `/api/scaffolder/v2/tasks/${taskId}`,
        );
        return ['completed', 'failed', 'cancelled'].includes(t.json?.status)
          ? t.json
          : undefined;
      },
      1000,
    ).catch(error => ({ status: error.message }));
    const events = await api(
      taskBackend.url,
      guest,
      'GET',
      `/api/scaffolder/v2/tasks/${taskId}/events`,
    );
    const stepStarts = (events.json ?? []).filter(
      e =>
        e.type === 'log' &&
        e.body?.stepId === 'account' &&
        e.body?.status === 'processing',
    ).length;
    const { rows } = await requestsDb.query(
      'select id, state, attempts, name from ai_governance_account_requests where task_id = $1',
      [taskId],
    );
    if (rows[0]) expectedAccounts.set(rows[0].name, rows[0].id);
    taskOk =
      final.status === 'completed' &&
      stepStarts === 1 &&
      rows.length === 1 &&
      rows[0].state === 'ready' &&
      rows[0].attempts === 1;
    taskDetail = `task ${taskId} on backend ${taskBackend.name}: ${
      final.status
    }, step started ${stepStarts} time(s), ${rows.length} request(s)${
      rows[0]
        ? ` ${rows[0].state} after ${rows[0].attempts} provisioning run(s)`
        : ''
    }`;
    if (rows[0]) {
      counts.requests++;
      counts.ready += rows[0].state === 'ready' ? 1 : 0;
      counts.provisioningRuns += rows[0].attempts;
    }
  }
  check(`${label}: the scaffolder task runs once`, taskOk, taskDetail);
}
