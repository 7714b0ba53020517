/**
 * Conformance: the real AWS SDK for JavaScript v3 against the running sandbox over HTTP, for every operation and
 * every exception the sandbox returns.
 */
import {
  AttachPolicyCommand,
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  DeleteOrganizationalUnitCommand,
  DeletePolicyCommand,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  DescribeEffectivePolicyCommand,
  DescribeOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  DetachPolicyCommand,
  DisableAWSServiceAccessCommand,
  EnableAWSServiceAccessCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListDelegatedAdministratorsCommand,
  ListDelegatedServicesForAccountCommand,
  ListHandshakesForOrganizationCommand,
  DisablePolicyTypeCommand,
  EnablePolicyTypeCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListCreateAccountStatusCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  ListTargetsForPolicyCommand,
  MoveAccountCommand,
  OrganizationsClient,
  paginateListAccounts,
  paginateListChildren,
  paginateListPolicies,
  RemoveAccountFromOrganizationCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateOrganizationalUnitCommand,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import {
  compileOrgModel,
  OrgSnapshot,
} from '@internal/plugin-ai-governance-common';
import {
  demoOrgModelPath,
  loadOrgModelFile,
  RunningSandbox,
  startSandbox,
} from '.';

const SCP = (sid = 'DenyX') =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: sid, Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' },
    ],
  });

let running: RunningSandbox;
let client: OrganizationsClient;
let demo: OrgSnapshot;

const node = (name: string) => demo.nodes.find(n => n.name === name)!;
const policyId = (name: string) => demo.policies.find(p => p.name === name)!.id;

async function expectError(
  promise: Promise<unknown>,
  name: string,
  reason?: string,
): Promise<any> {
  const error: any = await promise.then(
    () => {
      throw new Error(`expected ${name}, but the call succeeded`);
    },
    e => e,
  );
  expect(error.name).toBe(name);
  expect(error.$metadata.httpStatusCode).toBe(
    name === 'ServiceException' ? 500 : 400,
  );
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(10);
  if (reason) expect(error.Reason).toBe(reason);
  return error;
}

/** Added to the sandbox's clock: tests step time with it instead of waiting. */
let clockOffset = 0;

async function waitForCreateAccount(id: string) {
  for (let i = 0; i < 100; i++) {
    const { CreateAccountStatus } = await client.send(
      new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: id }),
    );
    if (CreateAccountStatus!.State !== 'IN_PROGRESS')
      return CreateAccountStatus!;
    // Step the sandbox's clock instead of sleeping, so a loaded machine cannot make the test flaky.
    clockOffset += 1_000;
  }
  throw new Error('CreateAccount did not finish');
}

/** The demo org (the governance baseline) enables no RCPs: tests of RCP behaviour enable them as AWS would. */
async function enableRcps() {
  await client.send(
    new EnablePolicyTypeCommand({
      RootId: demo.nodes[0].id,
      PolicyType: 'RESOURCE_CONTROL_POLICY',
    }),
  );
}


beforeAll(() => {
  demo = compileOrgModel(loadOrgModelFile(demoOrgModelPath));
});

beforeEach(async () => {
  running = await startSandbox({
    seed: demoOrgModelPath,
    createAccountDelayMs: 5_000,
    closeAccountDelayMs: 5_000,
    now: () => Date.now() + clockOffset,
  });
  client = new OrganizationsClient({
    endpoint: running.url,
    region: 'us-east-1',
    credentials: {
      accessKeyId: 'AKIDSANDBOX',
      secretAccessKey: 'sandbox-secret',
    },
    maxAttempts: 1,
  });
});

afterEach(async () => {
  client.destroy();
  await running.close();
});

