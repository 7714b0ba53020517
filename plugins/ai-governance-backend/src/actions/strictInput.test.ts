import { mockCredentials } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockServices } from '@backstage/backend-test-utils';
import { smallSnapshot } from '../__testUtils__/smallSnapshot';
import { recordingAuditor } from '../services/accountRequests/__testUtils__/fakes';
import { inMemoryAccountRequests } from '../services/accountRequests/__testUtils__/inMemoryRequests';
import { SnapshotView } from '../services/inventory/SnapshotView';
import { registerAiGovernanceActions } from '.';

const snapshot = smallSnapshot(`
  root:
    policies: [FullAWSAccess]
    organizationalUnits:
      - name: AI
        policies: [FullAWSAccess]
        accounts:
          - { name: ml-dev, email: ml-dev@example.com, id: '333333333333' }
`);

/** Each action's valid input: with an unknown field added, every one must be refused, naming the field. */
const inputs: Record<string, object> = {
  'who-can': { action: 'bedrock:InvokeModel' },
  'can-it': { account: '333333333333', action: 'bedrock:InvokeModel' },
  'explain-account': { account: '333333333333' },
  'lint-policy': { content: '{}', type: 'SCP' },
  'request-account': {
    name: 'ml-x-dev',
    environment: 'development',
    owner: 'group:default/ml-research',
    costCenter: 'CC-1',
    dataClassification: 'internal',
    purpose: 'test',
    dryRun: true,
  },
};

describe('ai-governance action inputs', () => {
  it('refuse an unknown (misspelt) field instead of ignoring it, and take the input without it', async () => {
    const registry = actionsRegistryServiceMock();
    const { auditor } = recordingAuditor();
    const { service } = await inMemoryAccountRequests({ auditor, snapshot });
    const view = new SnapshotView(snapshot);
    registerAiGovernanceActions({
      actionsRegistry: registry,
      permissions: mockServices.permissions({ result: AuthorizeResult.ALLOW }),
      userInfo: mockServices.userInfo(),
      auditor,
      getView: async () => view,
      accountRequests: service,
    });
    const credentials = mockCredentials.service('plugin:catalog');
    for (const [name, input] of Object.entries(inputs)) {
      await expect(
        registry.invoke({
          id: `test:${name}`,
          input: { ...input, resouce: '*' },
          credentials,
        }),
      ).rejects.toThrow(/resouce/);
    }
    // Without the unknown field the same input is taken (the read actions answer).
    for (const name of [
      'who-can',
      'can-it',
      'explain-account',
      'lint-policy',
    ]) {
      await expect(
        registry.invoke({
          id: `test:${name}`,
          input: inputs[name],
          credentials,
        }),
      ).resolves.toHaveProperty('output');
    }
  });
});
