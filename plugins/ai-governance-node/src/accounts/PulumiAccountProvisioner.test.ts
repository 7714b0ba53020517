import type { EngineEvent, OpType } from '@pulumi/pulumi/automation';
import { ListRootsCommand } from '@aws-sdk/client-organizations';
import { ConfigReader } from '@backstage/config';
import type {
  PulumiOperationOptions,
  PulumiStackSpec,
  PulumiWorkspaceBoundary,
} from '../pulumi/automation';
import { StrictTestLogger } from '../__testUtils__/strictTestLogger';
import {
  installRecordingMocks,
  runProgram,
} from '../pulumi/__testUtils__/recordingMocks';
import {
  demoOrgModelPath,
  startSandbox,
} from '@internal/organizations-sandbox';
import { createOrganizationsClient } from '../organizations';
import { OrganizationsApiAccountProvisioner } from './OrganizationsApiAccountProvisioner';
import { AccountVendor } from './AccountVendor';
import {
  PulumiAccountProvisioner,
  providerSettingsFor,
} from './PulumiAccountProvisioner';
import { testAccountRequest } from '../__testUtils__/accountRequests';

const ACCOUNT = 'aws:organizations/account:Account';

const request = testAccountRequest({
  environment: 'production',
  dataClassification: 'restricted',
  purpose: 'Serving',
  taskId: 'task-9',
});

function event(op: OpType): EngineEvent {
  return {
    sequence: 1,
    timestamp: 0,
    resourcePreEvent: {
      metadata: {
        op,
        urn: `urn:pulumi:s::p::${ACCOUNT}::account`,
        type: ACCOUNT,
        provider: '',
      },
      planning: true,
    },
  };
}

/** A boundary that plays one planned operation for the account and records what it was asked. */
function boundary(op: OpType, upError?: Error) {
  const opened: PulumiStackSpec[] = [];
  let ups = 0;
  const b: PulumiWorkspaceBoundary = {
    async openStack(spec) {
      opened.push(spec);
      return {
        stackName: spec.stackName,
        preview: async (o: PulumiOperationOptions) => {
          o.onEvent(event(op));
          return { changeSummary: { [op]: 1 } };
        },
        up: async (o: PulumiOperationOptions) => {
          ups++;
          o.onOutput('Updating (prod)\n');
          if (upError) throw upError;
          return {
            outputs: {
              accountId: { value: '210987654321', secret: false },
              accountArn: {
                value:
                  'arn:aws:organizations::111122223333:account/o-x/210987654321',
                secret: false,
              },
              organizationalUnitId: {
                value: 'ou-ab12-prodprod',
                secret: false,
              },
            },
          };
        },
        refresh: async () => {},
        outputs: async () => ({}),
        exportState: async () => ({ version: 3, deployment: {} }),
        importState: async () => {},
        cancel: async () => {},
      };
    },
  };
  return { b, opened, ups: () => ups };
}

const settings = {
  roleName: 'OrganizationAccountAccessRole',
  iamUserAccessToBilling: 'DENY' as const,
  closeOnDeletion: false,
  maxConcurrentCreations: 5,
};

const mocks = installRecordingMocks('ai-governance-accounts', 'stack');

describe('PulumiAccountProvisioner adopting an existing account', () => {
  it('imports the account an earlier run made (found by email in the organization) instead of creating a second', async () => {
    const running = await startSandbox({
      seed: demoOrgModelPath,
      createAccountDelayMs: 10,
    });
    try {
      const client = createOrganizationsClient({
        endpoint: running.url,
        rateLimit: { requestsPerSecond: 500, burst: 100, maxConcurrency: 8 },
      });
      const dev = { ...request, environment: 'development' as const };
      // The account exists already (a crashed Pulumi run, or the Organizations API provisioner): tagged with this request.
      const made = await new OrganizationsApiAccountProvisioner({
        client,
        settings: {
          ...settings,
          pollIntervalMs: 20,
          creationTimeoutMs: 10_000,
        },
      }).apply(
        dev,
        (
          await client.send(new ListRootsCommand({}))
        ).Roots![0].Id!,
        { logger: new StrictTestLogger() },
      );
      let ran: Promise<unknown> | undefined;
      const b: PulumiWorkspaceBoundary = {
        async openStack(spec) {
          return {
            stackName: spec.stackName,
            preview: async () => {
              mocks.reset();
              ran = runProgram(spec.program);
              await ran;
              return { changeSummary: {} };
            },
            up: async () => ({ outputs: {} }),
            refresh: async () => {},
            outputs: async () => ({}),
            exportState: async () => ({ version: 3, deployment: {} }),
            importState: async () => {},
            cancel: async () => {},
          };
        },
      };
      const provisioner = new PulumiAccountProvisioner({
        boundary: b,
        projectName: 'ai-governance-accounts',
        settings,
        aws: { region: 'us-east-1' },
        client,
      });
      const logger = new StrictTestLogger();
      await provisioner.preview(dev, 'ou-x', { logger });
      expect(mocks.byName('account').importId).toBe(made.accountId);
      expect(logger.messages.join('\n')).toContain(
        `Account ${made.accountId} already exists for this request`,
      );
      // Another request with the same email is refused, not adopted.
      await expect(
        provisioner.findExistingAccount({
          ...dev,
          taskId: 'other',
          name: 'Other',
        }),
      ).rejects.toThrow(/was not made by this request/);
    } finally {
      await running.close();
    }
  });
});