describe('reads', () => {
  it('DescribeOrganization and ListRoots describe the seeded organization with the compiled ids', async () => {
    const { Organization } = await client.send(
      new DescribeOrganizationCommand({}),
    );
    expect(Organization).toMatchObject({
      Id: demo.organization.id,
      FeatureSet: 'ALL',
      MasterAccountId: '111111111111',
      MasterAccountEmail: 'aws-management@example.com',
    });
    const { Roots } = await client.send(new ListRootsCommand({}));
    expect(Roots).toEqual([
      {
        Id: demo.nodes[0].id,
        Arn: `arn:aws:organizations::111111111111:root/${demo.organization.id}/${demo.nodes[0].id}`,
        Name: 'Root',
        PolicyTypes: [
          { Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' },
          { Type: 'AISERVICES_OPT_OUT_POLICY', Status: 'ENABLED' },
        ],
      },
    ]);
  });

  it('the snapshot equals the compiled org model', () => {
    const snapshot = running.sandbox.snapshot();
    expect({ ...snapshot, capturedAt: '' }).toEqual({
      ...demo,
      capturedAt: '',
    });
  });

  it('ListOrganizationalUnitsForParent, ListChildren and ListParents walk the tree', async () => {
    const rootId = demo.nodes[0].id;
    const { OrganizationalUnits } = await client.send(
      new ListOrganizationalUnitsForParentCommand({ ParentId: rootId }),
    );
    expect(OrganizationalUnits!.map(o => o.Name)).toEqual([
      'Security',
      'Infrastructure',
      'Workloads',
      'AI',
    ]);
    const ai = node('AI');
    const { Children } = await client.send(
      new ListChildrenCommand({
        ParentId: ai.id,
        ChildType: 'ORGANIZATIONAL_UNIT',
      }),
    );
    expect(Children).toEqual([
      { Id: node('Development').id, Type: 'ORGANIZATIONAL_UNIT' },
      { Id: node('Production').id, Type: 'ORGANIZATIONAL_UNIT' },
    ]);
    const accounts = await client.send(
      new ListChildrenCommand({
        ParentId: node('Production').id,
        ChildType: 'ACCOUNT',
      }),
    );
    expect(accounts.Children!.map(c => c.Id)).toEqual(
      ['ml-platform-prod', 'genai-assistant-prod', 'ml-research-prod'].map(
        n => node(n).id,
      ),
    );
    const { Parents } = await client.send(
      new ListParentsCommand({ ChildId: node('ml-platform-prod').id }),
    );
    expect(Parents).toEqual([
      { Id: node('Production').id, Type: 'ORGANIZATIONAL_UNIT' },
    ]);
    const top = await client.send(new ListParentsCommand({ ChildId: ai.id }));
    expect(top.Parents).toEqual([{ Id: rootId, Type: 'ROOT' }]);
  });

  it('ListAccounts, ListAccountsForParent and DescribeAccount return State, Status and timestamps', async () => {
    const { Account } = await client.send(
      new DescribeAccountCommand({ AccountId: node('ml-research-dev').id }),
    );
    expect(Account).toEqual({
      Id: node('ml-research-dev').id,
      Arn: `arn:aws:organizations::111111111111:account/${
        demo.organization.id
      }/${node('ml-research-dev').id}`,
      Email: 'ml-research-dev@example.com',
      Name: 'ml-research-dev',
      Status: 'ACTIVE',
      State: 'ACTIVE',
      JoinedMethod: 'CREATED',
      JoinedTimestamp: new Date('2024-01-01T00:00:00Z'),
    });
    const forParent = await client.send(
      new ListAccountsForParentCommand({ ParentId: node('Security').id }),
    );
    expect(forParent.Accounts!.map(a => a.Name)).toEqual([
      'security-audit',
      'log-archive',
    ]);
    const all = await client.send(new ListAccountsCommand({}));
    expect(all.Accounts).toHaveLength(13);
    expect(all.NextToken).toBeUndefined();
  });

  it('DescribeOrganizationalUnit, DescribePolicy, ListPolicies, ListPoliciesForTarget, ListTargetsForPolicy', async () => {
    const ou = await client.send(
      new DescribeOrganizationalUnitCommand({
        OrganizationalUnitId: node('AI').id,
      }),
    );
    expect(ou.OrganizationalUnit!.Name).toBe('AI');

    const { Policy } = await client.send(
      new DescribePolicyCommand({
        PolicyId: policyId('guardrail-ai-approved-bedrock-models'),
      }),
    );
    expect(Policy!.PolicySummary).toMatchObject({
      Name: 'guardrail-ai-approved-bedrock-models',
      Type: 'SERVICE_CONTROL_POLICY',
      AwsManaged: false,
      Description:
        'Only approved Bedrock models may be invoked, with the required guardrail where configured',
    });
    expect(JSON.parse(Policy!.Content!).Statement[0].Action).toContain(
      'bedrock:InvokeModel',
    );

    const full = await client.send(
      new DescribePolicyCommand({ PolicyId: 'p-FullAWSAccess' }),
    );
    expect(full.Policy!.PolicySummary!.Arn).toBe(
      'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
    );

    const scps = await client.send(
      new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }),
    );
    expect(scps.Policies!.map(p => p.Name)).toEqual(
      expect.arrayContaining([
        'FullAWSAccess',
        'guardrail-ai-approved-bedrock-models',
      ]),
    );
    expect(scps.Policies!.every(p => p.Type === 'SERVICE_CONTROL_POLICY')).toBe(
      true,
    );

    const forProd = await client.send(
      new ListPoliciesForTargetCommand({
        TargetId: node('Production').id,
        Filter: 'SERVICE_CONTROL_POLICY',
      }),
    );
    expect(forProd.Policies!.map(p => p.Name)).toEqual([
      'FullAWSAccess',
      'guardrail-ai-sagemaker-vpc-kms',
      'guardrail-ai-protect-models',
    ]);

    const targets = await client.send(
      new ListTargetsForPolicyCommand({
        PolicyId: policyId('guardrail-ai-approved-bedrock-models'),
      }),
    );
    expect(targets.Targets).toEqual([
      {
        TargetId: node('AI').id,
        Arn: `arn:aws:organizations::111111111111:ou/${demo.organization.id}/${
          node('AI').id
        }`,
        Name: 'AI',
        Type: 'ORGANIZATIONAL_UNIT',
      },
    ]);
  });

  it('DescribeEffectivePolicy merges the AI opt-out policies down to an account', async () => {
    const { EffectivePolicy } = await client.send(
      new DescribeEffectivePolicyCommand({
        PolicyType: 'AISERVICES_OPT_OUT_POLICY',
        TargetId: node('genai-sandbox').id,
      }),
    );
    expect(EffectivePolicy!.TargetId).toBe(node('genai-sandbox').id);
    const effective = JSON.parse(EffectivePolicy!.PolicyContent!);
    // The root's locked opt-out, merged: every service listed resolves to optOut, operators gone.
    expect(Object.keys(effective.services)).toEqual([
      'default',
      'comprehend',
      'lex',
      'polly',
      'rekognition',
      'textract',
      'transcribe',
      'translate',
    ]);
    for (const service of Object.values(effective.services))
      expect(service).toEqual({ opt_out_policy: 'optOut' });
    await expectError(
      client.send(
        new DescribeEffectivePolicyCommand({
          PolicyType: 'TAG_POLICY',
          TargetId: node('genai-sandbox').id,
        }),
      ),
      'EffectivePolicyNotFoundException',
    );
    await expectError(
      client.send(
        new DescribeEffectivePolicyCommand({
          PolicyType: 'AISERVICES_OPT_OUT_POLICY',
          TargetId: node('AI').id,
        }),
      ),
      'InvalidInputException',
      'TARGET_NOT_SUPPORTED',
    );
    await expectError(
      client.send(
        new DescribeEffectivePolicyCommand({
          PolicyType: 'SERVICE_CONTROL_POLICY' as any,
        }),
      ),
      'InvalidInputException',
      'INVALID_ENUM_POLICY_TYPE',
    );
  });

  it('ListTagsForResource returns the tags of accounts', async () => {
    const { Tags } = await client.send(
      new ListTagsForResourceCommand({
        ResourceId: node('ml-research-prod').id,
      }),
    );
    expect(Tags).toEqual([
      { Key: 'owner', Value: 'group:default/ml-research' },
      { Key: 'environment', Value: 'production' },
    ]);
  });
});

