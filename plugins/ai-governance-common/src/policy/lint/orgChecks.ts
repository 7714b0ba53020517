/**
 * Organization-wide rules (lintOrg): too many policies on one target, an allow-list SCP beside FullAWSAccess, and a
 * level of the SCP chain without any Allow.
 */
import type { OrgSnapshot, PolicyType } from '../../orgModel/types';
import type { LintFinding } from '../types';
import { parsePolicyDocument } from '../document';
import { DEFAULT_MAX_POLICIES_PER_TARGET, PolicyLimits } from './options';

/** A finding about the organization rather than one document. @public */
export interface OrgLintFinding {
  code: string;
  severity: LintFinding['severity'];
  message: string;
  nodeId?: string;
  nodeName?: string;
  policyId?: string;
  policyName?: string;
}

function hasAllow(content: string): boolean {
  const { document } = parsePolicyDocument(content);
  return !!document?.statements.some(s => s.effect?.value === 'Allow');
}

function onlyAllows(content: string): boolean {
  const { document } = parsePolicyDocument(content);
  return (
    !!document &&
    document.statements.length > 0 &&
    document.statements.every(s => s.effect?.value === 'Allow')
  );
}

/**
 * Org-level checks: too many policies on a target, an allow-list SCP beside FullAWSAccess, and a level of the SCP
 * chain without any Allow (everything below is denied).
 * @public
 */
export function lintOrg(
  snapshot: OrgSnapshot,
  limits: PolicyLimits = {},
): OrgLintFinding[] {
  const findings: OrgLintFinding[] = [];
  const policies = new Map(snapshot.policies.map(p => [p.id, p]));
  const max = limits.maxPoliciesPerTarget ?? DEFAULT_MAX_POLICIES_PER_TARGET;
  const root = snapshot.nodes.find(n => n.kind === 'root');
  const scpEnabled = root?.enabledPolicyTypes
    ? root.enabledPolicyTypes.includes('SERVICE_CONTROL_POLICY')
    : snapshot.policies.some(p => p.type === 'SERVICE_CONTROL_POLICY');
  const allowCache = new Map<string, boolean>();
  for (const node of snapshot.nodes) {
    const attached = node.policyIds
      .map(id => policies.get(id))
      .filter(<T>(p: T | undefined): p is T => !!p);
    const byType = new Map<PolicyType, typeof attached>();
    attached.forEach(p =>
      byType.set(p.type, [...(byType.get(p.type) ?? []), p]),
    );
    for (const [type, list] of byType) {
      if (list.length > max) {
        findings.push({
          code: 'TOO_MANY_POLICIES_ON_TARGET',
          severity: 'error',
          message: `${node.name} has ${list.length} ${type} policies attached; the limit is ${max}. Merge some of them.`,
          nodeId: node.id,
          nodeName: node.name,
        });
      }
    }
    if (!scpEnabled) continue;
    const scps = byType.get('SERVICE_CONTROL_POLICY') ?? [];
    const full = scps.find(
      p => p.id === 'p-FullAWSAccess' || p.name === 'FullAWSAccess',
    );
    if (full) {
      for (const p of scps) {
        if (p !== full && onlyAllows(p.content)) {
          findings.push({
            code: 'ALLOW_LIST_BESIDE_FULL_AWS_ACCESS',
            severity: 'warning',
            message: `${p.name} is an allow-list, but FullAWSAccess is attached beside it on ${node.name}, so it restricts nothing. Detach FullAWSAccess from ${node.name} for the allow-list to take effect.`,
            nodeId: node.id,
            nodeName: node.name,
            policyId: p.id,
            policyName: p.name,
          });
        }
      }
    }
    const anyAllow = scps.some(p => {
      let v = allowCache.get(p.id);
      if (v === undefined) {
        v = hasAllow(p.content);
        allowCache.set(p.id, v);
      }
      return v;
    });
    if (!anyAllow) {
      findings.push({
        code: 'NO_ALLOW_AT_LEVEL',
        severity: 'error',
        message: scps.length
          ? `No SCP attached to ${
              node.name
            } allows anything, so every action is denied for every account ${
              node.kind === 'account' ? 'in it' : 'below it'
            }. Attach FullAWSAccess or an allow-list.`
          : `No SCP is attached to ${
              node.name
            }, so every action is denied for every account ${
              node.kind === 'account' ? 'in it' : 'below it'
            }. Attach FullAWSAccess or an allow-list.`,
        nodeId: node.id,
        nodeName: node.name,
      });
    }
  }
  return findings;
}
