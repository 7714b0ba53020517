import type { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  demoOrgModelPath,
  RunningSandbox,
  startSandbox,
} from '@internal/organizations-sandbox';
import {
  AccountVendingSettings,
  AccountVendor,
  createOrganizationsClient,
} from '@internal/plugin-ai-governance-node';
import { createAccountCreateAction } from './accountCreate';

const vending: AccountVendingSettings = {
  engine: 'organizations-api',
  organizationalUnits: {
    development: 'AI/Development',
    production: 'AI/Production',
  },
  emailPattern: 'aws+{name}@example.com',
  roleName: 'OrganizationAccountAccessRole',
  iamUserAccessToBilling: 'DENY',
  closeOnDeletion: false,
  maxConcurrentCreations: 5,
  pollIntervalMs: 25,
  creationTimeoutMs: 30_000,
};

function permissions(denied: string[] = []) {
  const asked: string[] = [];
  const principals: string[] = [];
  const service: PermissionsService = {
    authorize: async (requests, options) => {
      const principal = (options.credentials as any).principal;
      principals.push(principal.userEntityRef ?? principal.type);
      return requests.map(r => {
        asked.push(r.permission.name);
        return {
          result: denied.includes(r.permission.name)
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
        };
      }) as any;
    },
    authorizeConditional: async () => {
      throw new Error('not used');
    },
  };
  return { service, asked, principals };
}

/** A checkpoint store like the scaffolder's: a key that already ran returns its stored result. */
function checkpointCache() {
  const store = new Map<string, unknown>();
  const runs: string[] = [];
  return {
    store,
    runs,
    checkpoint: async ({
      key,
      fn,
    }: {
      key: string;
      fn: () => Promise<any>;
    }) => {
      if (store.has(key)) {
        return store.get(key);
      }
      runs.push(key);
      const value = await fn();
      store.set(key, JSON.parse(JSON.stringify(value ?? null)));
      return value;
    },
  };
}

/** The mock context takes input, user and task; dry run, checkpoint, signal and credentials are spread in. */
function context(options: {
  input: Record<string, any>;
  user?: { ref: string };
  task?: { id: string };
  extra?: Record<string, unknown>;
}) {
  const { extra, ...rest } = options;
  return { ...createMockActionContext(rest as any), ...extra } as any;
}

const input = {
  name: 'ML Research',
  environment: 'development',
  owner: 'group:default/ml-platform',
  costCenter: 'CC-1234',
  dataClassification: 'confidential',
  purpose: 'Fine-tuning experiments',
};