describe('pagination', () => {
  it('the SDK paginators see several pages', async () => {
    const pages: number[] = [];
    for await (const page of paginateListAccounts(
      { client, pageSize: 5 },
      {},
    )) {
      pages.push(page.Accounts!.length);
    }
    expect(pages).toEqual([5, 5, 3]);

    const childPages: string[][] = [];
    for await (const page of paginateListChildren(
      { client, pageSize: 1 },
      { ParentId: demo.nodes[0].id, ChildType: 'ORGANIZATIONAL_UNIT' },
    )) {
      childPages.push(page.Children!.map(c => c.Id!));
    }
    expect(childPages).toHaveLength(4);

    const names: string[] = [];
    for await (const page of paginateListPolicies(
      { client, pageSize: 2 },
      { Filter: 'SERVICE_CONTROL_POLICY' },
    )) {
      names.push(...page.Policies!.map(p => p.Name!));
    }
    expect(names).toHaveLength(8);
    expect(running.sandbox.stats().calls.ListPolicies).toBe(4);
  });

  it('pagination survives empty pages that carry a NextToken', async () => {
    running.sandbox.setFaults({ emptyPageProbability: 0.5, seed: 3 });
    const ids: string[] = [];
    let pages = 0;
    let empty = 0;
    for await (const page of paginateListAccounts(
      { client, pageSize: 4 },
      {},
    )) {
      pages++;
      if (page.Accounts!.length === 0) empty++;
      ids.push(...page.Accounts!.map(a => a.Id!));
    }
    expect(empty).toBeGreaterThan(0);
    expect(pages).toBeGreaterThan(4);
    expect(new Set(ids).size).toBe(13);
  });

  it('rejects MaxResults outside 1 to 20 and foreign NextTokens', async () => {
    await expectError(
      client.send(new ListAccountsCommand({ MaxResults: 21 })),
      'InvalidInputException',
      'MAX_VALUE_EXCEEDED',
    );
    await expectError(
      client.send(new ListAccountsCommand({ MaxResults: 0 })),
      'InvalidInputException',
      'MIN_VALUE_EXCEEDED',
    );
    await expectError(
      client.send(new ListAccountsCommand({ NextToken: 'garbage' })),
      'InvalidInputException',
      'INVALID_NEXT_TOKEN',
    );
    const first = await client.send(new ListAccountsCommand({ MaxResults: 2 }));
    await expectError(
      client.send(
        new ListAccountsForParentCommand({
          ParentId: demo.nodes[0].id,
          NextToken: first.NextToken,
        }),
      ),
      'InvalidInputException',
      'INVALID_NEXT_TOKEN',
    );
  });
});

