/**
 * Conformance for what the outside check with boto3 and the AWS CLI (scripts/boto3-check.py) found, each against the
 * AWS page it follows, through the real AWS SDK (raw HTTP only where the SDK cannot send the input):
 * - the upgrade rollout policy's size quota, 5,120, from "Upgrade rollout policy syntax and examples"
 *   (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_upgrade_syntax.html);
 * - the size quota is checked before the document is read, so a huge document is refused with
 *   POLICY_CONTENT_LIMIT_EXCEEDED ("Quotas and service limits for AWS Organizations",
 *   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html) at once, whatever it holds
 *   (AWS does not say which of two faults it reports first; reading the size first bounds the work);
 * - a request body that is not UTF-8 is refused (AWS JSON 1.1 bodies are UTF-8 JSON), not stored with replacement
 *   characters;
 * - hostile management policies (deep nesting, thousands of operator keys) get a MalformedPolicyDocumentException
 *   and change nothing;
 * - a tag policy's policy keys are not case sensitive ("Tag policy syntax and examples",
 *   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_example-tag-policies.html), so
 *   `CostCenter` below a parent's `costcenter` changes that statement in the effective policy.
 */
import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DescribeEffectivePolicyCommand,
  DescribePolicyCommand,
  EnablePolicyTypeCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  OrganizationsClient,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import type { PolicyType } from '@internal/plugin-ai-governance-common';
import {
  client,
  demo,
  expectError,
  running,
  useConformanceSandbox,
} from '../__testUtils__/conformanceHarness';
import { demoOrgModelPath, startSandbox } from '..';

useConformanceSandbox();

async function enable(c: OrganizationsClient, type: PolicyType) {
  const { Roots } = await c.send(new ListRootsCommand({}));
  if (Roots![0].PolicyTypes?.some(t => t.Type === type)) return;
  await c.send(
    new EnablePolicyTypeCommand({ RootId: Roots![0].Id!, PolicyType: type }),
  );
}

const listIds = async (c: OrganizationsClient, type: PolicyType) =>
  (await c.send(new ListPoliciesCommand({ Filter: type }))).Policies!.map(
    p => `${p.Id}:${p.Name}`,
  );

/** The upgrade rollout syntax page's example shape, padded with whitespace to exactly `size` characters. */
function upgradeRollout(size: number) {
  const doc = JSON.stringify(
    {
      upgrade_rollout: {
        default: { patch_order: { '@@assign': 'last' } },
        tags: {
          devtag: {
            tag_values: { dev: { patch_order: { '@@assign': 'first' } } },
          },
        },
      },
    },
    null,
    2,
  );
  return doc + ' '.repeat(size - doc.length);
}

describe('upgrade rollout policy size', () => {
  it('accepts 5,120 characters and refuses 5,121 (POLICY_CONTENT_LIMIT_EXCEEDED), as the syntax page documents', async () => {
    await enable(client, 'UPGRADE_ROLLOUT_POLICY');
    const fits = upgradeRollout(5120);
    expect(fits).toHaveLength(5120);
    const { Policy } = await client.send(
      new CreatePolicyCommand({
        Name: 'rollout',
        Description: '',
        Type: 'UPGRADE_ROLLOUT_POLICY',
        Content: fits,
      }),
    );
    expect(Policy!.Content).toBe(fits);
    await expectError(
      client.send(
        new CreatePolicyCommand({
          Name: 'rollout-over',
          Description: '',
          Type: 'UPGRADE_ROLLOUT_POLICY',
          Content: upgradeRollout(5121),
        }),
      ),
      'ConstraintViolationException',
      'POLICY_CONTENT_LIMIT_EXCEEDED',
    );
    await expectError(
      client.send(
        new UpdatePolicyCommand({
          PolicyId: Policy!.PolicySummary!.Id!,
          Content: upgradeRollout(5121),
        }),
      ),
      'ConstraintViolationException',
      'POLICY_CONTENT_LIMIT_EXCEEDED',
    );
    const after = await client.send(
      new DescribePolicyCommand({ PolicyId: Policy!.PolicySummary!.Id! }),
    );
    expect(after.Policy!.Content).toBe(fits);
  });
});

