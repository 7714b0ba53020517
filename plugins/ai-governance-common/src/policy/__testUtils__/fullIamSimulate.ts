/*
 * A generated whole-decision request (fullScenarios.ts) as @cloud-copilot/iam-simulate's input, shared by the
 * differential test and the benchmark so both compare the same thing. Test and benchmark code only.
 */
import type { RequestPolicy } from '../types';
import type { FullScenario } from './fullScenarios';

const parse = (p: RequestPolicy) => ({
  name: p.name,
  policy: JSON.parse(p.content),
});

/**
 * The scenario as iam-simulate's input. `context` is the full request context ours used (given and derived keys), so
 * both evaluate conditions on the same values. Policies we were not given are given to iam-simulate as what we
 * assume: identity policies allowing everything.
 */
export function fullIamSimulateInput(
  s: FullScenario,
  context: Record<string, string[]>,
) {
  const r = s.request;
  const contextVariables: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(context))
    contextVariables[k] = v.length === 1 ? v[0] : v;
  return {
    request: {
      principal: s.principal ?? { type: 'Anonymous' as const },
      action: r.action,
      resource: { resource: r.resource, accountId: s.resourceAccount },
      contextVariables,
    },
    // Anonymous requests and service principals have no identity policies.
    identityPolicies: (!s.principal?.startsWith('arn:')
      ? []
      : r.identityPolicies ?? [
          {
            name: 'allow-all',
            content:
              '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
          },
        ]
    ).map(parse),
    serviceControlPolicies: s.scpLevels.map(l => ({
      orgIdentifier: l.id,
      policies: l.policies.map(p => ({
        name: p.name,
        policy: JSON.parse(p.content),
      })),
    })),
    resourceControlPolicies: s.rcpLevels.map(l => ({
      orgIdentifier: l.id,
      policies: l.policies.map(p => ({
        name: p.name,
        policy: JSON.parse(p.content),
      })),
    })),
    ...(r.resourcePolicy
      ? { resourcePolicy: JSON.parse(r.resourcePolicy.content) }
      : {}),
    ...(r.permissionsBoundary
      ? { permissionBoundaryPolicies: [parse(r.permissionsBoundary)] }
      : {}),
    ...(r.sessionPolicies?.length
      ? { sessionPolicy: JSON.parse(r.sessionPolicies[0].content) }
      : {}),
    ...(r.vpcEndpointPolicy
      ? { vpcEndpointPolicies: [parse(r.vpcEndpointPolicy)] }
      : {}),
  };
}
