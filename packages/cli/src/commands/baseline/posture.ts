/**
 * The AI posture the organization would have once the governance baseline is applied, for `aigov baseline preview`:
 * the plan applied to a copy of the live organization, then the same check `aigov posture` runs, printed after the
 * effect on access (text) or as `posture` (JSON).
 */
import {
  BaselineChange,
  baselineDocuments,
  baselinePosture,
  OrgSnapshot,
  PostureReport,
  referencedServices,
  wildcardOnlyFromCatalog,
} from '@internal/plugin-ai-governance-common';
import { loadIamCatalog } from '../lint';

/** Findings printed; JSON has them all. */
const MAX_FINDINGS = 10;

/** The AI posture check of the organization as the plan would leave it (common's baselinePosture, as the portal's). */
export async function baselinePlanPosture(
  live: OrgSnapshot,
  plan: BaselineChange[],
  baselineName: string,
): Promise<PostureReport> {
  const catalog = await loadIamCatalog();
  await catalog.ensureServices([
    'bedrock',
    ...referencedServices(baselineDocuments(live, plan).join('\n')),
  ]);
  return baselinePosture(live, plan, {
    baselineName,
    evaluateOptions: {
      isWildcardOnlyAction: wildcardOnlyFromCatalog(catalog),
      rcpServices: catalog.rcpSupportedServices(),
    },
  });
}

/** The text section: each finding with its fix and the accounts it concerns, or a line saying there is none. */
export function postureLines(report: PostureReport): string[] {
  const lines = [
    '',
    `AI posture after the baseline (${report.accountsChecked} member accounts checked; \`aigov posture\` explains the codes):`,
  ];
  if (!report.findings.length) {
    lines.push('  No AI posture inconsistency.');
    return lines;
  }
  for (const f of report.findings.slice(0, MAX_FINDINGS)) {
    lines.push(`  ${f.severity.toUpperCase()} ${f.code}: ${f.message}`);
    lines.push(`    Fix: ${f.fix}`);
    lines.push(
      `    Accounts (${f.accountIds.length}): ${f.accountNames
        .slice(0, 5)
        .join(', ')}${f.accountNames.length > 5 ? ', …' : ''}`,
    );
  }
  if (report.findings.length > MAX_FINDINGS)
    lines.push(
      `  … and ${
        report.findings.length - MAX_FINDINGS
      } more (--format json lists them all).`,
    );
  return lines;
}
