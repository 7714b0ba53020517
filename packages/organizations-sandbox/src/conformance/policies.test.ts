/**
 * Conformance (the real AWS SDK against the sandbox over HTTP), policies: create, update, delete, attach and detach, document checks, quotas, AWS-managed policies and policy types.
 */
import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DescribePolicyCommand,
  DetachPolicyCommand,
  DisablePolicyTypeCommand,
  EnablePolicyTypeCommand,
  ListPoliciesForTargetCommand,
  ListTargetsForPolicyCommand,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import {
  SCP,
  client,
  demo,
  enableRcps,
  expectError,
  node,
  policyId,
  running,
  useConformanceSandbox,
} from '../__testUtils__/conformanceHarness';

useConformanceSandbox();

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
    // Every one of the fifteen types AWS lists is offered (an organization with all features enabled).
    const s3 = await client.send(
      new CreatePolicyCommand({
        Name: 'x',
        Description: '',
        Type: 'S3_POLICY',
        Content: '{}',
      }),
    );
    expect(s3.Policy?.PolicySummary?.Type).toBe('S3_POLICY');
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
        Name: 'chat',
        Description: '',
        Type: 'CHATBOT_POLICY',
        Content:
          '{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"enabled"}}}}}',
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
      new EnablePolicyTypeCommand({
        RootId: rootId,
        PolicyType: 'CHATBOT_POLICY',
      }),
    );
    expect(enabled.Root!.PolicyTypes).toContainEqual({
      Type: 'CHATBOT_POLICY',
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
          PolicyType: 'CHATBOT_POLICY',
        }),
      ),
      'PolicyTypeAlreadyEnabledException',
    );
    await expectError(
      client.send(
        new EnablePolicyTypeCommand({
          RootId: 'r-zzzz',
          PolicyType: 'CHATBOT_POLICY',
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