describe('organizational units', () => {
  it('create, update and delete an OU; new OUs carry FullAWSAccess and RCPFullAWSAccess', async () => {
    await enableRcps();
    const { OrganizationalUnit } = await client.send(
      new CreateOrganizationalUnitCommand({
        ParentId: node('AI').id,
        Name: 'Staging',
        Tags: [{ Key: 'owner', Value: 'group:default/ml-platform' }],
      }),
    );
    expect(OrganizationalUnit!.Id).toMatch(
      new RegExp(`^ou-${demo.nodes[0].id.slice(2)}-[a-z0-9]{8}$`),
    );
    const scps = await client.send(
      new ListPoliciesForTargetCommand({
        TargetId: OrganizationalUnit!.Id,
        Filter: 'SERVICE_CONTROL_POLICY',
      }),
    );
    expect(scps.Policies!.map(p => p.Id)).toEqual(['p-FullAWSAccess']);
    const rcps = await client.send(
      new ListPoliciesForTargetCommand({
        TargetId: OrganizationalUnit!.Id,
        Filter: 'RESOURCE_CONTROL_POLICY',
      }),
    );
    expect(rcps.Policies!.map(p => p.Id)).toEqual(['p-RCPFullAWSAccess']);
    const tags = await client.send(
      new ListTagsForResourceCommand({ ResourceId: OrganizationalUnit!.Id }),
    );
    expect(tags.Tags).toEqual([
      { Key: 'owner', Value: 'group:default/ml-platform' },
    ]);

    const updated = await client.send(
      new UpdateOrganizationalUnitCommand({
        OrganizationalUnitId: OrganizationalUnit!.Id,
        Name: 'PreProduction',
      }),
    );
    expect(updated.OrganizationalUnit!.Name).toBe('PreProduction');

    await client.send(
      new DeleteOrganizationalUnitCommand({
        OrganizationalUnitId: OrganizationalUnit!.Id,
      }),
    );
    await expectError(
      client.send(
        new DescribeOrganizationalUnitCommand({
          OrganizationalUnitId: OrganizationalUnit!.Id,
        }),
      ),
      'OrganizationalUnitNotFoundException',
    );
    expect(
      running.sandbox
        .snapshot()
        .nodes.some(n => n.id === OrganizationalUnit!.Id),
    ).toBe(false);
  });

  it('DuplicateOrganizationalUnitException on create and rename; same name allowed under another parent', async () => {
    await expectError(
      client.send(
        new CreateOrganizationalUnitCommand({
          ParentId: node('AI').id,
          Name: 'Production',
        }),
      ),
      'DuplicateOrganizationalUnitException',
    );
    await expectError(
      client.send(
        new UpdateOrganizationalUnitCommand({
          OrganizationalUnitId: node('Development').id,
          Name: 'Production',
        }),
      ),
      'DuplicateOrganizationalUnitException',
    );
    await client.send(
      new CreateOrganizationalUnitCommand({
        ParentId: node('Workloads').id,
        Name: 'Production',
      }),
    );
  });

  it('ConstraintViolationException OU_DEPTH_LIMIT_EXCEEDED beyond 5 levels', async () => {
    let parent = node('Production').id; // level 2
    for (const name of ['L3', 'L4', 'L5']) {
      const { OrganizationalUnit } = await client.send(
        new CreateOrganizationalUnitCommand({ ParentId: parent, Name: name }),
      );
      parent = OrganizationalUnit!.Id!;
    }
    await expectError(
      client.send(
        new CreateOrganizationalUnitCommand({ ParentId: parent, Name: 'L6' }),
      ),
      'ConstraintViolationException',
      'OU_DEPTH_LIMIT_EXCEEDED',
    );
  });

  it('OrganizationalUnitNotEmptyException, ParentNotFoundException, ChildNotFoundException', async () => {
    await expectError(
      client.send(
        new DeleteOrganizationalUnitCommand({
          OrganizationalUnitId: node('AI').id,
        }),
      ),
      'OrganizationalUnitNotEmptyException',
    );
    const missingOu = `ou-${demo.nodes[0].id.slice(2)}-zzzzzzzz`;
    await expectError(
      client.send(
        new CreateOrganizationalUnitCommand({ ParentId: missingOu, Name: 'x' }),
      ),
      'ParentNotFoundException',
    );
    await expectError(
      client.send(
        new ListChildrenCommand({ ParentId: missingOu, ChildType: 'ACCOUNT' }),
      ),
      'ParentNotFoundException',
    );
    await expectError(
      client.send(new ListAccountsForParentCommand({ ParentId: missingOu })),
      'ParentNotFoundException',
    );
    await expectError(
      client.send(
        new ListOrganizationalUnitsForParentCommand({ ParentId: 'r-zzzz' }),
      ),
      'ParentNotFoundException',
    );
    await expectError(
      client.send(new ListParentsCommand({ ChildId: '999999999999' })),
      'ChildNotFoundException',
    );
    await expectError(
      client.send(new ListParentsCommand({ ChildId: 'nonsense' })),
      'InvalidInputException',
      'INVALID_PATTERN',
    );
  });
});

