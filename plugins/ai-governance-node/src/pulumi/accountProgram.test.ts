import * as pulumi from '@pulumi/pulumi';
import {
  accountResourceArgs,
  accountResourceOptions,
  assumeRoleSessionName,
  awsProviderArgs,
  createAccountProgram,
  sourceIdentityOf,
} from './accountProgram';
import { installRecordingMocks } from './__testUtils__/recordingMocks';
import { testAccountRequest } from '../__testUtils__/accountRequests';

const mocks = installRecordingMocks(
  'ai-governance-accounts',
  'dev-ml-research-1234abcd',
  args => {
    const id =
      args.type === 'aws:organizations/account:Account'
        ? args.id || '210987654321'
        : `${args.name}-id`;
    return {
      id,
      state: {
        ...args.inputs,
        arn: `arn:aws:organizations::111122223333:account/o-example/${id}`,
      },
    };
  },
);
const registered = mocks.resources;

const request = testAccountRequest({
  dataClassification: 'confidential',
  purpose: 'Experiments with foundation models',
  taskId: 'task-42',
});

const settings = {
  roleName: 'OrganizationAccountAccessRole',
  iamUserAccessToBilling: 'DENY' as const,
  closeOnDeletion: false,
};

function outputValue<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise(resolve => output.apply(value => resolve(value)));
}

/** Runs the program and waits until every output resolved, so that every resource was registered. */
async function runProgram(program: () => Promise<any>) {
  const outputs = (await program()) as Record<string, pulumi.Output<string>>;
  const values: Record<string, string> = {};
  for (const [key, output] of Object.entries(outputs)) {
    values[key] = await outputValue(output);
  }
  return values;
}

describe('account program', () => {
  beforeEach(() => {
    mocks.reset();
  });

  it('adopts an existing account by import instead of creating one, ignoring what AWS cannot change in place', async () => {
    await runProgram(
      createAccountProgram({
        request,
        organizationalUnitId: 'ou-ab12-devdevde',
        settings,
        importAccountId: '444455556666',
      }),
    );
    const account = mocks.byName('account');
    expect(account.importId).toBe('444455556666');
    expect(account.ignoreChanges.sort()).toEqual(
      [
        'closeOnDeletion',
        'createGovcloud',
        'email',
        'iamUserAccessToBilling',
        'name',
        'roleName',
      ].sort(),
    );
    expect(account.retainOnDelete).toBe(true);
    expect(account.protect).toBe(false);
    expect(account.inputs.closeOnDeletion).toBe(false);
  });

  it('creates (no import) when no account exists, and protects production accounts', async () => {
    await runProgram(
      createAccountProgram({
        request: { ...request, environment: 'production' },
        organizationalUnitId: 'ou-ab12-prodprod',
        settings,
      }),
    );
    const account = mocks.byName('account');
    expect(account.importId).toBeUndefined();
    expect(account.protect).toBe(true);
    expect(account.retainOnDelete).toBe(true);
  });

  it('registers the Account with every input, through the management provider', async () => {
    const program = createAccountProgram({
      request,
      organizationalUnitId: 'ou-ab12-devdevde',
      settings,
      provider: {
        region: 'us-east-1',
        assumeRole: {
          roleArn: 'arn:aws:iam::111122223333:role/AccountVending',
          sessionName: assumeRoleSessionName('task-42'),
          sourceIdentity: sourceIdentityOf('user:default/jane'),
        },
      },
    });
    const outputs = await runProgram(program);

    const account = registered.find(
      r => r.type === 'aws:organizations/account:Account',
    );
    expect(account).toBeDefined();
    expect(account!.name).toBe('account');
    expect(account!.inputs).toEqual({
      name: 'ML Research',
      email: 'aws+ml-research@example.com',
      parentId: 'ou-ab12-devdevde',
      roleName: 'OrganizationAccountAccessRole',
      iamUserAccessToBilling: 'DENY',
      closeOnDeletion: false,
      tags: {
        'ai-governance:owner': 'group:default/ml-platform',
        'ai-governance:team': 'ml-platform',
        'ai-governance:cost-center': 'CC-1234',
        'ai-governance:data-classification': 'confidential',
        'ai-governance:environment': 'development',
        'ai-governance:requested-by': 'user:default/jane',
        'ai-governance:task': 'task-42',
        'ai-governance:request': expect.stringMatching(
          /^dev-ml-research-[0-9a-f]{8}$/,
        ),
        'ai-governance:managed-by': 'backstage-ai-governance',
      },
    });

    const provider = registered.find(r => r.type === 'pulumi:providers:aws');
    expect(provider).toBeDefined();
    expect(account!.provider).toContain('pulumi:providers:aws::management');
    expect(provider!.inputs.region).toBe('us-east-1');
    const assumeRoles =
      typeof provider!.inputs.assumeRoles === 'string'
        ? JSON.parse(provider!.inputs.assumeRoles)
        : provider!.inputs.assumeRoles;
    expect(assumeRoles).toEqual([
      {
        roleArn: 'arn:aws:iam::111122223333:role/AccountVending',
        sessionName: 'backstage-task-42',
        sourceIdentity: 'user.default.jane',
      },
    ]);

    expect(outputs).toEqual({
      accountId: '210987654321',
      accountArn:
        'arn:aws:organizations::111122223333:account/o-example/210987654321',
      organizationalUnitId: 'ou-ab12-devdevde',
    });
  });

  it('never closes on deletion, even when configured, and points the provider at a sandbox endpoint', async () => {
    const program = createAccountProgram({
      request: { ...request, environment: 'production' },
      organizationalUnitId: 'ou-ab12-prodprod',
      settings: {
        ...settings,
        closeOnDeletion: true,
        iamUserAccessToBilling: 'ALLOW',
      },
      provider: {
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:4566',
        accessKeyId: 'sandbox',
        secretAccessKey: 'sandbox-secret',
      },
    });
    await runProgram(program);
    const account = registered.find(
      r => r.type === 'aws:organizations/account:Account',
    )!;
    expect(account.inputs.closeOnDeletion).toBe(false);
    expect(account.inputs.iamUserAccessToBilling).toBe('ALLOW');
    expect(account.inputs.parentId).toBe('ou-ab12-prodprod');
    expect(account.inputs.tags['ai-governance:environment']).toBe('production');
    const provider = registered.find(r => r.type === 'pulumi:providers:aws')!;
    const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    expect(parse(provider.inputs.endpoints)).toEqual([
      { organizations: 'http://127.0.0.1:4566', sts: 'http://127.0.0.1:4566' },
    ]);
    expect(parse(provider.inputs.skipCredentialsValidation)).toBe(true);
    expect(parse(provider.inputs.skipRequestingAccountId)).toBe(true);
    // Both keys reach the engine as secrets (the secret marker wraps the value).
    const secretSig = '4dabf18193072939515e22adb298388d';
    expect(provider.inputs.accessKey).toEqual({
      [secretSig]: '1b47061264138c4ac30d75fd1eb44270',
      value: 'sandbox',
    });
    expect(provider.inputs.secretKey).toEqual({
      [secretSig]: '1b47061264138c4ac30d75fd1eb44270',
      value: 'sandbox-secret',
    });
  });

  it('uses the default provider when none is configured', async () => {
    await runProgram(
      createAccountProgram({
        request,
        organizationalUnitId: 'ou-ab12-devdevde',
        settings,
      }),
    );
    expect(registered.map(r => r.type)).toEqual([
      'aws:organizations/account:Account',
    ]);
  });
});