describe('hostile policy documents', () => {
  it('refuses a huge malformed document for its size before reading it', async () => {
    const before = await listIds(client, 'TAG_POLICY');
    // 2,000,000 characters of bare values: malformed too, but the size is what AWS's quota refuses.
    const huge = `{"tags":{${Array.from(
      { length: 100000 },
      (_, i) => `"k${i}":"v"`,
    ).join(',')}}}`;
    expect(huge.length).toBeGreaterThan(1_000_000);
    await expectError(
      client.send(
        new CreatePolicyCommand({
          Name: 'huge',
          Description: '',
          Type: 'TAG_POLICY',
          Content: huge,
        }),
      ),
      'ConstraintViolationException',
      'POLICY_CONTENT_LIMIT_EXCEEDED',
    );
    expect(await listIds(client, 'TAG_POLICY')).toEqual(before);
  });

  it('refuses deep nesting and thousands of bad operator keys with MalformedPolicyDocumentException, changing nothing', async () => {
    // A sandbox whose tag policy size quota is raised, so the documents reach the syntax check.
    const big = await startSandbox({
      seed: demoOrgModelPath,
      limits: { maxPolicySize: { TAG_POLICY: 1_000_000 } },
    });
    try {
      const c = new OrganizationsClient({
        endpoint: big.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      });
      const before = await listIds(c, 'TAG_POLICY');
      const deep = `${'{"tags":'.repeat(5000)}{}${'}'.repeat(5000)}`;
      const manyKeys = JSON.stringify({
        tags: Object.fromEntries(
          Array.from({ length: 10000 }, (_, i) => [
            `k${i}`,
            { '@@bogus': 'x', '@@append': 'not a list' },
          ]),
        ),
      });
      for (const content of [deep, manyKeys]) {
        const error = await expectError(
          c.send(
            new CreatePolicyCommand({
              Name: 'hostile',
              Description: '',
              Type: 'TAG_POLICY',
              Content: content,
            }),
          ),
          'MalformedPolicyDocumentException',
        );
        // One clear message, not one per bad key.
        expect(error.message.length).toBeLessThan(1000);
      }
      expect(await listIds(c, 'TAG_POLICY')).toEqual(before);
    } finally {
      await big.close();
    }
  });

  it('refuses a request body that is not UTF-8 with SerializationException and stores nothing', async () => {
    const before = await listIds(client, 'TAG_POLICY');
    const body = Buffer.concat([
      Buffer.from('{"Name":"bad'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('","Description":"","Type":"TAG_POLICY","Content":"{}"}'),
    ]);
    const res = await fetch(running.url, {
      method: 'POST',
      headers: {
        'X-Amz-Target': 'AWSOrganizationsV20161128.CreatePolicy',
        'Content-Type': 'application/x-amz-json-1.1',
      },
      body,
    });
    expect(res.status).toBe(400);
    const answer = await res.json();
    expect(answer.__type).toBe('SerializationException');
    expect(answer.message).toMatch(/UTF-8/);
    expect(await listIds(client, 'TAG_POLICY')).toEqual(before);
  });
});

describe('tag policy keys', () => {
  it('merges policy keys that differ only in case into one statement of the effective policy', async () => {
    const production = demo.nodes.find(n => n.name === 'Production')!;
    const account = demo.nodes.find(
      n => n.kind === 'account' && n.parentId === production.id,
    )!;
    const attach = async (name: string, doc: object, target: string) => {
      const { Policy } = await client.send(
        new CreatePolicyCommand({
          Name: name,
          Description: '',
          Type: 'TAG_POLICY',
          Content: JSON.stringify(doc),
        }),
      );
      await client.send(
        new AttachPolicyCommand({
          PolicyId: Policy!.PolicySummary!.Id!,
          TargetId: target,
        }),
      );
    };
    await attach(
      'cost-parent',
      {
        tags: {
          costcenter: {
            tag_key: { '@@assign': 'CostCenter' },
            tag_value: { '@@assign': ['100', '200'] },
          },
        },
      },
      production.id,
    );
    await attach(
      'cost-child',
      {
        tags: {
          CostCenter: {
            tag_value: { '@@append': ['300'], '@@remove': ['100'] },
          },
        },
      },
      account.id,
    );
    const { EffectivePolicy } = await client.send(
      new DescribeEffectivePolicyCommand({
        PolicyType: 'TAG_POLICY',
        TargetId: account.id,
      }),
    );
    const tags = JSON.parse(EffectivePolicy!.PolicyContent!).tags;
    expect(tags.costcenter).toEqual({
      tag_key: 'CostCenter',
      tag_value: ['200', '300'],
    });
    expect(tags).not.toHaveProperty('CostCenter');
  });
});