describe('accounts', () => {
  it('CreateAccount is asynchronous and the new account lands in the root with the default policies', async () => {
    const { CreateAccountStatus } = await client.send(
      new CreateAccountCommand({
        Email: 'new-team@example.com',
        AccountName: 'new-team',
        Tags: [{ Key: 'owner', Value: 'group:default/new-team' }],
      }),
    );
    expect(CreateAccountStatus!.State).toBe('IN_PROGRESS');
    expect(CreateAccountStatus!.Id).toMatch(/^car-[a-z0-9]{32}$/);
    const done = await waitForCreateAccount(CreateAccountStatus!.Id!);
    expect(done.State).toBe('SUCCEEDED');
    expect(done.AccountId).toMatch(/^\d{12}$/);
    expect(done.CompletedTimestamp).toBeInstanceOf(Date);
    const { Parents } = await client.send(
      new ListParentsCommand({ ChildId: done.AccountId }),
    );
    expect(Parents).toEqual([{ Id: demo.nodes[0].id, Type: 'ROOT' }]);
    const scps = await client.send(
      new ListPoliciesForTargetCommand({
        TargetId: done.AccountId,
        Filter: 'SERVICE_CONTROL_POLICY',
      }),
    );
    expect(scps.Policies!.map(p => p.Id)).toEqual(['p-FullAWSAccess']);
    const tags = await client.send(
      new ListTagsForResourceCommand({ ResourceId: done.AccountId }),
    );
    expect(tags.Tags).toEqual([
      { Key: 'owner', Value: 'group:default/new-team' },
    ]);
    const list = await client.send(
      new ListCreateAccountStatusCommand({ States: ['SUCCEEDED'] }),
    );
    expect(list.CreateAccountStatuses!.map(s => s.Id)).toEqual([
      CreateAccountStatus!.Id,
    ]);
  });

  it('a duplicate email ends FAILED with EMAIL_ALREADY_EXISTS; bad input is rejected at once', async () => {
    const { CreateAccountStatus } = await client.send(
      new CreateAccountCommand({
        Email: 'ml-research-dev@example.com',
        AccountName: 'again',
      }),
    );
    const done = await waitForCreateAccount(CreateAccountStatus!.Id!);
    expect(done).toMatchObject({
      State: 'FAILED',
      FailureReason: 'EMAIL_ALREADY_EXISTS',
    });
    expect(done.AccountId).toBeUndefined();
    await expectError(
      client.send(
        new CreateAccountCommand({ Email: 'not-an-email', AccountName: 'x' }),
      ),
      'InvalidInputException',
      'INVALID_PATTERN',
    );
    await expectError(
      client.send(
        new CreateAccountCommand({
          Email: 'ok@example.com',
          AccountName: 'x'.repeat(51),
        }),
      ),
      'InvalidInputException',
      'MAX_LENGTH_EXCEEDED',
    );
    await expectError(
      client.send(
        new CreateAccountCommand({ Email: 'ok@example.com', AccountName: '' }),
      ),
      'InvalidInputException',
      'INPUT_REQUIRED',
    );
    await expectError(
      client.send(
        new DescribeCreateAccountStatusCommand({
          CreateAccountRequestId: 'car-0000000000000000',
        }),
      ),
      'CreateAccountStatusNotFoundException',
    );
  });

  it('at most 5 CreateAccount requests in progress', async () => {
    const slow = await startSandbox({ createAccountDelayMs: 60_000 });
    const c = new OrganizationsClient({
      endpoint: slow.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      maxAttempts: 1,
    });
    try {
      for (let i = 0; i < 5; i++) {
        await c.send(
          new CreateAccountCommand({
            Email: `a${i}@example.com`,
            AccountName: `a${i}`,
          }),
        );
      }
      await expectError(
        c.send(
          new CreateAccountCommand({
            Email: 'a5@example.com',
            AccountName: 'a5',
          }),
        ),
        'ConstraintViolationException',
        'ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED',
      );
      const { CreateAccountStatuses } = await c.send(
        new ListCreateAccountStatusCommand({ States: ['IN_PROGRESS'] }),
      );
      expect(CreateAccountStatuses).toHaveLength(5);
    } finally {
      c.destroy();
      await slow.close();
    }
  });

  it('CreateAccount failures injected by reason; ACCOUNT_LIMIT_EXCEEDED at the account quota', async () => {
    running.sandbox.setFaults({
      createAccountFailures: [
        { reason: 'INVALID_EMAIL', emailPattern: '^bounce' },
      ],
    });
    const bad = await client.send(
      new CreateAccountCommand({
        Email: 'bounce@example.com',
        AccountName: 'b',
      }),
    );
    const good = await client.send(
      new CreateAccountCommand({ Email: 'fine@example.com', AccountName: 'f' }),
    );
    expect(
      await waitForCreateAccount(bad.CreateAccountStatus!.Id!),
    ).toMatchObject({ State: 'FAILED', FailureReason: 'INVALID_EMAIL' });
    expect(
      await waitForCreateAccount(good.CreateAccountStatus!.Id!),
    ).toMatchObject({ State: 'SUCCEEDED' });

    const small = await startSandbox({
      createAccountDelayMs: 0,
      limits: { maxAccounts: 1 },
    });
    const c = new OrganizationsClient({
      endpoint: small.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    try {
      const r = await c.send(
        new CreateAccountCommand({
          Email: 'one@example.com',
          AccountName: 'one',
        }),
      );
      const { CreateAccountStatus } = await c.send(
        new DescribeCreateAccountStatusCommand({
          CreateAccountRequestId: r.CreateAccountStatus!.Id,
        }),
      );
      expect(CreateAccountStatus).toMatchObject({
        State: 'FAILED',
        FailureReason: 'ACCOUNT_LIMIT_EXCEEDED',
      });
    } finally {
      c.destroy();
      await small.close();
    }
  });

  it('MoveAccount checks the source and destination parents', async () => {
    const account = node('genai-sandbox').id;
    const dev = node('Development').id;
    const prod = node('Production').id;
    await expectError(
      client.send(
        new MoveAccountCommand({
          AccountId: account,
          SourceParentId: prod,
          DestinationParentId: dev,
        }),
      ),
      'AccountNotFoundException',
    );
    await expectError(
      client.send(
        new MoveAccountCommand({
          AccountId: account,
          SourceParentId: `ou-${demo.nodes[0].id.slice(2)}-zzzzzzzz`,
          DestinationParentId: prod,
        }),
      ),
      'SourceParentNotFoundException',
    );
    await expectError(
      client.send(
        new MoveAccountCommand({
          AccountId: account,
          SourceParentId: dev,
          DestinationParentId: `ou-${demo.nodes[0].id.slice(2)}-zzzzzzzz`,
        }),
      ),
      'DestinationParentNotFoundException',
    );
    await expectError(
      client.send(
        new MoveAccountCommand({
          AccountId: account,
          SourceParentId: dev,
          DestinationParentId: dev,
        }),
      ),
      'DuplicateAccountException',
    );
    await client.send(
      new MoveAccountCommand({
        AccountId: account,
        SourceParentId: dev,
        DestinationParentId: prod,
      }),
    );
    const { Parents } = await client.send(
      new ListParentsCommand({ ChildId: account }),
    );
    expect(Parents![0].Id).toBe(prod);
  });

  it('CloseAccount goes PENDING_CLOSURE then SUSPENDED; the management account cannot be closed', async () => {
    const id = node('web-shop-dev').id;
    await client.send(new CloseAccountCommand({ AccountId: id }));
    const pending = await client.send(
      new DescribeAccountCommand({ AccountId: id }),
    );
    expect(pending.Account).toMatchObject({
      State: 'PENDING_CLOSURE',
      Status: 'PENDING_CLOSURE',
    });
    await expectError(
      client.send(new CloseAccountCommand({ AccountId: id })),
      'AccountAlreadyClosedException',
    );
    clockOffset += 5_000;
    const closed = await client.send(
      new DescribeAccountCommand({ AccountId: id }),
    );
    expect(closed.Account).toMatchObject({
      State: 'SUSPENDED',
      Status: 'SUSPENDED',
    });
    await expectError(
      client.send(new CloseAccountCommand({ AccountId: '111111111111' })),
      'ConstraintViolationException',
      'CANNOT_CLOSE_MANAGEMENT_ACCOUNT',
    );
  });

  it('RemoveAccountFromOrganization; MasterCannotLeaveOrganizationException; AccountNotFoundException', async () => {
    const id = node('data-platform').id;
    await client.send(
      new RemoveAccountFromOrganizationCommand({ AccountId: id }),
    );
    await expectError(
      client.send(new DescribeAccountCommand({ AccountId: id })),
      'AccountNotFoundException',
    );
    await expectError(
      client.send(
        new RemoveAccountFromOrganizationCommand({ AccountId: '111111111111' }),
      ),
      'MasterCannotLeaveOrganizationException',
    );
    await expectError(
      client.send(new DescribeAccountCommand({ AccountId: '12' })),
      'InvalidInputException',
      'INVALID_PATTERN',
    );
  });

  it('TagResource and UntagResource on accounts, OUs, roots and policies; TargetNotFoundException; tag limits', async () => {
    for (const id of [
      node('AI').id,
      demo.nodes[0].id,
      policyId('guardrail-ai-sagemaker-notebooks'),
      node('log-archive').id,
    ]) {
      await client.send(
        new TagResourceCommand({
          ResourceId: id,
          Tags: [
            { Key: 'k', Value: 'v' },
            { Key: 'gone', Value: 'x' },
          ],
        }),
      );
      await client.send(
        new UntagResourceCommand({ ResourceId: id, TagKeys: ['gone'] }),
      );
      const { Tags } = await client.send(
        new ListTagsForResourceCommand({ ResourceId: id }),
      );
      expect(Tags).toContainEqual({ Key: 'k', Value: 'v' });
      expect(Tags!.some(t => t.Key === 'gone')).toBe(false);
    }
    await expectError(
      client.send(
        new TagResourceCommand({
          ResourceId: '999999999999',
          Tags: [{ Key: 'a', Value: 'b' }],
        }),
      ),
      'TargetNotFoundException',
    );
    await expectError(
      client.send(
        new TagResourceCommand({
          ResourceId: node('AI').id,
          Tags: [{ Key: 'aws:x', Value: 'b' }],
        }),
      ),
      'InvalidInputException',
      'INVALID_SYSTEM_TAGS_PARAMETER',
    );
    const many = Array.from({ length: 51 }, (_, i) => ({
      Key: `k${i}`,
      Value: 'v',
    }));
    await expectError(
      client.send(
        new TagResourceCommand({ ResourceId: node('AI').id, Tags: many }),
      ),
      'ConstraintViolationException',
      'MAX_TAG_LIMIT_EXCEEDED',
    );
  });
});

describe('policies', () => {
  it('CreatePolicy, UpdatePolicy, AttachPolicy, DetachPolicy, DeletePolicy', async () => {
    const { Policy } = await client.send(
      new CreatePolicyCommand({
        Name: 'deny-delete-bucket',
        Description: 'test',
        Type: 'SERVICE_CONTROL_POLICY',
        Content: SCP(),
      }),
    );
    const id = Policy!.PolicySummary!.Id!;
    expect(id).toMatch(/^p-[a-z0-9]{8}$/);
    expect(Policy!.PolicySummary!.Arn).toBe(
      `arn:aws:organizations::111111111111:policy/${demo.organization.id}/service_control_policy/${id}`,
    );
    const updated = await client.send(
      new UpdatePolicyCommand({
        PolicyId: id,
        Name: 'renamed',
        Content: SCP('Other'),
      }),
    );
    expect(updated.Policy!.PolicySummary!.Name).toBe('renamed');
    expect(JSON.parse(updated.Policy!.Content!).Statement[0].Sid).toBe('Other');

    const target = node('genai-sandbox').id;
    await client.send(
      new AttachPolicyCommand({ PolicyId: id, TargetId: target }),
    );
    await expectError(
      client.send(new AttachPolicyCommand({ PolicyId: id, TargetId: target })),
      'DuplicatePolicyAttachmentException',
    );
    await expectError(
      client.send(new DeletePolicyCommand({ PolicyId: id })),
      'PolicyInUseException',
    );
    await client.send(
      new DetachPolicyCommand({ PolicyId: id, TargetId: target }),
    );
    await expectError(
      client.send(new DetachPolicyCommand({ PolicyId: id, TargetId: target })),
      'PolicyNotAttachedException',
    );
    await client.send(new DeletePolicyCommand({ PolicyId: id }));
    await expectError(
      client.send(new DescribePolicyCommand({ PolicyId: id })),
      'PolicyNotFoundException',
    );
  });

  it('DuplicatePolicyException, MalformedPolicyDocumentException, POLICY_CONTENT_LIMIT_EXCEEDED', async () => {
    await enableRcps();
    await expectError(
      client.send(
        new CreatePolicyCommand({
          Name: 'guardrail-deny-leave-organization',
          Description: '',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: SCP(),
        }),
      ),
      'DuplicatePolicyException',
    );
    for (const content of [
      '{not json',
      '{"Version":"2012-10-17"}',
      '{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}',
    ]) {
      await expectError(
        client.send(
          new CreatePolicyCommand({
            Name: 'bad',
            Description: '',
            Type: 'SERVICE_CONTROL_POLICY',
            Content: content,
          }),
        ),
        'MalformedPolicyDocumentException',
      );
    }
    await expectError(
      client.send(
        new CreatePolicyCommand({
          Name: 'allow-rcp',
          Description: '',
          Type: 'RESOURCE_CONTROL_POLICY',
          Content:
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}',
        }),
      ),
      'MalformedPolicyDocumentException',
    );
    const big = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: Array.from({ length: 700 }, (_, i) => `s3:Action${i}`),
          Resource: '*',
        },
      ],
    });
    await expectError(
      client.send(
        new CreatePolicyCommand({
          Name: 'big',
          Description: '',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: big,
        }),
      ),
      'ConstraintViolationException',
      'POLICY_CONTENT_LIMIT_EXCEEDED',
    );
    await expectError(
      client.send(
        new CreatePolicyCommand({
          Name: 'x',
          Description: '',
          Type: 'NOT_A_TYPE' as any,
          Content: '{}',
        }),
      ),
      'InvalidInputException',
      'INVALID_ENUM_POLICY_TYPE',
    );
    await expectError(
      client.send(
        new CreatePolicyCommand({
          Name: 'x',
          Description: '',
          Type: 'S3_POLICY',
          Content: '{}',
        }),
      ),
      'PolicyTypeNotAvailableForOrganizationException',
    );
  });

  it('a target keeps at least one SCP; attachments per target are limited', async () => {
    await enableRcps();
    const prod = node('Production').id;
    await client.send(
      new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: prod }),
    );
    await client.send(
      new DetachPolicyCommand({
        PolicyId: policyId('guardrail-ai-sagemaker-vpc-kms'),
        TargetId: prod,
      }),
    );
    await expectError(
      client.send(
        new DetachPolicyCommand({
          PolicyId: policyId('guardrail-ai-protect-models'),
          TargetId: prod,
        }),
      ),
      'ConstraintViolationException',
      'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
    );
    await expectError(
      client.send(
        new DetachPolicyCommand({
          PolicyId: 'p-RCPFullAWSAccess',
          TargetId: prod,
        }),
      ),
      'InvalidInputException',
      'NON_DETACHABLE_POLICY',
    );
    // Production now has 1 SCP; the quota is 10.
    for (let i = 0; i < 9; i++) {
      const { Policy } = await client.send(
        new CreatePolicyCommand({
          Name: `extra-${i}`,
          Description: '',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: SCP(),
        }),
      );
      await client.send(
        new AttachPolicyCommand({
          PolicyId: Policy!.PolicySummary!.Id,
          TargetId: prod,
        }),
      );
    }
    const { Policy } = await client.send(
      new CreatePolicyCommand({
        Name: 'one-too-many',
        Description: '',
        Type: 'SERVICE_CONTROL_POLICY',
        Content: SCP(),
      }),
    );
    await expectError(
      client.send(
        new AttachPolicyCommand({
          PolicyId: Policy!.PolicySummary!.Id,
          TargetId: prod,
        }),
      ),
      'ConstraintViolationException',
      'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
    );
  });

  it('AWS-managed policies are immutable; unknown targets and policies are reported', async () => {
    await expectError(
      client.send(
        new UpdatePolicyCommand({ PolicyId: 'p-FullAWSAccess', Name: 'x' }),
      ),
      'InvalidInputException',
      'IMMUTABLE_POLICY',
    );
    await expectError(
      client.send(new DeletePolicyCommand({ PolicyId: 'p-FullAWSAccess' })),
      'InvalidInputException',
      'IMMUTABLE_POLICY',
    );
    await expectError(
      client.send(
        new AttachPolicyCommand({
          PolicyId: 'p-FullAWSAccess',
          TargetId: '999999999999',
        }),
      ),
      'TargetNotFoundException',
    );
    await expectError(
      client.send(
        new ListPoliciesForTargetCommand({
          TargetId: 'bogus',
          Filter: 'SERVICE_CONTROL_POLICY',
        }),
      ),
      'InvalidInputException',
      'INVALID_PATTERN_TARGET_ID',
    );
    await expectError(
      client.send(
        new AttachPolicyCommand({
          PolicyId: 'p-zzzzzzzz',
          TargetId: node('AI').id,
        }),
      ),
      'PolicyNotFoundException',
    );
    await expectError(
      client.send(new ListTargetsForPolicyCommand({ PolicyId: 'p-zzzzzzzz' })),
      'PolicyNotFoundException',
    );
  });

  it('EnablePolicyType and DisablePolicyType; policy types must be enabled before use', async () => {
    const rootId = demo.nodes[0].id;
    const { Policy } = await client.send(
      new CreatePolicyCommand({
        Name: 'tags',
        Description: '',
        Type: 'TAG_POLICY',
        Content: '{"tags":{"owner":{"tag_key":{"@@assign":"owner"}}}}',
      }),
    );
    await expectError(
      client.send(
        new AttachPolicyCommand({
          PolicyId: Policy!.PolicySummary!.Id,
          TargetId: rootId,
        }),
      ),
      'PolicyTypeNotEnabledException',
    );
    const enabled = await client.send(
      new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'TAG_POLICY' }),
    );
    expect(enabled.Root!.PolicyTypes).toContainEqual({
      Type: 'TAG_POLICY',
      Status: 'ENABLED',
    });
    await client.send(
      new AttachPolicyCommand({
        PolicyId: Policy!.PolicySummary!.Id,
        TargetId: rootId,
      }),
    );
    await expectError(
      client.send(
        new EnablePolicyTypeCommand({
          RootId: rootId,
          PolicyType: 'TAG_POLICY',
        }),
      ),
      'PolicyTypeAlreadyEnabledException',
    );
    await expectError(
      client.send(
        new EnablePolicyTypeCommand({
          RootId: 'r-zzzz',
          PolicyType: 'TAG_POLICY',
        }),
      ),
      'RootNotFoundException',
    );

    // Disabling SCPs removes every SCP attachment; enabling them again puts FullAWSAccess everywhere.
    await client.send(
      new DisablePolicyTypeCommand({
        RootId: rootId,
        PolicyType: 'SERVICE_CONTROL_POLICY',
      }),
    );
    await expectError(
      client.send(
        new DisablePolicyTypeCommand({
          RootId: rootId,
          PolicyType: 'SERVICE_CONTROL_POLICY',
        }),
      ),
      'PolicyTypeNotEnabledException',
    );
    await expectError(
      client.send(new DescribePolicyCommand({ PolicyId: 'p-FullAWSAccess' })),
      'PolicyNotFoundException',
    );
    const snapshot = running.sandbox.snapshot();
    const scpIds = new Set(
      demo.policies
        .filter(p => p.type === 'SERVICE_CONTROL_POLICY')
        .map(p => p.id),
    );
    expect(
      snapshot.nodes.every(n => n.policyIds.every(id => !scpIds.has(id))),
    ).toBe(true);
    await client.send(
      new EnablePolicyTypeCommand({
        RootId: rootId,
        PolicyType: 'SERVICE_CONTROL_POLICY',
      }),
    );
    const after = running.sandbox.snapshot();
    expect(
      after.nodes.every(n => n.policyIds.includes('p-FullAWSAccess')),
    ).toBe(true);
  });
});

