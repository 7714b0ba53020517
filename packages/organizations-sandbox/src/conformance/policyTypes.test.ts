/**
 * Conformance (the real AWS SDK against the sandbox over HTTP), every one of the fifteen policy types: enable and
 * disable per root, create, describe, list, attach and detach; each type's own size quota counted as AWS counts it
 * for API callers (every character, whitespace included), per-target attachment quota and per-organization quota,
 * all from POLICY_TYPE_FACTS ("Quotas and service limits for AWS Organizations",
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html); the management policy
 * syntax; DescribeEffectivePolicy with each inheritance operator ("Inheritance operators",
 * https://docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html).
 */
import {
  AttachPolicyCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  DescribeEffectivePolicyCommand,
  DescribePolicyCommand,
  DetachPolicyCommand,
  DisablePolicyTypeCommand,
  EnablePolicyTypeCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  POLICY_TYPE_FACTS,
  POLICY_TYPES,
  PolicyType,
} from '@internal/plugin-ai-governance-common';
import {
  client,
  demo,
  expectError,
  node,
  useConformanceSandbox,
} from '../__testUtils__/conformanceHarness';
import { demoOrgModelPath, startSandbox } from '..';

useConformanceSandbox();

const rootId = () => demo.nodes[0].id;

/** A valid document of the type, padded to exactly `size` characters when given (pretty-printed, as sent). */
function documentOf(type: PolicyType, size?: number): string {
  const make = (pad: string) =>
    POLICY_TYPE_FACTS[type].category === 'authorization'
      ? JSON.stringify(
          {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Deny',
                ...(type === 'RESOURCE_CONTROL_POLICY'
                  ? { Principal: '*' }
                  : {}),
                Action: 's3:GetObject',
                Resource: `arn:aws:s3:::bucket/${pad}`,
              },
            ],
          },
          null,
          2,
        )
      : JSON.stringify(
          { setting: { value: { '@@assign': `v${pad}` } } },
          null,
          2,
        );
  if (size === undefined) return make('');
  const doc = make('x'.repeat(size - make('').length));
  expect(doc.length).toBe(size);
  return doc;
}

async function enable(c: OrganizationsClient, type: PolicyType) {
  const { Roots } = await c.send(new ListRootsCommand({}));
  if (Roots![0].PolicyTypes?.some(t => t.Type === type)) return;
  await c.send(
    new EnablePolicyTypeCommand({ RootId: Roots![0].Id!, PolicyType: type }),
  );
}

async function create(type: PolicyType, name: string, content?: string) {
  const { Policy } = await client.send(
    new CreatePolicyCommand({
      Name: name,
      Description: '',
      Type: type,
      Content: content ?? documentOf(type),
    }),
  );
  return Policy!.PolicySummary!.Id!;
}

