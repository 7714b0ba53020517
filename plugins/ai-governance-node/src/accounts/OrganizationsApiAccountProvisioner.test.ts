import {
  demoOrgModelPath,
  RunningSandbox,
  startSandbox,
} from '@internal/organizations-sandbox';
import { createOrganizationsClient } from '../organizations';
import { StrictTestLogger } from '../__testUtils__/strictTestLogger';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { AccountVendor } from './AccountVendor';
import { closeAccount } from './closeAccount';
import { OrganizationsApiAccountProvisioner } from './OrganizationsApiAccountProvisioner';
import { AccountRequest, AccountVendingSettings } from './types';

const settings: AccountVendingSettings = {
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

function request(
  name: string,
  extra: Partial<AccountRequest> = {},
): AccountRequest {
  return {
    name,
    email: `aws+${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@example.com`,
    environment: 'development',
    owner: 'group:default/ml-platform',
    costCenter: 'CC-1234',
    dataClassification: 'internal',
    purpose: 'Experiments',
    requestedBy: 'user:default/jane',
    taskId: 'task-1',
    ...extra,
  };
}

describe('Organizations API provisioner against the sandbox', () => {
  let running: RunningSandbox;

  beforeEach(async () => {
    running = await startSandbox({
      seed: demoOrgModelPath,
      createAccountDelayMs: 60,
    });
  });
  afterEach(() => running.close());

  // The product's default rate limit (5 calls per second) is AWS's; these tests do not measure it.
  const client = () =>
    createOrganizationsClient({
      endpoint: running.url,
      rateLimit: { requestsPerSecond: 500, burst: 100, maxConcurrency: 32 },
    });
  const ouId = (path: string[]) => {
    const nodes = running.sandbox.snapshot().nodes;
    return path.reduce(
      (parent, name) =>
        nodes.find(
          n => n.kind === 'ou' && n.parentId === parent && n.name === name,
        )!.id,
      nodes.find(n => n.kind === 'root')!.id,
    );
  };
  const accountsWithEmail = (email: string) =>
    running.sandbox
      .snapshot()
      .nodes.filter(n => n.kind === 'account' && n.email === email);

  it("creates the account under the environment's OU with its tags, and says which provisioner ran", async () => {
    const vendor = new AccountVendor({ client: client(), vending: settings });
    const logger = new StrictTestLogger();
    const req = vendor.resolveRequest({
      name: 'ML Research',
      environment: 'development',
      owner: 'group:default/ml-platform',
      costCenter: 'CC-1234',
      dataClassification: 'confidential',
      purpose: 'Experiments',
      requestedBy: 'user:default/jane',
      taskId: 'task-1',
    });
    expect(req.email).toBe('aws+ml-research@example.com');

    const plan = await vendor.preview(req, { logger });
    expect(plan).toMatchObject({
      action: 'create',
      engine: 'organizations-api',
    });
    expect(accountsWithEmail(req.email)).toHaveLength(0);

    const result = await vendor.apply(req, { logger });
    expect(logger.messages[0]).toBe(
      'Engine: organizations-api (aiGovernance.vending.engine is organizations-api)',
    );
    const devOu = ouId(['AI', 'Development']);
    expect(result).toMatchObject({
      organizationalUnitId: devOu,
      engine: 'organizations-api',
      created: true,
      stackName: expect.stringMatching(/^dev-ml-research-/),
    });
    expect(result.accountArn).toContain(result.accountId);
    const [account] = accountsWithEmail(req.email);
    expect(account).toMatchObject({
      id: result.accountId,
      name: 'ML Research',
      parentId: devOu,
      state: 'ACTIVE',
    });
    expect(account.tags).toMatchObject({
      'ai-governance:owner': 'group:default/ml-platform',
      'ai-governance:team': 'ml-platform',
      'ai-governance:cost-center': 'CC-1234',
      'ai-governance:data-classification': 'confidential',
      'ai-governance:environment': 'development',
      'ai-governance:requested-by': 'user:default/jane',
      'ai-governance:task': 'task-1',
    });
  });

  it('applies the same request twice as one account, and updates its tags', async () => {
    const vendor = new AccountVendor({ client: client(), vending: settings });
    const req = request('Twice');
    const first = await vendor.apply(req, { logger: new StrictTestLogger() });
    const second = await vendor.apply(
      { ...req, taskId: 'task-2' },
      { logger: new StrictTestLogger() },
    );
    expect(second.accountId).toBe(first.accountId);
    expect(second.created).toBe(false);
    expect(accountsWithEmail(req.email)).toHaveLength(1);
    expect(accountsWithEmail(req.email)[0].tags['ai-governance:task']).toBe(
      'task-2',
    );
    expect(
      await vendor.preview(
        { ...req, taskId: 'task-2' },
        { logger: new StrictTestLogger() },
      ),
    ).toMatchObject({ action: 'none', accountId: first.accountId });
    expect(running.sandbox.stats().calls.CreateAccount).toBe(1);
  });

  it('runs the same request started twice at once as one creation', async () => {
    const provisioner = new OrganizationsApiAccountProvisioner({
      client: client(),
      settings,
    });
    const ou = ouId(['AI', 'Development']);
    const req = request('At Once');
    const [a, b] = await Promise.all([
      provisioner.apply(req, ou, { logger: new StrictTestLogger() }),
      provisioner.apply(req, ou, { logger: new StrictTestLogger() }),
    ]);
    expect(a.accountId).toBe(b.accountId);
    expect(accountsWithEmail(req.email)).toHaveLength(1);
  });

  it("moves an account that is in the wrong OU back under the environment's OU", async () => {
    const provisioner = new OrganizationsApiAccountProvisioner({
      client: client(),
      settings,
    });
    const req = request('Mover', { environment: 'production' });
    const prodOu = ouId(['AI', 'Production']);
    const devOu = ouId(['AI', 'Development']);
    const first = await provisioner.apply(req, devOu, {
      logger: new StrictTestLogger(),
    });
    expect(first.organizationalUnitId).toBe(devOu);
    const logger = new StrictTestLogger();
    await provisioner.apply(req, prodOu, { logger });
    expect(accountsWithEmail(req.email)[0].parentId).toBe(prodOu);
    expect(logger.text()).toMatch(
      `Moving account ${first.accountId} from ${devOu} to ${prodOu}`,
    );
  });

  it('vends 20 requests at once with at most 5 creations in progress, all distinct', async () => {
    const provisioner = new OrganizationsApiAccountProvisioner({
      client: client(),
      settings,
    });
    const ou = ouId(['AI', 'Development']);
    const requests = Array.from({ length: 20 }, (_, i) =>
      request(`Parallel ${i + 1}`),
    );
    const results = await Promise.all(
      requests.map(r =>
        provisioner.apply(r, ou, { logger: new StrictTestLogger() }),
      ),
    );
    expect(new Set(results.map(r => r.accountId)).size).toBe(20);
    for (const r of requests) {
      expect(accountsWithEmail(r.email)).toHaveLength(1);
    }
    expect(provisioner.limiter.peakActive).toBe(5);
    expect(running.sandbox.stats().calls.CreateAccount).toBe(20);
    expect(
      running.sandbox.stats().errors.ConstraintViolationException ?? 0,
    ).toBe(0);
  });

  it('reports ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED as the daily quota, without retrying it as an in-flight limit', async () => {
    await running.close();
    // The sandbox answers with this reason when its limit is reached; AWS uses it for the daily creation quota.
    running = await startSandbox({
      seed: demoOrgModelPath,
      createAccountDelayMs: 60,
      limits: { maxCreateAccountInProgress: 0 },
    });
    const provisioner = new OrganizationsApiAccountProvisioner({
      client: client(),
      settings,
    });
    const logger = new StrictTestLogger();
    await expect(
      provisioner.apply(request('Quota'), ouId(['AI', 'Development']), {
        logger,
      }),
    ).rejects.toThrow(
      /daily quota of account creations.*not on creations in progress.*tomorrow/,
    );
    expect(running.sandbox.stats().calls.CreateAccount).toBe(1);
  });

  it('retries ConcurrentModificationException with backoff on its writes, even with a plain SDK client', async () => {
    const plain = new OrganizationsClient({
      endpoint: running.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIASANDBOX', secretAccessKey: 'sandbox' },
    });
    const provisioner = new OrganizationsApiAccountProvisioner({
      client: plain,
      settings,
      concurrentModificationRetry: { maxAttempts: 4, baseDelayMs: 5 },
    });
    running.sandbox.setFaults({ concurrentModificationBurst: 2 });
    const logger = new StrictTestLogger();
    const result = await provisioner.apply(
      request('Busy Org'),
      ouId(['AI', 'Development']),
      { logger },
    );
    expect(result.created).toBe(true);
    expect(logger.text()).toMatch(
      /ConcurrentModificationException\); trying again in \d+ ms \(retry 1 of 3\)/,
    );
  });

  it('counts only ACTIVE accounts as vended: a closed account of the same email is refused, not returned', async () => {
    const c = client();
    const provisioner = new OrganizationsApiAccountProvisioner({
      client: c,
      settings,
    });
    const ou = ouId(['AI', 'Development']);
    const first = await provisioner.apply(request('Closing'), ou, {
      logger: new StrictTestLogger(),
    });
    await closeAccount(c, first.accountId, {
      confirmAccountId: first.accountId,
      requestedBy: 'user:default/admin',
      logger: new StrictTestLogger(),
    });
    await expect(
      new OrganizationsApiAccountProvisioner({ client: c, settings }).apply(
        request('Closing'),
        ou,
        { logger: new StrictTestLogger() },
      ),
    ).rejects.toThrow(
      /is (PENDING_CLOSURE|SUSPENDED): it does not count as vended/,
    );
  });

  it('closes an account only when asked explicitly, with the id confirmed', async () => {
    const c = client();
    const provisioner = new OrganizationsApiAccountProvisioner({
      client: c,
      settings,
    });
    const made = await provisioner.apply(
      request('To Close'),
      ouId(['AI', 'Development']),
      { logger: new StrictTestLogger() },
    );
    await expect(
      closeAccount(c, made.accountId, {
        confirmAccountId: '000000000000',
        requestedBy: 'user:default/admin',
        logger: new StrictTestLogger(),
      }),
    ).rejects.toThrow(
      /needs the 12-digit account id twice.*Nothing was closed/,
    );
    const snapshot = running.sandbox.snapshot();
    expect(
      snapshot.nodes.find(n => n.id === made.accountId)?.state ?? 'ACTIVE',
    ).toBe('ACTIVE');
    await expect(
      closeAccount(c, snapshot.organization.managementAccountId, {
        confirmAccountId: snapshot.organization.managementAccountId,
        requestedBy: 'user:default/admin',
        logger: new StrictTestLogger(),
      }),
    ).rejects.toThrow(/management account/);
  });

  it('turns a FailureReason into a message that says what to do', async () => {
    running.sandbox.setFaults({
      createAccountFailures: [{ reason: 'MISSING_PAYMENT_INSTRUMENT' }],
    });
    const provisioner = new OrganizationsApiAccountProvisioner({
      client: client(),
      settings,
    });
    await expect(
      provisioner.apply(request('No Payment'), ouId(['AI', 'Development']), {
        logger: new StrictTestLogger(),
      }),
    ).rejects.toThrow(/no valid payment method.*Billing console/);
  });

  it('retries a creation that failed with CONCURRENT_ACCOUNT_MODIFICATION', async () => {
    running.sandbox.setFaults({
      createAccountFailures: [
        {
          reason: 'CONCURRENT_ACCOUNT_MODIFICATION',
          emailPattern: '^aws\\+retry@',
        },
      ],
    });
    const provisioner = new OrganizationsApiAccountProvisioner({
      client: client(),
      settings,
      retryDelayMs: 10,
    });
    const logger = new StrictTestLogger();
    const run = provisioner.apply(
      request('Retry'),
      ouId(['AI', 'Development']),
      {
        logger,
      },
    );
    // The first creation fails; clear the fault once it was asked for, so that the retry succeeds.
    const clearer = setInterval(() => {
      if ((running.sandbox.stats().calls.CreateAccount ?? 0) >= 1) {
        running.sandbox.setFaults({});
        clearInterval(clearer);
      }
    }, 2);
    const result = await run;
    expect(result.created).toBe(true);
    expect(running.sandbox.stats().calls.CreateAccount).toBe(2);
    expect(logger.text()).toMatch(
      /failed with CONCURRENT_ACCOUNT_MODIFICATION; trying again/,
    );
  });

  it('refuses an email another account already uses', async () => {
    const provisioner = new OrganizationsApiAccountProvisioner({
      client: client(),
      settings,
    });
    const existing = running.sandbox
      .snapshot()
      .nodes.find(n => n.name === 'ml-research-dev')!;
    await expect(
      provisioner.apply(
        request('Taken', { email: existing.email! }),
        ouId(['AI', 'Development']),
        {
          logger: new StrictTestLogger(),
        },
      ),
    ).rejects.toThrow(
      /already uses .* and was not made by this request\. Choose another email/,
    );
    expect(running.sandbox.stats().calls.CreateAccount ?? 0).toBe(0);
  });

  it('stops waiting when cancelled', async () => {
    await running.close();
    running = await startSandbox({
      seed: demoOrgModelPath,
      createAccountDelayMs: 10_000,
    });
    const provisioner = new OrganizationsApiAccountProvisioner({
      client: client(),
      settings,
    });
    const controller = new AbortController();
    const run = provisioner.apply(
      request('Cancelled'),
      ouId(['AI', 'Development']),
      {
        logger: new StrictTestLogger(),
        signal: controller.signal,
      },
    );
    setTimeout(() => controller.abort(), 200);
    await expect(run).rejects.toThrow(/cancelled/i);
    expect(provisioner.limiter.activeCount).toBe(0);
  });

  it('says which OU is missing', async () => {
    const vendor = new AccountVendor({
      client: client(),
      vending: {
        ...settings,
        organizationalUnits: {
          development: 'AI/Nope',
          production: 'AI/Production',
        },
      },
    });
    await expect(
      vendor.apply(request('Lost'), { logger: new StrictTestLogger() }),
    ).rejects.toThrow(
      /The OU "AI\/Nope" configured for the development environment was not found/,
    );
  });
});
