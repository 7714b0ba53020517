import type {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { demoOrgModelPath } from '@internal/organizations-sandbox';
import { compileOrgModel } from '@internal/plugin-ai-governance-common';
import { loadBaselineModel } from '@internal/plugin-ai-governance-node';
import { recordingAuditor } from '../services/accountRequests/__testUtils__/fakes';
import { inMemoryAccountRequests } from '../services/accountRequests/__testUtils__/inMemoryRequests';
import { SnapshotView } from '../services/inventory/SnapshotView';
import { registerAiGovernanceActions } from '.';

const JANE = 'user:default/jane';
const EVE = 'user:default/eve';
const snapshot = compileOrgModel(loadBaselineModel(demoOrgModelPath));
const accounts = snapshot.nodes.filter(n => n.kind === 'account');

/** Jane holds every ai-governance permission but production account creation; Eve holds none; services all. */
function permissions(): PermissionsService {
  const allowed = (c: BackstageCredentials, name: string) => {
    const p = c.principal as { type: string; userEntityRef?: string };
    if (p.type === 'service') return true;
    return (
      p.userEntityRef === JANE &&
      name !== 'ai-governance.account.production.create' &&
      name !== 'ai-governance.account-request.approve'
    );
  };
  const decide = (name: string, credentials: BackstageCredentials) => ({
    result: allowed(credentials, name)
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY,
  });
  return {
    authorize: async (requests, { credentials }) =>
      requests.map(r => decide(r.permission.name, credentials)),
    authorizeConditional: async (requests, { credentials }) =>
      requests.map(r => decide(r.permission.name, credentials)) as any,
  };
}

const userInfo: UserInfoService = {
  async getUserInfo(credentials) {
    const userEntityRef = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    return {
      userEntityRef,
      ownershipEntityRefs: [userEntityRef, 'group:default/ml-research'],
    };
  },
};

async function setUp(options: { ready?: boolean } = {}) {
  const registry = actionsRegistryServiceMock();
  const { auditor, events } = recordingAuditor();
  const { store, service } = await inMemoryAccountRequests({
    auditor,
    snapshot,
  });
  const view = new SnapshotView(snapshot);
  registerAiGovernanceActions({
    actionsRegistry: registry,
    permissions: permissions(),
    userInfo,
    auditor,
    getView: async () => (options.ready === false ? undefined : view),
    accountRequests: service,
  });
  return { registry, events, store };
}

const jane = mockCredentials.user(JANE);
const eve = mockCredentials.user(EVE);
const catalogService = mockCredentials.service('plugin:catalog');

describe('ai-governance actions', () => {
  it('registers five actions, the four readers marked read-only and the request not', async () => {
    const { registry } = await setUp();
    const { actions } = await registry.list();
    const byName = Object.fromEntries(actions.map(a => [a.name, a]));
    expect(Object.keys(byName).sort()).toEqual([
      'can-it',
      'explain-account',
      'lint-policy',
      'request-account',
      'who-can',
    ]);
    for (const name of [
      'can-it',
      'who-can',
      'lint-policy',
      'explain-account',
    ]) {
      expect(byName[name].attributes.readOnly).toBe(true);
    }
    expect(byName['request-account'].attributes.readOnly).toBe(false);
    expect(byName['request-account'].attributes.destructive).toBe(false);
  });

  it('who-can splits every account, and can-it agrees with it account by account', async () => {
    const { registry, events } = await setUp();
    const input = {
      action: 'bedrock:InvokeModel',
      context: { 'aws:RequestedRegion': 'ap-southeast-2' },
    };
    const { output } = (await registry.invoke({
      id: 'test:who-can',
      input,
      credentials: jane,
    })) as { output: any };
    expect(output.allowed.length + output.denied.length).toBe(accounts.length);
    // The demo organization locks regions for some OUs only: both sides are populated.
    expect(output.allowed.length).toBeGreaterThan(0);
    expect(output.denied.length).toBeGreaterThan(0);
    for (const a of [...output.allowed, ...output.denied]) {
      const res = (await registry.invoke({
        id: 'test:can-it',
        input: { account: a.id, ...input },
        credentials: catalogService,
      })) as { output: any };
      const expected = output.allowed.some((x: any) => x.id === a.id)
        ? 'Allowed'
        : a.decision;
      expect(res.output.decision).toBe(expected);
      // An explicit deny names the statement who-can named first.
      const firstDeciding = res.output.decidingStatements[0];
      expect(
        expected === 'ExplicitDeny'
          ? { effect: firstDeciding.effect, policyId: firstDeciding.policyId }
          : null,
      ).toEqual(
        expected === 'ExplicitDeny'
          ? { effect: 'Deny', policyId: a.deniedBy.policyId }
          : null,
      );
      expect(res.output.explanation).not.toBe('');
    }
    expect(events.find(e => e.eventId === 'action-who-can')).toMatchObject({
      outcome: 'success',
      meta: { principal: JANE },
    });
  });

  it('refuses the read-only actions to a caller without the permission, and audits the refusal', async () => {
    const { registry, events } = await setUp();
    await expect(
      registry.invoke({
        id: 'test:who-can',
        input: { action: 'bedrock:InvokeModel' },
        credentials: eve,
      }),
    ).rejects.toThrow(/missing permission ai-governance\.policy\.read/);
    await expect(
      registry.invoke({
        id: 'test:explain-account',
        input: { account: accounts[0].id },
        credentials: eve,
      }),
    ).rejects.toThrow(/missing permission ai-governance\.tree\.read/);
    expect(events.map(e => e.outcome)).toEqual(['fail', 'fail']);
  });

  it('explains an account by name: its OU path, inherited policies and Bedrock posture', async () => {
    const { registry } = await setUp();
    const account = accounts.find(a => a.parentId !== snapshot.nodes[0].id)!;
    const { output } = (await registry.invoke({
      id: 'test:explain-account',
      input: { account: account.name.toUpperCase() },
      credentials: jane,
    })) as { output: any };
    expect(output.id).toBe(account.id);
    expect(output.ouPath).toMatch(new RegExp(`^Root/.+/${account.name}$`));
    expect(output.inherited[0].nodeId).toBe(snapshot.nodes[0].id);
    expect(output.inherited.at(-1).nodeId).toBe(account.id);
    expect(
      output.inherited.flatMap((l: any) => l.policies.map((p: any) => p.id)),
    ).toContain('p-FullAWSAccess');
    expect(['Allowed', 'ExplicitDeny', 'ImplicitDeny']).toContain(
      output.bedrockInvokeModel.decision,
    );
    await expect(
      registry.invoke({
        id: 'test:explain-account',
        input: { account: '999999999999' },
        credentials: jane,
      }),
    ).rejects.toThrow(/No account with id or name "999999999999"/);
  });

  it('lints a policy and rejects an unknown type through the input schema', async () => {
    const { registry } = await setUp();
    const { output } = (await registry.invoke({
      id: 'test:lint-policy',
      input: {
        type: 'SCP',
        content: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Deny', Action: 'bedrock:InvokeModle', Resource: '*' },
          ],
        }),
      },
      credentials: jane,
    })) as { output: any };
    expect(output.type).toBe('SERVICE_CONTROL_POLICY');
    expect(output.findings.map((f: any) => f.code)).toContain('INVALID_ACTION');
    await expect(
      registry.invoke({
        id: 'test:lint-policy',
        input: { type: 'IAM', content: '{}' },
        credentials: jane,
      }),
    ).rejects.toThrow(/Invalid input/);
  });

  it('says to try again while the inventory has no snapshot', async () => {
    const { registry } = await setUp({ ready: false });
    await expect(
      registry.invoke({
        id: 'test:who-can',
        input: { action: 'bedrock:InvokeModel' },
        credentials: jane,
      }),
    ).rejects.toThrow(/no snapshot .* try again/);
  });

  describe('request-account', () => {
    const request = {
      name: 'fraud-models-dev',
      environment: 'development',
      owner: 'ml-research',
      costCenter: 'CC-4711',
      dataClassification: 'internal',
      purpose: 'Fraud scoring experiments',
    };

    it('files the request in the caller’s name through the approval flow, once', async () => {
      const { registry, store } = await setUp();
      const first = (await registry.invoke({
        id: 'test:request-account',
        input: request,
        credentials: jane,
      })) as { output: any };
      expect(first.output.created).toBe(true);
      expect(first.output.requestId).toMatch(/^req-/);
      const stored = await store.get(first.output.requestId);
      expect(stored?.requestedBy).toBe(JANE);
      expect(stored?.fields.owner).toBe('group:default/ml-research');
      const again = (await registry.invoke({
        id: 'test:request-account',
        input: request,
        credentials: jane,
      })) as { output: any };
      expect(again.output).toMatchObject({
        created: false,
        requestId: first.output.requestId,
      });
    });

    it('validates a dry run without filing anything', async () => {
      const { registry, store } = await setUp();
      const res = (await registry.invoke({
        id: 'test:request-account',
        input: { ...request, dryRun: true },
        credentials: jane,
      })) as { output: any };
      expect(res.output.requestId).toBeNull();
      expect(await store.list({})).toHaveLength(0);
    });

    it('refuses service principals, callers without the permission, production without its permission, and other teams’ groups', async () => {
      const { registry, store } = await setUp();
      const call = (input: object, credentials: BackstageCredentials) =>
        registry.invoke({ id: 'test:request-account', input, credentials });
      await expect(call(request, catalogService)).rejects.toThrow(
        /Only a signed-in user may request/,
      );
      await expect(call(request, eve)).rejects.toThrow(
        /ai-governance\.account\.create/,
      );
      await expect(
        call({ ...request, environment: 'production' }, jane),
      ).rejects.toThrow(/ai-governance\.account\.production\.create/);
      await expect(
        call({ ...request, owner: 'group:default/web-shop' }, jane),
      ).rejects.toThrow(/web-shop/);
      expect(await store.list({})).toHaveLength(0);
    });
  });
});