describe('every policy type', () => {
  it('enables each of the fifteen types on the root, and disables it again', async () => {
    for (const type of POLICY_TYPES) await enable(client, type);
    const { Roots } = await client.send(new ListRootsCommand({}));
    expect(Roots![0].PolicyTypes!.map(t => t.Type).sort()).toEqual(
      [...POLICY_TYPES].sort(),
    );
    for (const type of POLICY_TYPES) {
      if (type === 'SERVICE_CONTROL_POLICY') continue;
      await client.send(
        new DisablePolicyTypeCommand({ RootId: rootId(), PolicyType: type }),
      );
    }
    const after = await client.send(new ListRootsCommand({}));
    expect(after.Roots![0].PolicyTypes!.map(t => t.Type)).toEqual([
      'SERVICE_CONTROL_POLICY',
    ]);
  });

  it.each(POLICY_TYPES.map(t => [t]))(
    '%s: create, describe, list, attach, detach; its own size quota, whitespace counted',
    async type => {
      await enable(client, type);
      const { maxSize } = POLICY_TYPE_FACTS[type];
      const id = await create(type, 'fits', documentOf(type, maxSize));
      const described = await client.send(
        new DescribePolicyCommand({ PolicyId: id }),
      );
      expect(described.Policy!.PolicySummary).toMatchObject({
        Type: type,
        AwsManaged: false,
      });
      expect(described.Policy!.Content).toBe(documentOf(type, maxSize));
      const listed = await client.send(
        new ListPoliciesCommand({ Filter: type }),
      );
      expect(listed.Policies!.map(p => p.Id)).toContain(id);

      // One character over, pretty-printed as an API caller sends it: refused, although it is far smaller minified.
      const over = documentOf(type, maxSize + 1);
      expect(JSON.stringify(JSON.parse(over)).length).toBeLessThan(maxSize);
      await expectError(
        client.send(
          new CreatePolicyCommand({
            Name: 'over',
            Description: '',
            Type: type,
            Content: over,
          }),
        ),
        'ConstraintViolationException',
        'POLICY_CONTENT_LIMIT_EXCEEDED',
      );

      const target = node('Production').id;
      await client.send(
        new AttachPolicyCommand({ PolicyId: id, TargetId: target }),
      );
      const attached = await client.send(
        new ListPoliciesForTargetCommand({ TargetId: target, Filter: type }),
      );
      expect(attached.Policies!.map(p => p.Id)).toContain(id);
      await client.send(
        new DetachPolicyCommand({ PolicyId: id, TargetId: target }),
      );
    },
  );

  it.each(
    POLICY_TYPES.map(t => [t, POLICY_TYPE_FACTS[t].maxAttachmentsPerTarget]),
  )(
    '%s: at most %i attached to one target (MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED)',
    async (type, max) => {
      await enable(client, type);
      const { OrganizationalUnit } = await client.send(
        new CreateOrganizationalUnitCommand({
          ParentId: rootId(),
          Name: `limits-${type}`,
        }),
      );
      const ou = OrganizationalUnit!.Id!;
      // A new OU already carries the AWS-managed default of SCPs and RCPs, which counts against the quota.
      const { Policies } = await client.send(
        new ListPoliciesForTargetCommand({ TargetId: ou, Filter: type }),
      );
      for (let i = Policies!.length; i < max; i++) {
        const id = await create(type, `p${i}`);
        await client.send(
          new AttachPolicyCommand({ PolicyId: id, TargetId: ou }),
        );
      }
      const extra = await create(type, 'one-too-many');
      await expectError(
        client.send(new AttachPolicyCommand({ PolicyId: extra, TargetId: ou })),
        'ConstraintViolationException',
        'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
      );
    },
  );

  it('counts policies per organization per type: SCPs 10,000, every other type 1,000 (configurable)', async () => {
    expect(
      POLICY_TYPE_FACTS.SERVICE_CONTROL_POLICY.maxPoliciesPerOrganization,
    ).toBe(10000);
    expect(POLICY_TYPE_FACTS.TAG_POLICY.maxPoliciesPerOrganization).toBe(1000);
    const small = await startSandbox({
      seed: demoOrgModelPath,
      limits: { maxPoliciesPerType: { TAG_POLICY: 2 } },
    });
    const c = new OrganizationsClient({
      endpoint: small.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    try {
      const send = (type: PolicyType, name: string) =>
        c.send(
          new CreatePolicyCommand({
            Name: name,
            Description: '',
            Type: type,
            Content: documentOf(type),
          }),
        );
      const existingTags = (
        await c.send(new ListPoliciesCommand({ Filter: 'TAG_POLICY' }))
      ).Policies!.length;
      for (let i = existingTags; i < 2; i++) await send('TAG_POLICY', `t${i}`);
      await expectError(
        send('TAG_POLICY', 'third'),
        'ConstraintViolationException',
        'POLICY_NUMBER_LIMIT_EXCEEDED',
      );
      // The cap is per type: a backup policy is still accepted.
      await send('BACKUP_POLICY', 'backup');
    } finally {
      c.destroy();
      await small.close();
    }
  });

  it('refuses a management policy that breaks the operator syntax with MalformedPolicyDocumentException', async () => {
    for (const [type, content, message] of [
      [
        'TAG_POLICY',
        '{"tags":{"a":{"tag_key":"A"}}}',
        /At \/tags\/a\/tag_key: "tag_key" must be set with an operator/,
      ],
      [
        'BACKUP_POLICY',
        '{"plans":{"p":{"regions":{"@@append":"us-east-1"}}}}',
        /@@append applies to multi-valued settings only/,
      ],
      [
        'BEDROCK_POLICY',
        '{"bedrock":{"x":{"@@assign":"a","y":{"@@assign":"b"}}}}',
        /can't hold both an operator/,
      ],
      [
        'CHATBOT_POLICY',
        '{"a":{"@@operators_allowed_for_child_policies":["@@sometimes"]}}',
        /takes a non-empty array/,
      ],
      [
        'S3_POLICY',
        '{"s3":{"enforced_for":{"@@assign":["x"]}}}',
        /enforced_for is a tag policy setting/,
      ],
      ['INSPECTOR_POLICY', '[]', /must be a JSON object/],
    ] as Array<[PolicyType, string, RegExp]>) {
      const error = await expectError(
        client.send(
          new CreatePolicyCommand({
            Name: 'bad',
            Description: '',
            Type: type,
            Content: content,
          }),
        ),
        'MalformedPolicyDocumentException',
      );
      expect(error.message).toMatch(
        /^The provided policy document doesn't meet the requirements of the specified policy type\./,
      );
      expect(error.message).toMatch(message);
    }
  });
});

describe('DescribeEffectivePolicy', () => {
  /** Root → Workloads → Production → an account in it, with one policy of the type at each level. */
  async function chain(
    type: PolicyType,
    root: object,
    ou: object,
    account: object,
  ) {
    await enable(client, type);
    const production = demo.nodes.find(n => n.name === 'Production')!;
    const accountNode = demo.nodes.find(
      n => n.kind === 'account' && n.parentId === production.id,
    )!;
    const path: string[] = [];
    for (
      let n = production;
      n.parentId;
      n = demo.nodes.find(x => x.id === n.parentId)!
    )
      path.unshift(n.id);
    const levels: Array<[string, object]> = [
      [rootId(), root],
      [path[0], ou],
      [accountNode.id, account],
    ];
    let i = 0;
    for (const [target, doc] of levels) {
      const id = await create(type, `chain-${i++}`, JSON.stringify(doc));
      await client.send(
        new AttachPolicyCommand({ PolicyId: id, TargetId: target }),
      );
    }
    const { EffectivePolicy } = await client.send(
      new DescribeEffectivePolicyCommand({
        PolicyType: type as any,
        TargetId: accountNode.id,
      }),
    );
    expect(EffectivePolicy).toMatchObject({
      TargetId: accountNode.id,
      PolicyType: type,
    });
    return JSON.parse(EffectivePolicy!.PolicyContent!);
  }

  it('applies @@assign, @@append and @@remove down from the root (tag policy)', async () => {
    const effective = await chain(
      'TAG_POLICY',
      {
        tags: {
          costcenter: {
            tag_key: { '@@assign': 'CostCenter' },
            tag_value: { '@@assign': ['Development', 'Support'] },
          },
        },
      },
      { tags: { costcenter: { tag_value: { '@@append': ['Marketing'] } } } },
      { tags: { costcenter: { tag_value: { '@@remove': ['Development'] } } } },
    );
    // (The demo organization's own tag policies, on other tags, merge in beside it.)
    expect(effective).toMatchObject({
      tags: {
        costcenter: {
          tag_key: 'CostCenter',
          tag_value: ['Support', 'Marketing'],
        },
      },
    });
  });

  it('honours @@operators_allowed_for_child_policies: a forbidden write below is not applied (Bedrock policy)', async () => {
    const arn =
      'arn:aws:bedrock:us-east-1:111111111111:guardrail/abcdefgh1234:1';
    const effective = await chain(
      'BEDROCK_POLICY',
      {
        bedrock: {
          guardrail_inference: {
            'us-east-1': {
              config_1: {
                '@@operators_allowed_for_child_policies': ['@@none'],
                identifier: { '@@assign': arn },
                selective_content_guarding: {
                  messages: { '@@assign': 'comprehensive' },
                },
              },
            },
          },
        },
      },
      {
        bedrock: {
          guardrail_inference: {
            'us-east-1': {
              config_1: {
                identifier: {
                  '@@assign':
                    'arn:aws:bedrock:us-east-1:111111111111:guardrail/other:2',
                },
              },
            },
          },
        },
      },
      {},
    );
    expect(effective.bedrock.guardrail_inference['us-east-1'].config_1).toEqual(
      {
        identifier: arn,
        selective_content_guarding: { messages: 'comprehensive' },
      },
    );
  });

  it.each(
    POLICY_TYPES.filter(t => POLICY_TYPE_FACTS[t].supportsEffectivePolicy).map(
      t => [t],
    ),
  )(
    '%s: answers for an account once a policy of the type reaches it',
    async type => {
      const effective = await chain(
        type,
        { setting: { value: { '@@assign': 'root' } } },
        {},
        { setting: { other: { '@@assign': ['account'] } } },
      );
      // (The demo organization's own policies of the type, if any, merge in too.)
      expect(effective).toMatchObject({
        setting: { value: 'root', other: ['account'] },
      });
    },
  );

  it('refuses SCPs and RCPs (no effective policy for authorization types) and OUs as targets', async () => {
    for (const type of ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY']) {
      await expectError(
        client.send(
          new DescribeEffectivePolicyCommand({
            PolicyType: type as any,
            TargetId: demo.nodes.find(n => n.kind === 'account')!.id,
          }),
        ),
        'InvalidInputException',
        'INVALID_ENUM_POLICY_TYPE',
      );
    }
    await expectError(
      client.send(
        new DescribeEffectivePolicyCommand({
          PolicyType: 'TAG_POLICY',
          TargetId: node('Production').id,
        }),
      ),
      'InvalidInputException',
      'TARGET_NOT_SUPPORTED',
    );
  });
});