describe('PulumiAccountProvisioner', () => {
  it('previews, applies the stack of the request and returns its outputs', async () => {
    const { b, opened, ups } = boundary('create');
    const provisioner = new PulumiAccountProvisioner({
      boundary: b,
      projectName: 'ai-governance-accounts',
      settings,
      aws: {
        region: 'us-east-1',
        roleArn: 'arn:aws:iam::111122223333:role/AccountVending',
      },
      retry: { attempts: 1 },
    });
    const logger = new StrictTestLogger();
    const result = await provisioner.apply(request, 'ou-ab12-prodprod', {
      logger,
    });
    expect(result).toEqual({
      accountId: '210987654321',
      accountArn:
        'arn:aws:organizations::111122223333:account/o-x/210987654321',
      organizationalUnitId: 'ou-ab12-prodprod',
      stackName: expect.stringMatching(/^prod-ml-research-[0-9a-f]{8}$/),
      engine: 'pulumi',
      created: true,
    });
    expect(ups()).toBe(1);
    expect(new Set(opened.map(o => o.stackName)).size).toBe(1);
    expect(opened[0].projectName).toBe('ai-governance-accounts');
    expect(opened[0].config).toEqual({ 'aws:region': { value: 'us-east-1' } });
    expect(logger.text()).toContain(
      'would create aws:organizations/account:Account "account"',
    );
    expect(provisioner.limiter.peakActive).toBe(1);
  });

  it('refuses to apply when the plan would replace the account', async () => {
    const { b, ups } = boundary('replace');
    const provisioner = new PulumiAccountProvisioner({
      boundary: b,
      projectName: 'p',
      settings,
      aws: { region: 'us-east-1' },
    });
    await expect(
      provisioner.apply(request, 'ou-ab12-prodprod', {
        logger: new StrictTestLogger(),
      }),
    ).rejects.toMatchObject({
      code: 'PLAN_REFUSED',
      message: expect.stringMatching(/would close an AWS account/),
    });
    expect(ups()).toBe(0);
  });

  it('turns a CreateAccount FailureReason in the CLI error into what to do', async () => {
    const { b } = boundary(
      'create',
      new Error(
        'error: creating AWS Organizations Account: waiting for completion: unexpected state FAILED, FailureReason: EMAIL_ALREADY_EXISTS',
      ),
    );
    const provisioner = new PulumiAccountProvisioner({
      boundary: b,
      projectName: 'p',
      settings,
      aws: { region: 'us-east-1' },
      retry: { attempts: 1 },
    });
    await expect(
      provisioner.apply(request, 'ou-ab12-prodprod', {
        logger: new StrictTestLogger(),
      }),
    ).rejects.toMatchObject({
      code: 'EMAIL_ALREADY_EXISTS',
      message: expect.stringMatching(/Choose a different email/),
    });
  });

  it('names the role session after the task and the source identity after the user', () => {
    expect(
      providerSettingsFor(
        {
          region: 'us-east-1',
          roleArn: 'arn:aws:iam::1:role/r',
          externalId: 'x',
        },
        request,
      ).assumeRole,
    ).toEqual({
      roleArn: 'arn:aws:iam::1:role/r',
      externalId: 'x',
      sessionName: 'backstage-task-9',
      sourceIdentity: 'user.default.jane',
    });
  });
});

describe('AccountVendor provisioner choice', () => {
  const config = (vending: object) =>
    new ConfigReader({
      aiGovernance: {
        organizations: { sandbox: { enabled: true } },
        vending,
        pulumi: { passphrase: 'x', cliFolder: '/nonexistent/pulumi' },
      },
    });

  it('auto falls back to the Organizations API provisioner when no CLI is in the configured folder, and says so', () => {
    const vendor = AccountVendor.fromConfig(config({ engine: 'auto' }), {
      client: {} as any,
      env: { PATH: '' },
    });
    expect(vendor.chooseEngine()).toMatchObject({
      engine: { name: 'organizations-api' },
      reason: 'engine auto: no Pulumi CLI found in /nonexistent/pulumi',
    });
  });

  it('pulumi is chosen when configured, and organizations-api when configured', () => {
    expect(
      AccountVendor.fromConfig(config({ engine: 'pulumi' }), {
        client: {} as any,
      }).chooseProvisioner().provisioner.name,
    ).toBe('pulumi');
    expect(
      AccountVendor.fromConfig(config({ engine: 'organizations-api' }), {
        client: {} as any,
      }).chooseProvisioner().provisioner.name,
    ).toBe('organizations-api');
  });
});