describe('trusted access and unmodelled features', () => {
  it('EnableAWSServiceAccess, ListAWSServiceAccessForOrganization, DisableAWSServiceAccess', async () => {
    await client.send(
      new EnableAWSServiceAccessCommand({
        ServicePrincipal: 'sso.amazonaws.com',
      }),
    );
    const { EnabledServicePrincipals } = await client.send(
      new ListAWSServiceAccessForOrganizationCommand({}),
    );
    expect(EnabledServicePrincipals!.map(p => p.ServicePrincipal)).toEqual([
      'sso.amazonaws.com',
    ]);
    expect(EnabledServicePrincipals![0].DateEnabled).toBeInstanceOf(Date);
    await client.send(
      new DisableAWSServiceAccessCommand({
        ServicePrincipal: 'sso.amazonaws.com',
      }),
    );
    const after = await client.send(
      new ListAWSServiceAccessForOrganizationCommand({}),
    );
    expect(after.EnabledServicePrincipals).toEqual([]);
  });

  it('delegated administrators and handshakes read as empty', async () => {
    expect(
      (await client.send(new ListDelegatedAdministratorsCommand({})))
        .DelegatedAdministrators,
    ).toEqual([]);
    expect(
      (await client.send(new ListHandshakesForOrganizationCommand({})))
        .Handshakes,
    ).toEqual([]);
    await expectError(
      client.send(
        new ListDelegatedServicesForAccountCommand({
          AccountId: node('log-archive').id,
        }),
      ),
      'AccountNotRegisteredException',
    );
  });
});

describe('protocol', () => {
  it('unknown operations and malformed bodies get AWS-style errors', async () => {
    const post = (target: string, body: string) =>
      fetch(running.url, {
        method: 'POST',
        headers: {
          'X-Amz-Target': target,
          'Content-Type': 'application/x-amz-json-1.1',
        },
        body,
      });
    const unknown = await post(
      'AWSOrganizationsV20161128.InviteAccountToOrganization',
      '{}',
    );
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).__type).toBe('UnknownOperationException');
    const malformed = await post(
      'AWSOrganizationsV20161128.ListRoots',
      '{nope',
    );
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).__type).toBe('SerializationException');
    const raw = await post(
      'AWSOrganizationsV20161128.DescribeAccount',
      '{"AccountId":"999999999999"}',
    );
    expect(raw.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await raw.json()).toMatchObject({
      __type: 'AccountNotFoundException',
      Message: expect.any(String),
    });
  });
});
