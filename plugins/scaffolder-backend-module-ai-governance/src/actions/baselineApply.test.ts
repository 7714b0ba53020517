import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { RunningSandbox, startSandbox } from '@internal/organizations-sandbox';
import { createOrganizationsClient } from '@internal/plugin-ai-governance-node';
import { createBaselineApplyAction } from './baselineApply';

const guardrailsDir = path.resolve(__dirname, '../../../../guardrails');

function permissions(result: AuthorizeResult) {
  const asked: string[] = [];
  const service: PermissionsService = {
    authorize: async requests =>
      requests.map(r => {
        asked.push(r.permission.name);
        return { result };
      }) as any,
    authorizeConditional: async () => {
      throw new Error('not used');
    },
  };
  return { service, asked };
}

/** A checkpoint store like the scaffolder's: a key that already ran returns its stored result. */
function checkpointCache() {
  const store = new Map<string, unknown>();
  const runs: string[] = [];
  return {
    runs,
    checkpoint: async ({
      key,
      fn,
    }: {
      key: string;
      fn: () => Promise<any>;
    }) => {
      if (store.has(key)) return store.get(key);
      runs.push(key);
      const value = await fn();
      store.set(key, JSON.parse(JSON.stringify(value ?? null)));
      return value;
    },
  };
}

function context(
  input: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return {
    ...createMockActionContext({ input } as any),
    logger: mockServices.logger.mock(),
    ...extra,
  } as any;
}

