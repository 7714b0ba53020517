/**
 * Operations on the organization and its root: DescribeOrganization, ListRoots, enabling and disabling policy types,
 * trusted access for AWS services, and the delegated administrator and handshake lists (not modelled: empty).
 */
import {
  defaultPolicyForType,
  orgArns,
} from '@internal/plugin-ai-governance-common';
import { Errors } from '../errors';
import { checkLength, checkPattern, policyType, required } from '../wire/input';
import { rootShape, seconds } from '../wire/shapes';
import type { OperationContext, OperationTable } from './OperationTable';

export function registerOrganizationOperations(
  table: OperationTable,
  { store, pager, now }: OperationContext,
) {
  table.read('DescribeOrganization', () => {
    const mgmt = store.accounts.get(store.managementAccountId);
    return {
      Organization: {
        Id: store.orgId,
        Arn: orgArns.organization(store.managementAccountId, store.orgId),
        FeatureSet: 'ALL',
        MasterAccountArn: store.accountArn(store.managementAccountId),
        MasterAccountId: store.managementAccountId,
        MasterAccountEmail: mgmt?.email,
        AvailablePolicyTypes: [
          { Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' },
        ],
      },
    };
  });

  table.read('ListRoots', input => {
    const { items, NextToken } = pager.page(
      'ListRoots',
      '',
      [store.root],
      input,
    );
    return { Roots: items.map(() => rootShape(store)), NextToken };
  });

  table.write('EnablePolicyType', input => {
    const root = store.rootOrThrow(required(input, 'RootId'));
    const type = policyType(input, 'PolicyType');
    if (root.enabledPolicyTypes.includes(type))
      throw Errors.policyTypeAlreadyEnabled();
    root.enabledPolicyTypes.push(type);
    const def = defaultPolicyForType(type);
    if (def) {
      store.attach(def.id, root.id);
      for (const id of store.ous.keys()) store.attach(def.id, id);
      for (const id of store.accounts.keys()) store.attach(def.id, id);
    }
    return { Root: rootShape(store) };
  });

  table.write('DisablePolicyType', input => {
    const root = store.rootOrThrow(required(input, 'RootId'));
    const type = policyType(input, 'PolicyType');
    if (!root.enabledPolicyTypes.includes(type))
      throw Errors.policyTypeNotEnabled(type);
    root.enabledPolicyTypes = root.enabledPolicyTypes.filter(t => t !== type);
    for (const p of store.policies.values()) {
      if (p.type !== type) continue;
      for (const targetId of [...(store.targetsOf.get(p.id) ?? [])])
        store.detach(p.id, targetId);
    }
    return { Root: rootShape(store) };
  });

  table.read('ListAWSServiceAccessForOrganization', input => {
    const list = [...store.servicePrincipals.entries()].map(
      ([ServicePrincipal, since]) => ({
        ServicePrincipal,
        DateEnabled: seconds(since),
      }),
    );
    const { items, NextToken } = pager.page(
      'ListAWSServiceAccessForOrganization',
      '',
      list,
      input,
    );
    return { EnabledServicePrincipals: items, NextToken };
  });

  table.write('EnableAWSServiceAccess', input => {
    const principal = required(input, 'ServicePrincipal');
    checkLength(principal, 'ServicePrincipal', 1, 128);
    checkPattern(principal, /^[\w+=,.@-]*$/, 'ServicePrincipal');
    if (!store.servicePrincipals.has(principal))
      store.servicePrincipals.set(principal, now());
    return {};
  });

  table.write('DisableAWSServiceAccess', input => {
    const principal = required(input, 'ServicePrincipal');
    store.servicePrincipals.delete(principal);
    return {};
  });

  // Delegated administrators and handshakes are not modelled: these answer with empty lists so that tools
  // which read them while refreshing an organization (Terraform/Pulumi) work.
  table.read('ListDelegatedAdministrators', input => {
    const { NextToken } = pager.page(
      'ListDelegatedAdministrators',
      '',
      [],
      input,
    );
    return { DelegatedAdministrators: [], NextToken };
  });

  table.read('ListDelegatedServicesForAccount', input => {
    const account = store.accountOrThrow(required(input, 'AccountId'));
    throw Errors.accountNotRegistered(account.id);
  });

  table.read('ListHandshakesForOrganization', input => {
    const { NextToken } = pager.page(
      'ListHandshakesForOrganization',
      '',
      [],
      input,
    );
    return { Handshakes: [], NextToken };
  });

  table.read('ListHandshakesForAccount', input => {
    const { NextToken } = pager.page('ListHandshakesForAccount', '', [], input);
    return { Handshakes: [], NextToken };
  });
}
