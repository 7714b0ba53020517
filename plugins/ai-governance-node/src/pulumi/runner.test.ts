import type { EngineEvent, OpType } from '@pulumi/pulumi/automation';
import * as pulumiCmd from '@pulumi/pulumi/automation/cmd';
import * as pulumiErrors from '@pulumi/pulumi/automation/errors';
import type {
  PulumiOperationOptions,
  PulumiStackOperations,
  PulumiStackSpec,
  PulumiWorkspaceBoundary,
} from './automation';
import {
  PulumiPlanRefusedError,
  PulumiRunCancelledError,
  PulumiRunError,
  runPulumiProgram,
} from './runner';
import { StrictTestLogger } from './__testUtils__/strictTestLogger';

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

function stepEvent(op: OpType, type = ACCOUNT, diffs?: string[]): EngineEvent {
  return {
    sequence: 1,
    timestamp: 0,
    resourcePreEvent: {
      metadata: { op, urn: URN, type, provider: '', diffs },
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
        await this.previewBehaviour(op);
        return { changeSummary: { create: 1 } };
      },
      up: async op => {
        this.ups++;
        await this.upBehaviour(op);
        return {
          outputs: { accountId: { value: '210987654321', secret: false } },
        };
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

describe('runPulumiProgram', () => {
  it('streams output line by line, whatever the chunking, and flushes the last line', async () => {
    const logger = new StrictTestLogger();
    const boundary = new FakeBoundary(async op => {
      op.onOutput('Previewing upd');
      op.onOutput('ate (dev-x)\n\n    + aws:organizations:Account acc');
      op.onOutput('ount create\r\nResources:\n    + 1 to create');
    });
    const result = await runPulumiProgram({
      ...base,
      boundary,
      logger,
      mode: 'preview',
    });
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
    const result = await runPulumiProgram({
      ...base,
      boundary,
      logger,
      mode: 'preview',
    });
    expect(logger.messages).toEqual([
      'Previewing stack dev-x',
      'would create aws:organizations/account:Account "account"',
      'summary: 1 create in 2 s',
    ]);
    expect(result.steps).toEqual([
      { op: 'create', urn: URN, type: ACCOUNT, diffs: undefined },
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
    const run = runPulumiProgram({ ...base, boundary, logger, mode: 'up' });
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
      await expect(
        runPulumiProgram({
          ...base,
          boundary,
          logger: new StrictTestLogger(),
          mode: 'up',
        }),
      ).rejects.toThrow(PulumiPlanRefusedError);
      expect(boundary.ups).toBe(0);
    },
  );

  it('allows replacing resources of types that are not protected', async () => {
    const boundary = new FakeBoundary(async o =>
      o.onEvent(stepEvent('replace', 'aws:organizations/policy:Policy')),
    );
    const result = await runPulumiProgram({
      ...base,
      boundary,
      logger: new StrictTestLogger(),
      mode: 'up',
    });
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
    await expect(
      runPulumiProgram({ ...base, boundary, logger, mode: 'up' }),
    ).rejects.toThrow(PulumiPlanRefusedError);
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
    const result = await runPulumiProgram({
      ...base,
      boundary,
      logger,
      mode: 'up',
    });
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
    await expect(
      runPulumiProgram({
        ...base,
        boundary,
        logger: new StrictTestLogger(),
        mode: 'up',
      }),
    ).rejects.toThrow(
      /stayed locked by another update through 3 attempts.*pulumi cancel/,
    );
    expect(boundary.opened).toHaveLength(3);
  });

  it('does not retry other CLI errors', async () => {
    const boundary = new FakeBoundary(async () => {
      throw new Error('error: program failed');
    });
    await expect(
      runPulumiProgram({
        ...base,
        boundary,
        logger: new StrictTestLogger(),
        mode: 'up',
      }),
    ).rejects.toThrow('error: program failed');
    expect(boundary.previews).toBe(1);
  });

  it('does not start when the signal is already aborted', async () => {
    const boundary = new FakeBoundary(async () => {});
    const controller = new AbortController();
    controller.abort();
    await expect(
      runPulumiProgram({
        ...base,
        boundary,
        logger: new StrictTestLogger(),
        mode: 'up',
        signal: controller.signal,
      }),
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
      runPulumiProgram({
        ...base,
        boundary,
        logger: new StrictTestLogger(),
        mode: 'up',
        signal: controller.signal,
      }),
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
      runPulumiProgram({
        ...base,
        retry: { attempts: 5, initialDelayMs: 10_000 },
        boundary,
        logger: new StrictTestLogger(),
        mode: 'up',
        signal: controller.signal,
      }),
    ).rejects.toThrow(PulumiRunCancelledError);
    expect(boundary.previews).toBe(1);
  });
});
