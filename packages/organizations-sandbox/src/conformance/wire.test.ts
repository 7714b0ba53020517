/**
 * Conformance (the real AWS SDK against the sandbox over HTTP), the wire protocol: pagination as the SDK paginators use it, and AWS-style errors for unknown operations and malformed bodies.
 */
import {
  ListAccountsCommand,
  ListAccountsForParentCommand,
  paginateListAccounts,
  paginateListChildren,
  paginateListPolicies,
} from '@aws-sdk/client-organizations';
import {
  client,
  demo,
  expectError,
  running,
  useConformanceSandbox,
} from '../__testUtils__/conformanceHarness';

useConformanceSandbox();

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