describe('ai-governance:account:create', () => {
  let running: RunningSandbox;
  let vendor: AccountVendor;

  beforeEach(async () => {
    running = await startSandbox({
      seed: demoOrgModelPath,
      createAccountDelayMs: 50,
    });
    vendor = new AccountVendor({
      client: createOrganizationsClient({
        endpoint: running.url,
        rateLimit: { requestsPerSecond: 500, burst: 100, maxConcurrency: 32 },
      }),
      vending,
    });
  });
  afterEach(() => running.close());

  function action(denied: string[] = []) {
    const perms = permissions(denied);
    return {
      perms,
      action: createAccountCreateAction({
        getVendor: async () => vendor,
        permissions: perms.service,
        appBaseUrl: 'http://localhost:3000/',
      }),
    };
  }
  const accounts = () =>
    running.sandbox.snapshot().nodes.filter(n => n.kind === 'account');

  it('creates the account and outputs its id, ARN, OU, stack, engine and dashboard link', async () => {
    const { action: a, perms } = action();
    const logger = mockServices.logger.mock();
    const ctx = context({
      input,
      user: { ref: 'user:default/jane' },
      extra: {
        logger,
        getInitiatorCredentials: async () =>
          mockCredentials.user('user:default/jane'),
      },
    });
    await a.handler(ctx);
    expect(logger.info).toHaveBeenCalledWith(
      'Engine: organizations-api (aiGovernance.vending.engine is organizations-api)',
    );
    expect(perms.principals).toEqual(['user:default/jane']);
    const outputs = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
    const made = accounts().find(
      n => n.email === 'aws+ml-research@example.com',
    )!;
    expect(outputs).toEqual({
      accountId: made.id,
      accountArn: expect.stringMatching(
        new RegExp(
          `^arn:aws:organizations::\\d{12}:account/o-[a-z0-9]+/${made.id}$`,
        ),
      ),
      organizationalUnitId: made.parentId,
      stackName: expect.stringMatching(/^dev-ml-research-[0-9a-f]{8}$/),
      engine: 'organizations-api',
      dashboardUrl: `http://localhost:3000/ai-governance/nodes/${made.id}`,
    });
    expect(made.tags['ai-governance:requested-by']).toBe('user:default/jane');
    expect(made.tags['ai-governance:task']).toBe(ctx.task.id);
    expect(perms.asked).toEqual(['ai-governance.account.create']);
  });

  it('previews on a dry run and changes nothing', async () => {
    const before = accounts().length;
    const ctx = context({ input, extra: { isDryRun: true } });
    await action().action.handler(ctx as any);
    const outputs = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
    expect(outputs.engine).toBe('organizations-api');
    expect(outputs.stackName).toMatch(/^dev-ml-research-/);
    expect(Object.keys(outputs).sort()).toEqual([
      'accountArn',
      'accountId',
      'dashboardUrl',
      'engine',
      'organizationalUnitId',
      'stackName',
    ]);
    expect(accounts()).toHaveLength(before);
    expect(running.sandbox.stats().calls.CreateAccount ?? 0).toBe(0);
  });

  it('does not create again when the task is retried past the checkpoint', async () => {
    const cache = checkpointCache();
    const { action: a } = action();
    const first = context({ input, extra: { checkpoint: cache.checkpoint } });
    await a.handler(first as any);
    const second = context({
      input,
      task: first.task,
      extra: { checkpoint: cache.checkpoint },
    });
    await a.handler(second as any);
    expect(cache.runs).toHaveLength(1);
    expect(cache.runs[0]).toMatch(
      /^ai-governance\.account\.create\.dev-ml-research-/,
    );
    expect(running.sandbox.stats().calls.CreateAccount).toBe(1);
    const id = (c: any) =>
      (c.output as jest.Mock).mock.calls.find(
        ([k]: any) => k === 'accountId',
      )[1];
    expect(id(second)).toBe(id(first));
  });

  it('rejects bad inputs with messages that say what to fix, before touching AWS', async () => {
    const ctx = createMockActionContext({
      input: {
        ...input,
        name: '!',
        owner: 'ml-platform',
        costCenter: 'CC 1',
        email: 'nope',
      },
    });
    const run = action().action.handler(ctx as any);
    await expect(run).rejects.toThrow(/Account name "!" is not valid/);
    await expect(run).rejects.toThrow(/use the form group:default\/team-name/);
    await expect(run).rejects.toThrow(/Email "nope" is not valid/);
    expect(running.sandbox.stats().calls.CreateAccount ?? 0).toBe(0);

    await expect(
      action().action.handler(
        createMockActionContext({
          input: { ...input, environment: 'staging' },
        }) as any,
      ),
    ).rejects.toThrow(
      /Environment "staging" is not known: use one of development, production/,
    );
  });

  it('needs the production permission for production accounts', async () => {
    const { action: a, perms } = action([
      'ai-governance.account.production.create',
    ]);
    const ctx = createMockActionContext({
      input: { ...input, environment: 'production' },
    });
    await expect(a.handler(ctx as any)).rejects.toThrow(
      /You may not request production accounts: ask an AI governance admin for the ai-governance.account.production.create permission/,
    );
    expect(perms.asked).toEqual([
      'ai-governance.account.create',
      'ai-governance.account.production.create',
    ]);
    expect(running.sandbox.stats().calls.CreateAccount ?? 0).toBe(0);
  });

  it('refuses users without the account permission', async () => {
    const ctx = createMockActionContext({ input });
    await expect(
      action(['ai-governance.account.create']).action.handler(ctx as any),
    ).rejects.toThrow(/ai-governance.account.create permission/);
  });

  it('stops when the task is cancelled', async () => {
    await running.close();
    running = await startSandbox({
      seed: demoOrgModelPath,
      createAccountDelayMs: 10_000,
    });
    vendor = new AccountVendor({
      client: createOrganizationsClient({ endpoint: running.url }),
      vending,
    });
    const controller = new AbortController();
    const ctx = context({ input, extra: { signal: controller.signal } });
    const run = action().action.handler(ctx as any);
    setTimeout(() => controller.abort(), 300);
    await expect(run).rejects.toThrow(/cancelled before it finished/);
    expect(controller.signal.aborted).toBe(true);
  });

  it('tells the inventory about the new account, and survives if that fails', async () => {
    const told: string[] = [];
    const perms = permissions();
    const ctx = createMockActionContext({ input });
    await createAccountCreateAction({
      getVendor: async () => vendor,
      permissions: perms.service,
      appBaseUrl: 'http://localhost:3000',
      onAccountVended: async result => {
        told.push(result.accountId);
        throw new Error('inventory down');
      },
    }).handler(ctx as any);
    expect(told).toHaveLength(1);
  });
});
