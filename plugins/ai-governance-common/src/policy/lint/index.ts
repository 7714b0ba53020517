/**
 * The policy linter: runs the rule families over a document and sorts what they find. Codes follow IAM Access
 * Analyzer's ValidatePolicy issue codes where an equivalent check exists (JSON_SYNTAX_ERROR, INVALID_ACTION,
 * MISSING_VERSION...); checks Access Analyzer does not make have their own codes (UNRESOLVED_PLACEHOLDER,
 * CONDITION_KEY_NOT_APPLICABLE...). See docs/policy-engine.md for the full list.
 *
 * One file per rule family: syntax, resources, controlPolicyTypes (SCP/RCP differences), size, actions, conditions,
 * managementPolicies (opt-out and tag policies), bedrockPolicy (Amazon Bedrock policies), placeholders, and orgChecks
 * (organization-wide).
 */
import type { LintFinding } from '../types';
import { parsePolicyDocument } from '../document';
import type { LintOptions } from './options';
import type { StatementRule, TextRule } from './rule';
import { checkElements, checkUniqueSids, checkVersion } from './syntax';
import { checkResources } from './resources';
import { checkTypeRules } from './controlPolicyTypes';
import { checkLengths, checkPolicySize } from './size';
import { checkActions } from './actions';
import { checkConditions } from './conditions';
import { lintManagementPolicy } from './managementPolicies';
import { lintBedrockPolicy } from './bedrockPolicy';
import { expectDocumentObject, parseJsonDocument } from '../findings';
import { checkPlaceholders } from './placeholders';

export {
  DEFAULT_MAX_POLICIES_PER_TARGET,
  guessPolicyType,
  toLintPolicyType,
} from './options';
export type { LintOptions, LintPolicyType, PolicyLimits } from './options';
export { findPlaceholders } from './placeholders';
export { lintOrg } from './orgChecks';
export type { OrgLintFinding } from './orgChecks';

/** The rules run on every statement of an SCP or RCP, in this order. */
const STATEMENT_RULES: StatementRule[] = [
  checkElements,
  checkResources,
  checkTypeRules,
  checkLengths,
  checkActions,
  checkConditions,
];

/** The rules run on the text of every document, whatever its type, after the type's own rules. */
const TEXT_RULES: TextRule[] = [checkPolicySize, checkPlaceholders];

/** Parses an SCP or RCP and runs the document and statement rules on it. */
function lintIamPolicy(
  text: string,
  options: LintOptions,
  findings: LintFinding[],
) {
  const { document, findings: parseFindings } = parsePolicyDocument(text);
  findings.push(...parseFindings);
  if (!document) return;
  checkVersion(document, findings);
  for (const st of document.statements) {
    for (const rule of STATEMENT_RULES) rule(st, options, findings);
  }
  checkUniqueSids(document, findings);
}

/**
 * Lints one policy document of the given type. Never throws; findings come sorted by position.
 * @public
 */
export function lintPolicy(text: string, options: LintOptions): LintFinding[] {
  const findings: LintFinding[] = [];
  const type = options.type;
  if (type === 'SERVICE_CONTROL_POLICY' || type === 'RESOURCE_CONTROL_POLICY') {
    lintIamPolicy(text, options, findings);
  } else if (type === 'BEDROCK_POLICY') {
    const { json, findings: parseFindings } = parseJsonDocument(text);
    findings.push(...parseFindings);
    if (json && expectDocumentObject(json, findings))
      lintBedrockPolicy(json, options, findings);
  } else {
    lintManagementPolicy(text, options, findings);
  }
  for (const rule of TEXT_RULES) rule(text, options, findings);
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Collects the service prefixes a document names (actions and condition keys), to load them into a catalog. @public */
export function referencedServices(text: string): string[] {
  const out = new Set<string>();
  const re = /"([a-z0-9-]+):[A-Za-z0-9*?]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1] !== 'arn' && m[1] !== 'aws') out.add(m[1]);
  }
  return [...out];
}

/** Loads what the catalog needs for the document, then lints it. @public */
export async function lintPolicyWithCatalog(
  text: string,
  options: LintOptions,
): Promise<LintFinding[]> {
  if (options.catalog?.ensureServices)
    await options.catalog.ensureServices(referencedServices(text));
  return lintPolicy(text, options);
}