describe('accountResourceOptions', () => {
  it('protects production accounts only', () => {
    expect(accountResourceOptions({ environment: 'production' }).protect).toBe(
      true,
    );
    expect(accountResourceOptions({ environment: 'development' }).protect).toBe(
      false,
    );
  });

  it('ignores changes of every field AWS cannot change in place (a diff would replace the account)', () => {
    expect(
      accountResourceOptions({ environment: 'development' }).ignoreChanges,
    ).toEqual(
      expect.arrayContaining([
        'roleName',
        'name',
        'email',
        'iamUserAccessToBilling',
      ]),
    );
  });

  it('waits long enough for AWS, and takes configured timeouts', () => {
    expect(
      accountResourceOptions({ environment: 'development' }).customTimeouts,
    ).toEqual({
      create: '60m',
      update: '20m',
      delete: '30m',
    });
    expect(
      accountResourceOptions({
        environment: 'production',
        timeouts: { create: '2h' },
      }).customTimeouts,
    ).toEqual({ create: '2h', update: '20m', delete: '30m' });
  });
});

describe('provider helpers', () => {
  it('names the role session after the task, within IAM limits', () => {
    expect(assumeRoleSessionName('0f1e2d3c-aaaa-bbbb')).toBe(
      'backstage-0f1e2d3c-aaaa-bbbb',
    );
    expect(assumeRoleSessionName('a b/c')).toBe('backstage-a-b-c');
    expect(assumeRoleSessionName('x'.repeat(100))).toHaveLength(64);
  });

  it('derives the source identity from the user ref', () => {
    expect(sourceIdentityOf('user:default/jane.doe')).toBe(
      'user.default.jane.doe',
    );
    expect(sourceIdentityOf(undefined)).toBeUndefined();
    expect(sourceIdentityOf('x')).toBeUndefined();
  });

  it('builds provider args without assume-role or endpoints when not configured', () => {
    expect(awsProviderArgs({ region: 'us-east-1' })).toEqual({
      region: 'us-east-1',
    });
  });

  it('keeps the secret key a Pulumi secret', async () => {
    const args = awsProviderArgs({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:1',
      secretAccessKey: 'top-secret',
    });
    expect(pulumi.Output.isInstance(args.secretKey)).toBe(true);
    expect(await (args.secretKey as any).isSecret).toBe(true);
  });

  it('builds the account args from the request (pure)', () => {
    const args = accountResourceArgs({
      request,
      organizationalUnitId: 'ou-ab12-devdevde',
      settings,
    });
    expect(args).toEqual(
      accountResourceArgs({
        request,
        organizationalUnitId: 'ou-ab12-devdevde',
        settings,
      }),
    );
    expect(args.parentId).toBe('ou-ab12-devdevde');
  });
});