describe('ai-governance:baseline:apply', () => {
  let running: RunningSandbox;
  beforeEach(async () => {
    running = await startSandbox({ port: 0 });
  });
  afterEach(() => running.close());

  function action(result: AuthorizeResult = AuthorizeResult.ALLOW) {
    const perms = permissions(result);
    const notified: unknown[] = [];
    const client = createOrganizationsClient({
      endpoint: running.url,
      rateLimit: { requestsPerSecond: 1000, burst: 1000, maxConcurrency: 8 },
      organizationKey: `baseline-action-${running.port}`,
    });
    return {
      perms,
      notified,
      action: createBaselineApplyAction({
        permissions: perms.service,
        getClient: async () => client,
        guardrailsDir,
        inventory: {
          notifyWrites: async touched => void notified.push(touched),
        },
      }),
    };
  }
  const ous = () =>
    running.sandbox
      .snapshot()
      .nodes.filter(n => n.kind === 'ou')
      .map(n => n.name);

  it('a dry run previews the changes and makes none', async () => {
    const { action: a, perms } = action();
    const ctx = context({ baseline: 'baseline' }, { isDryRun: true });
    await a.handler(ctx);
    expect(perms.asked).toEqual(['ai-governance.baseline.apply']);
    const changes = ctx.output.mock.calls.find(
      (c: any[]) => c[0] === 'changes',
    )[1];
    expect(changes).toHaveLength(23);
    expect(changes).toContain('create OU Root/AI/Production');
    expect(ctx.output).toHaveBeenCalledWith('inSync', false);
    expect(ous()).toEqual([]);
  });

  it('applies once per baseline content (checkpoint), tells the inventory, then finds nothing to do', async () => {
    const { action: a, notified } = action();
    const cache = checkpointCache();
    const ctx = context({}, { checkpoint: cache.checkpoint });
    await a.handler(ctx);
    expect(ous()).toEqual([
      'Security',
      'Infrastructure',
      'Workloads',
      'AI',
      'Development',
      'Production',
    ]);
    expect(
      ctx.output.mock.calls.find((c: any[]) => c[0] === 'changes')[1],
    ).toHaveLength(23);
    expect(cache.runs).toEqual([
      expect.stringMatching(
        /^ai-governance\.baseline\.apply\.baseline\.[0-9a-f]{16}$/,
      ),
    ]);
    expect(notified).toEqual([
      expect.objectContaining({
        ouIds: expect.arrayContaining([expect.stringMatching(/^ou-/)]),
        roots: true,
      }),
    ]);
    expect((notified[0] as any).policyIds).toHaveLength(8);

    // A retried task reuses the checkpoint: nothing runs again.
    const retry = context({}, { checkpoint: cache.checkpoint });
    await a.handler(retry);
    expect(cache.runs).toHaveLength(1);

    // A new task on the applied org has nothing to do.
    const again = context({});
    await a.handler(again);
    expect(again.output).toHaveBeenCalledWith('changes', []);
    expect(again.output).toHaveBeenCalledWith('inSync', true);
    expect(again.output).toHaveBeenCalledWith(
      'summary',
      'Nothing to do: the organization matches baseline baseline.',
    );
  });

  it('refuses without the baseline permission, and changes nothing', async () => {
    const { action: a } = action(AuthorizeResult.DENY);
    await expect(a.handler(context({}))).rejects.toThrow(
      'You may not preview or apply the governance baseline: ask an AI governance admin for the ai-governance.baseline.apply permission.',
    );
    expect(ous()).toEqual([]);
  });

  it('refuses a task started with service credentials, which the permission client would allow unasked', async () => {
    const { action: a, perms } = action(AuthorizeResult.ALLOW);
    await expect(
      a.handler(
        context(
          { allowRemovals: [], confirmRemovals: false },
          {
            getInitiatorCredentials: async () => mockCredentials.service(),
          },
        ),
      ),
    ).rejects.toThrow(/only on behalf of a signed-in user/);
    expect(perms.asked).toEqual([]);
    expect(ous()).toEqual([]);
  });

  it('rejects an unknown baseline name with a clear message', async () => {
    const { action: a } = action();
    await expect(a.handler(context({ baseline: 'nope' }))).rejects.toThrow(
      'There is no baseline "nope" (nope.yaml in the guardrails folder).',
    );
    await expect(
      a.handler(context({ baseline: '../etc/passwd' })),
    ).rejects.toThrow(/is not a baseline name/);
  });

  it('removals need the pulumi engine, a confirmation and the ai-governance.baseline.remove permission', async () => {
    const removal = { allowRemovals: ['policy/old-guardrail'] };
    await expect(
      action().action.handler(context({ ...removal, confirmRemovals: true })),
    ).rejects.toThrow(/allowRemovals is for the pulumi engine/);
    await expect(
      action().action.handler(context({ ...removal, engine: 'pulumi' })),
    ).rejects.toThrow(
      /the removals were not confirmed: tick "Delete these from AWS" on the review page/,
    );
    // Allowed to apply, not to remove: refused before anything runs.
    const perms: string[] = [];
    const denyRemove: PermissionsService = {
      authorize: async requests =>
        requests.map(r => {
          perms.push(r.permission.name);
          return {
            result:
              r.permission.name === 'ai-governance.baseline.remove'
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          };
        }) as any,
      authorizeConditional: async () => {
        throw new Error('not used');
      },
    };
    const a = createBaselineApplyAction({
      permissions: denyRemove,
      getClient: async () => {
        throw new Error('must not be reached');
      },
      guardrailsDir,
    });
    await expect(
      a.handler(
        context({ ...removal, engine: 'pulumi', confirmRemovals: true }),
      ),
    ).rejects.toThrow(
      /You may not remove governance from AWS \(allowRemovals: policy\/old-guardrail\): ask an AI governance admin for the ai-governance.baseline.remove permission/,
    );
    expect(perms).toEqual([
      'ai-governance.baseline.apply',
      'ai-governance.baseline.remove',
    ]);
  });

  it('says what to do when the pulumi engine has no configuration', async () => {
    const { action: a } = action();
    await expect(a.handler(context({ engine: 'pulumi' }))).rejects.toThrow(
      /needs aiGovernance.pulumi configuration/,
    );
  });
});

describe('template apply-governance-baseline', () => {
  // Read as data: the template must name its parameters as the action names its inputs.
  const template = yaml.parse(
    fs.readFileSync(
      path.resolve(
        __dirname,
        '../../../../templates/apply-governance-baseline/template.yaml',
      ),
      'utf8',
    ),
  );
  const a = createBaselineApplyAction({
    permissions: {} as any,
    getClient: async () => ({} as any),
  });
  const inputs = Object.keys((a.schema?.input as any)?.properties ?? {}).sort();

  it('is a v1beta3 Template whose step passes every parameter to the action', () => {
    expect(template).toMatchObject({
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
    });
    expect(template.metadata).toMatchObject({
      name: 'apply-governance-baseline',
      title: 'Apply governance baseline',
    });
    const properties = Object.assign(
      {},
      ...template.spec.parameters.map((p: any) => p.properties),
    );
    expect(Object.keys(properties).sort()).toEqual(inputs);
    const step = template.spec.steps.find(
      (s: any) => s.action === 'ai-governance:baseline:apply',
    );
    for (const key of inputs)
      expect(step.input[key]).toBe(`\${{ parameters.${key} }}`);
    expect(properties.engine.enum).toEqual(['organizations-api', 'pulumi']);
  });
});
