/**
 * Conformance (the real AWS SDK against the sandbox over HTTP), accounts: CreateAccount and its failures, moves, closure, removal, and tags on every taggable resource.
 */
import {
  CloseAccountCommand,
  CreateAccountCommand,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  ListCreateAccountStatusCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  ListTagsForResourceCommand,
  MoveAccountCommand,
  OrganizationsClient,
  RemoveAccountFromOrganizationCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-organizations';
import { startSandbox } from '..';
import {
  advanceClock,
  client,
  demo,
  expectError,
  node,
  policyId,
  running,
  useConformanceSandbox,
  waitForCreateAccount,
} from '../__testUtils__/conformanceHarness';

useConformanceSandbox();

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
    advanceClock(5_000);
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
