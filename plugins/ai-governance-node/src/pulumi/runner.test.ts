import fs from 'node:fs';
import type { EngineEvent, OpType } from '@pulumi/pulumi/automation';
import * as pulumiCmd from '@pulumi/pulumi/automation/cmd';
import * as pulumiErrors from '@pulumi/pulumi/automation/errors';
import type {
  PulumiOperationOptions,
  PulumiStackOperations,
  PulumiStackSpec,
  PulumiStackState,
  PulumiWorkspaceBoundary,
} from './automation';
import {
  PulumiPendingOperationsError,
  PulumiPlanRefusedError,
  PulumiRemovalsRefusedError,
  PulumiRunCancelledError,
  PulumiRunError,
} from './runnerErrors';
import { runPulumiProgram } from './runner';
import { StrictTestLogger } from '../__testUtils__/strictTestLogger';

const ACCOUNT = 'aws:organizations/account:Account';
const URN =
  'urn:pulumi:dev-x::ai-governance-accounts::aws:organizations/account:Account::account';

/** The error the Automation API raises when the CLI reports a locked stack. */
function concurrentUpdateError() {
  const { CommandResult } = pulumiCmd as any;
  const { createCommandError } = pulumiErrors as any;
  return createCommandError(
    new CommandResult(
      '',
      'error: [409] Conflict: Another update is currently in progress.',
      255,
    ),
  );
}

function stepEvent(
  op: OpType,
  type = ACCOUNT,
  diffs?: string[],
  options: { name?: string; retained?: boolean } = {},
): EngineEvent {
  const urn = options.name
    ? `urn:pulumi:dev-x::ai-governance-accounts::${type}::${options.name}`
    : URN;
  return {
    sequence: 1,
    timestamp: 0,
    resourcePreEvent: {
      metadata: {
        op,
        urn,
        type,
        provider: '',
        diffs,
        ...(options.retained
          ? {
              old: {
                type,
                urn,
                custom: true,
                delete: false,
                id: 'x',
                parent: '',
                protect: false,
                retainOnDelete: true,
                inputs: {},
                outputs: {},
                provider: '',
              },
            }
          : {}),
      },
      planning: true,
    },
  };
}

type Behaviour = (op: PulumiOperationOptions) => Promise<void>;

/** A boundary whose preview and up replay scripted output, events and failures. */
class FakeBoundary implements PulumiWorkspaceBoundary {
  opened: PulumiStackSpec[] = [];
  previews = 0;
  ups = 0;
  openFailures: unknown[] = [];
  /** Every operation in order: refresh, preview, up, export, import. */
  calls: string[] = [];
  /** The plan file each preview saved to and each up ran, with the plan's text at the time of the up. */
  plans: { preview?: string; up?: string; upText?: string } = {};
  state: PulumiStackState = { version: 3, deployment: { resources: [] } };
  imported: PulumiStackState[] = [];

  constructor(
    private readonly previewBehaviour: Behaviour,
    private readonly upBehaviour: Behaviour = async () => {},
  ) {}

  async openStack(spec: PulumiStackSpec): Promise<PulumiStackOperations> {
    this.opened.push(spec);
    const failure = this.openFailures.shift();
    if (failure) {
      throw failure;
    }
    return {
      stackName: spec.stackName,
      preview: async op => {
        this.previews++;
        this.calls.push('preview');
        this.plans.preview = op.plan;
        if (op.plan) fs.writeFileSync(op.plan, '{"resourcePlans":{}}');
        await this.previewBehaviour(op);
        return { changeSummary: { create: 1 } };
      },
      up: async op => {
        this.ups++;
        this.calls.push('up');
        this.plans.up = op.plan;
        this.plans.upText = op.plan
          ? fs.readFileSync(op.plan, 'utf8')
          : undefined;
        await this.upBehaviour(op);
        return {
          outputs: { accountId: { value: '210987654321', secret: false } },
        };
      },
      refresh: async () => {
        this.calls.push('refresh');
      },
      outputs: async () => ({}),
      exportState: async () => {
        this.calls.push('export');
        return JSON.parse(JSON.stringify(this.state));
      },
      importState: async state => {
        this.calls.push('import');
        this.imported.push(JSON.parse(JSON.stringify(state)));
        this.state = JSON.parse(JSON.stringify(state));
      },
      cancel: async () => {},
    };
  }
}

const base = {
  projectName: 'ai-governance-accounts',
  stackName: 'dev-x',
  program: async () => ({}),
  protectedTypes: [ACCOUNT],
  retry: { attempts: 3, initialDelayMs: 1, maxDelayMs: 5 },
};

