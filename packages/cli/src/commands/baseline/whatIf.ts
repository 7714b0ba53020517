/**
 * The effect on access of applying the governance baseline, for `aigov baseline preview`: the plan as a what-if change
 * set, evaluated on the live organization, printed next to the resource changes (text) or as `whatIf` (JSON).
 */
import {
  BaselineChange,
  baselineChangeSet,
  OrgSnapshot,
  previewWhatIf,
  referencedServices,
  WhatIfPreview,
  wildcardOnlyFromCatalog,
} from '@internal/plugin-ai-governance-common';
import { loadIamCatalog } from '../lint';

/** Probe summaries printed; JSON has them all. */
const MAX_LINES = 20;

/** The what-if of the plan's creates, updates and attachments; undefined when the plan makes none. */
export async function baselinePlanWhatIf(
  live: OrgSnapshot,
  plan: BaselineChange[],
  baselineName: string,
): Promise<WhatIfPreview | undefined> {
  const changeSet = baselineChangeSet(live, plan, `baseline ${baselineName}`);
  if (!changeSet.changes.length) return undefined;
  // Which actions take no resource, for every service the policies and the plan name.
  const catalog = await loadIamCatalog();
  await catalog.ensureServices(
    referencedServices(
      [...live.policies.map(p => p.content), JSON.stringify(changeSet)].join(
        '\n',
      ),
    ),
  );
  return previewWhatIf(live, changeSet, {
    isWildcardOnlyAction: wildcardOnlyFromCatalog(catalog),
  });
}

function tally(accounts: number, verb: 'gain' | 'lose'): string {
  if (!accounts)
    return `${verb === 'gain' ? 'No' : 'no'} account ${verb}s access`;
  return `${accounts} ${accounts === 1 ? 'account' : 'accounts'} ${
    accounts === 1 ? `${verb}s` : verb
  } access`;
}

/** The text section: the tally, who gains or loses what (gains first), and what the analysis cannot see. */
export function whatIfLines(result: WhatIfPreview): string[] {
  const lines = [
    '',
    `Effect on access (what-if on ${result.accountsEvaluated} of ${result.accountsInOrganization} accounts, ${result.probes} probe requests):`,
    `  ${tally(result.totals.accountsGaining, 'gain')}; ${tally(
      result.totals.accountsLosing,
      'lose',
    )}.`,
  ];
  for (const p of result.byProbe.slice(0, MAX_LINES))
    lines.push(`  ${p.dangerous ? '!' : '-'} ${p.sentence}`);
  if (result.byProbe.length > MAX_LINES)
    lines.push(
      `  … and ${
        result.byProbe.length - MAX_LINES
      } more (--format json lists them all).`,
    );
  if (result.opensAccess)
    lines.push(
      '  The baseline OPENS ACCESS somewhere: read the gains above before applying.',
    );
  lines.push(...result.warnings.map(w => `  (${w})`));
  return lines;
}
