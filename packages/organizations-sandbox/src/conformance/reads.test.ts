/**
 * Conformance (the real AWS SDK against the sandbox over HTTP), reads of the seeded demo organization: organization, roots, OUs, accounts, policies, targets, effective policies and tags.
 */
import {
  DescribeAccountCommand,
  DescribeEffectivePolicyCommand,
  DescribeOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  ListTargetsForPolicyCommand,
} from '@aws-sdk/client-organizations';
import {
  client,
  demo,
  expectError,
  node,
  policyId,
  running,
  useConformanceSandbox,
} from '../__testUtils__/conformanceHarness';

useConformanceSandbox();

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
          { Type: 'TAG_POLICY', Status: 'ENABLED' },
          { Type: 'BACKUP_POLICY', Status: 'ENABLED' },
          { Type: 'DECLARATIVE_POLICY_EC2', Status: 'ENABLED' },
          { Type: 'BEDROCK_POLICY', Status: 'ENABLED' },
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
    // No backup policy reaches the AI Development OU's accounts (the demo attaches it to Workloads and Production).
    await expectError(
      client.send(
        new DescribeEffectivePolicyCommand({
          PolicyType: 'BACKUP_POLICY',
          TargetId: node('genai-sandbox').id,
        }),
      ),
      'EffectivePolicyNotFoundException',
    );
    // A type the root doesn't enable has no effective policy either.
    await expectError(
      client.send(
        new DescribeEffectivePolicyCommand({
          PolicyType: 'CHATBOT_POLICY',
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