/** runPulumiProgram on the test's stack with `boundary`, a strict logger and mode `up`, unless `options` says otherwise. */
function runUp(
  boundary: FakeBoundary,
  options: Partial<Parameters<typeof runPulumiProgram>[0]> = {},
) {
  return runPulumiProgram({
    ...base,
    boundary,
    logger: new StrictTestLogger(),
    mode: 'up',
    ...options,
  });
}

describe('runPulumiProgram', () => {
  it('streams output line by line, whatever the chunking, and flushes the last line', async () => {
    const logger = new StrictTestLogger();
    const boundary = new FakeBoundary(async op => {
      op.onOutput('Previewing upd');
      op.onOutput('ate (dev-x)\n\n    + aws:organizations:Account acc');
      op.onOutput('ount create\r\nResources:\n    + 1 to create');
    });
    const result = await runUp(boundary, { logger, mode: 'preview' });
    expect(logger.messages).toEqual([
      'Previewing stack dev-x',
      'Previewing update (dev-x)',
      '    + aws:organizations:Account account create',
      'Resources:',
      '    + 1 to create',
    ]);
    expect(boundary.ups).toBe(0);
    expect(result).toMatchObject({
      applied: false,
      changeSummary: { create: 1 },
    });
  });

  it('turns engine events into short lines and collects the planned steps', async () => {
    const logger = new StrictTestLogger();
    const boundary = new FakeBoundary(async op => {
      op.onEvent(stepEvent('create'));
      op.onEvent(stepEvent('same', 'pulumi:providers:aws'));
      op.onEvent({
        sequence: 3,
        timestamp: 0,
        summaryEvent: {
          maybeCorrupt: false,
          durationSeconds: 2,
          resourceChanges: { create: 1, same: 1 },
          policyPacks: {},
        },
      });
    });
    const result = await runUp(boundary, { logger, mode: 'preview' });
    expect(logger.messages).toEqual([
      'Previewing stack dev-x',
      'would create aws:organizations/account:Account "account"',
      'summary: 1 create in 2 s',
    ]);
    expect(result.steps).toEqual([
      {
        op: 'create',
        urn: URN,
        type: ACCOUNT,
        name: 'account',
        diffs: undefined,
      },
    ]);
  });

  it('masks secrets in output, events and errors', async () => {
    const logger = new StrictTestLogger();
    const boundary = new FakeBoundary(
      async op => {
        op.onOutput('using passphrase correct-horse-battery\n');
        op.onOutput(
          'key AKIAABCDEFGHIJKLMNOP and PULUMI_ACCESS_TOKEN=pul-abc\n',
        );
        op.onOutput('env-secret-value leaked\n');
      },
      async () => {
        throw new Error('error: login failed for correct-horse-battery');
      },
    );
    const run = runPulumiProgram({
      ...base,
      boundary,
      logger,
      mode: 'up',
      config: {
        'app:passphrase': { value: 'correct-horse-battery', secret: true },
      },
      secrets: ['env-secret-value'],
    });
    await expect(run).rejects.toThrow(PulumiRunError);
    await expect(run).rejects.toThrow('error: login failed for [secret]');
    const text = logger.text();
    expect(text).not.toContain('correct-horse-battery');
    expect(text).not.toContain('AKIAABCDEFGHIJKLMNOP');
    expect(text).not.toContain('pul-abc');
    expect(text).not.toContain('env-secret-value');
    expect(text).toContain('using passphrase [secret]');
    expect(text).toContain('[secret] leaked');
  });

  it('refuses a plan that replaces a protected resource, before applying anything', async () => {
    const logger = new StrictTestLogger();
    const boundary = new FakeBoundary(async op => {
      op.onEvent(stepEvent('replace', ACCOUNT, ['email']));
    });
    const run = runUp(boundary, { logger });
    await expect(run).rejects.toThrow(PulumiPlanRefusedError);
    await expect(run).rejects.toThrow(
      /replace account \(because email changed\)/,
    );
    expect(boundary.ups).toBe(0);
  });

  it.each(['delete', 'create-replacement', 'delete-replaced'] as OpType[])(
    'refuses a plan that would %s an account',
    async op => {
      const boundary = new FakeBoundary(async o => o.onEvent(stepEvent(op)));
      await expect(runUp(boundary)).rejects.toThrow(PulumiPlanRefusedError);
      expect(boundary.ups).toBe(0);
    },
  );

  it('allows replacing resources of types that are not protected', async () => {
    const boundary = new FakeBoundary(async o =>
      o.onEvent(stepEvent('replace', 'aws:organizations/policy:Policy')),
    );
    const result = await runUp(boundary);
    expect(result.applied).toBe(true);
    expect(result.outputs.accountId.value).toBe('210987654321');
  });

  it('stops an update that starts to replace a protected resource the preview did not show', async () => {
    const logger = new StrictTestLogger();
    let upSignal: AbortSignal | undefined;
    const boundary = new FakeBoundary(
      async () => {},
      async op => {
        upSignal = op.signal;
        op.onEvent(stepEvent('delete'));
        if (op.signal?.aborted) {
          throw new Error('update cancelled');
        }
      },
    );
    await expect(runUp(boundary, { logger })).rejects.toThrow(
      PulumiPlanRefusedError,
    );
    expect(upSignal?.aborted).toBe(true);
    expect(
      logger.lines.some(
        l => l.level === 'error' && /Stopping the update/.test(l.message),
      ),
    ).toBe(true);
  });

  it('retries ConcurrentUpdateError with backoff and then succeeds', async () => {
    const logger = new StrictTestLogger();
    let previews = 0;
    const boundary = new FakeBoundary(async () => {
      previews++;
      if (previews <= 2) {
        throw concurrentUpdateError();
      }
    });
    const result = await runUp(boundary, { logger });
    expect(result.applied).toBe(true);
    expect(previews).toBe(3);
    expect(logger.lines.filter(l => l.level === 'warn')).toHaveLength(2);
    expect(logger.text()).toMatch(/being updated by another run; trying again/);
  });

  it('gives up after the configured attempts with a message that says what to do', async () => {
    const boundary = new FakeBoundary(async () => {});
    boundary.openFailures = [
      concurrentUpdateError(),
      concurrentUpdateError(),
      concurrentUpdateError(),
    ];
    await expect(runUp(boundary)).rejects.toThrow(
      /stayed locked by another update through 3 attempts.*pulumi cancel/,
    );
    expect(boundary.opened).toHaveLength(3);
  });

  it('does not retry other CLI errors', async () => {
    const boundary = new FakeBoundary(async () => {
      throw new Error('error: program failed');
    });
    await expect(runUp(boundary)).rejects.toThrow('error: program failed');
    expect(boundary.previews).toBe(1);
  });

  it('does not start when the signal is already aborted', async () => {
    const boundary = new FakeBoundary(async () => {});
    const controller = new AbortController();
    controller.abort();
    await expect(
      runUp(boundary, { signal: controller.signal }),
    ).rejects.toThrow(PulumiRunCancelledError);
    expect(boundary.opened).toHaveLength(0);
  });

  it('passes the signal to the CLI and reports cancellation during the update', async () => {
    const controller = new AbortController();
    const boundary = new FakeBoundary(
      async () => {},
      op =>
        new Promise((_resolve, reject) => {
          op.signal!.addEventListener('abort', () =>
            reject(new Error('error: update canceled')),
          );
          setTimeout(() => controller.abort(), 5);
        }),
    );
    await expect(
      runUp(boundary, { signal: controller.signal }),
    ).rejects.toThrow(/Cancelled during the run/);
    expect(boundary.ups).toBe(1);
  });

  it('stops waiting for a locked stack when cancelled', async () => {
    const controller = new AbortController();
    const boundary = new FakeBoundary(async () => {
      setTimeout(() => controller.abort(), 5);
      throw concurrentUpdateError();
    });
    await expect(
      runUp(boundary, {
        retry: { attempts: 5, initialDelayMs: 10_000 },
        signal: controller.signal,
      }),
    ).rejects.toThrow(PulumiRunCancelledError);
    expect(boundary.previews).toBe(1);
  });
  it('refreshes, saves the plan in the preview and runs exactly that plan in the update', async () => {
    const boundary = new FakeBoundary(async o =>
      o.onEvent(stepEvent('create')),
    );
    await runUp(boundary);
    expect(boundary.calls).toEqual(['export', 'refresh', 'preview', 'up']);
    expect(boundary.plans.preview).toMatch(/plan\.json$/);
    expect(boundary.plans.up).toBe(boundary.plans.preview);
    expect(boundary.plans.upText).toBe('{"resourcePlans":{}}');
    // The plan file is removed afterwards.
    expect(fs.existsSync(boundary.plans.up!)).toBe(false);
  });

  it('previews without a plan file and without refreshing', async () => {
    const boundary = new FakeBoundary(async () => {});
    await runUp(boundary, { mode: 'preview' });
    expect(boundary.calls).toEqual(['export', 'preview']);
    expect(boundary.plans.preview).toBeUndefined();
  });

  it("refuses an update on a crashed run's pending operations, naming the exact recovery step", async () => {
    const boundary = new FakeBoundary(async () => {});
    boundary.state.deployment.pending_operations = [
      { resource: { urn: URN }, type: 'creating' },
    ];
    const run = runUp(boundary);
    await expect(run).rejects.toThrow(PulumiPendingOperationsError);
    await expect(run).rejects.toThrow(
      /pending operations from a run that did not finish \(creating account\).*pulumi refresh --clear-pending-creates --stack dev-x/,
    );
    expect(boundary.calls).not.toContain('up');
  });

  it('reports pending operations left by an update that failed part way', async () => {
    const logger = new StrictTestLogger();
    const boundary = new FakeBoundary(
      async () => {},
      async () => {
        boundary.state.deployment.pending_operations = [
          { resource: { urn: URN }, type: 'updating' },
        ];
        throw new Error('error: the CLI was killed');
      },
    );
    const run = runUp(boundary, { logger });
    await expect(run).rejects.toThrow(
      /The update failed part way.*updating account.*pulumi refresh --stack dev-x.*pulumi stack export --stack dev-x --file state\.json/,
    );
    expect(logger.lines.some(l => l.level === 'error')).toBe(true);
  });

  it('does not refuse a retained delete of a protected type: it leaves the stack and stays in AWS', async () => {
    const logger = new StrictTestLogger();
    const boundary = new FakeBoundary(async o =>
      o.onEvent(stepEvent('delete', ACCOUNT, undefined, { retained: true })),
    );
    const result = await runUp(boundary, { logger, mode: 'preview' });
    expect(result.steps).toEqual([
      expect.objectContaining({
        op: 'delete',
        retained: true,
        name: 'account',
      }),
    ]);
    expect(logger.messages).toContain(
      `would stop managing ${ACCOUNT} "account" and leave it in place`,
    );
  });

  it('clears retainOnDelete on exactly the allowed removals before the plan, and applies', async () => {
    const policy = 'aws:organizations/policy:Policy';
    const urnOf = (name: string) =>
      `urn:pulumi:dev-x::ai-governance-accounts::${policy}::${name}`;
    const boundary = new FakeBoundary(async o => {
      // After the state edit the allowed one is no longer retained; the other still is.
      const retained = (name: string) =>
        boundary.state.deployment.resources!.find(r => r.urn === urnOf(name))!
          .retainOnDelete;
      o.onEvent(
        stepEvent('delete', policy, undefined, {
          name: 'policy/Old',
          retained: retained('policy/Old'),
        }),
      );
      o.onEvent(
        stepEvent('delete', policy, undefined, {
          name: 'policy/Kept',
          retained: retained('policy/Kept'),
        }),
      );
    });
    boundary.state.deployment.resources = [
      {
        urn: urnOf('policy/Old'),
        type: policy,
        retainOnDelete: true,
        protect: true,
      },
      { urn: urnOf('policy/Kept'), type: policy, retainOnDelete: true },
    ];
    const result = await runUp(boundary, { allowDeletes: ['policy/Old'] });
    expect(result.applied).toBe(true);
    expect(boundary.imported).toHaveLength(1);
    expect(boundary.imported[0].deployment.resources).toEqual([
      {
        urn: urnOf('policy/Old'),
        type: policy,
        retainOnDelete: false,
        protect: false,
      },
      { urn: urnOf('policy/Kept'), type: policy, retainOnDelete: true },
    ]);
    expect(result.steps.map(s => [s.name, s.retained ?? false])).toEqual([
      ['policy/Old', false],
      ['policy/Kept', true],
    ]);
  });

  it('refuses, restoring the state, when an allowed removal is not in the plan', async () => {
    const policy = 'aws:organizations/policy:Policy';
    const urn = `urn:pulumi:dev-x::ai-governance-accounts::${policy}::policy/Old`;
    const boundary = new FakeBoundary(async () => {});
    boundary.state.deployment.resources = [
      { urn, type: policy, retainOnDelete: true },
    ];
    const run = runUp(boundary, { allowDeletes: ['policy/Old'] });
    await expect(run).rejects.toThrow(PulumiRemovalsRefusedError);
    await expect(run).rejects.toThrow(
      /name policy\/Old, which the plan does not remove/,
    );
    expect(boundary.ups).toBe(0);
    expect(boundary.state.deployment.resources![0].retainOnDelete).toBe(true);
  });

  it('passes what beforeRun throws through unchanged, before anything is planned', async () => {
    const boundary = new FakeBoundary(async () => {});
    class DriftError extends Error {}
    await expect(
      runUp(boundary, {
        beforeRun: async () => {
          throw new DriftError('someone edited a policy');
        },
      }),
    ).rejects.toBeInstanceOf(DriftError);
    expect(boundary.calls).toEqual(['export']);
  });
});
