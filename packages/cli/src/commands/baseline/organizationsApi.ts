/**
 * `aigov baseline preview|apply --engine organizations-api`: plans the baseline against the live organization (the
 * preview also shows the plan's effect on every account's access and the AI posture it leaves) and makes the changes with direct AWS
 * Organizations calls. It never deletes, detaches or moves; it reports such
 * differences instead.
 */
import path from 'path';
import { OrgModel, planBaseline } from '@internal/plugin-ai-governance-common';
import {
  applyBaseline,
  BaselineApplyError,
} from '@internal/plugin-ai-governance-node';
import { CheckedOptions, clientFor, readLive } from './inputs';
import { changeLines, output } from './output';
import { baselinePlanWhatIf, whatIfLines } from './whatIf';
import { baselinePlanPosture, postureLines } from './posture';

export async function runOrganizationsApi(
  mode: 'preview' | 'apply',
  opts: CheckedOptions,
  model: OrgModel,
) {
  const client = clientFor(opts.endpoint, opts.rate);
  const live = await readLive(client, opts.endpoint);
  const plan = planBaseline(live, model);
  const changes = plan.filter(c => c.action !== 'report');
  const reported = plan.filter(c => c.action === 'report');
  const where = opts.endpoint ?? 'AWS';
  const name = model.metadata?.name ?? path.basename(opts.org);
  const reportText = reported.length
    ? [
        '',
        `Differences left alone (the engine never deletes, detaches or moves):`,
        ...changeLines(reported),
      ]
    : [];

  if (mode === 'preview') {
    const lines =
      changes.length === 0
        ? [
            `The organization at ${where} matches baseline ${name}: nothing to change.`,
          ]
        : [
            `Baseline ${name} against ${where}: ${changes.length} change${
              changes.length === 1 ? '' : 's'
            } to make.`,
            ...changeLines(changes),
          ];
    lines.push(...reportText);
    // What the creates, updates and attachments would do to every account's access.
    const whatIf = await baselinePlanWhatIf(live, plan, name);
    if (whatIf) lines.push(...whatIfLines(whatIf));
    // The AI posture check (models allowed vs. guardrails enforced, region lock, opt-out) of the result.
    const posture = await baselinePlanPosture(live, plan, name);
    lines.push(...postureLines(posture));
    if (changes.length > 0)
      lines.push(
        '',
        'Preview only: nothing was changed. Run `yarn aigov baseline apply` with the same options to make these changes.',
      );
    output(opts.format, `${lines.join('\n')}\n`, {
      mode: 'preview',
      engine: 'organizations-api',
      baseline: name,
      endpoint: opts.endpoint ?? null,
      changes,
      reported,
      whatIf: whatIf ?? null,
      posture,
    });
    return;
  }

  let result;
  try {
    result = await applyBaseline(client, model, {
      readSnapshot: async () => live,
    });
  } catch (e) {
    if (e instanceof BaselineApplyError) {
      const done = e.applied.length
        ? ['Made before the error:', ...changeLines(e.applied)]
        : ['Nothing was changed.'];
      process.stderr.write(`${done.join('\n')}\n`);
    }
    throw e;
  }
  const lines =
    result.applied.length === 0
      ? [
          `Nothing to do: the organization at ${where} already matches baseline ${name}.`,
        ]
      : [
          `Applied baseline ${name} to ${where}: ${
            result.applied.length
          } change${result.applied.length === 1 ? '' : 's'} made.`,
          ...changeLines(result.applied).map((l, i) =>
            result.applied[i].id ? `${l} (${result.applied[i].id})` : l,
          ),
        ];
  lines.push(...reportText);
  output(opts.format, `${lines.join('\n')}\n`, {
    mode: 'apply',
    engine: 'organizations-api',
    baseline: name,
    endpoint: opts.endpoint ?? null,
    applied: result.applied,
    reported: result.reported,
  });
}
