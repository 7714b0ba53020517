import path from 'node:path';
import type { EngineEvent, OpType } from '@pulumi/pulumi/automation';
import {
  OrgModel,
  compileOrgModel,
} from '@internal/plugin-ai-governance-common';
import type {
  PulumiStackOperations,
  PulumiStackSpec,
  PulumiStackState,
  PulumiWorkspaceBoundary,
} from '../pulumi/automation';
import {
  PulumiPlanRefusedError,
  PulumiRemovalsRefusedError,
} from '../pulumi/runnerErrors';
import { StrictTestLogger } from '../__testUtils__/strictTestLogger';
import {
  RecordedResource,
  installRecordingMocks,
  runProgram,
} from '../pulumi/__testUtils__/recordingMocks';
import { loadBaselineModel } from './apply';
import { BASELINE_RESOURCE_TYPES } from './baselineResources';
import { findGuardrailsDir } from './packs';
import {
  BaselineDriftError,
  BaselineImportConflictError,
  BaselineRemovalsError,
  runBaselineWithPulumi,
} from './applyWithPulumi';
import { smallOrgModel } from '../__testUtils__/orgModels';

/** The stack whose program runs: a resource in its state keeps its id, as in a real stack. */
let activeStack: SimulatedStack | undefined;

const mocks = installRecordingMocks(
  'ai-governance-baseline',
  'baseline',
  args => {
    const id =
      args.id ||
      activeStack?.ids.get(args.name) ||
      (args.type === BASELINE_RESOURCE_TYPES.organization
        ? 'o-mocked1234'
        : `id-of-${args.name}`);
    return args.type === BASELINE_RESOURCE_TYPES.organization
      ? {
          id,
          state: { ...args.inputs, roots: [{ id: 'r-mock', name: 'Root' }] },
        }
      : { id };
  },
);

const model = loadBaselineModel(
  path.join(findGuardrailsDir(__dirname), 'baseline.yaml'),
);

interface StateResource extends RecordedResource {
  urn: string;
}

const urnOf = (type: string, name: string) =>
  `urn:pulumi:baseline::ai-governance-baseline::${type}::${name}`;

function stripUndefined(value: unknown) {
  return JSON.parse(JSON.stringify(value ?? {}));
}

/**
 * Stands in for the Pulumi CLI and engine, around the real program: preview and up run the inline program under
 * Pulumi's mocks, then compare what it registered with the stack's state the way the engine does (create, import,
 * update, same, delete; a delete of a retained resource leaves it in AWS; a protected one fails the update). The
 * state and outputs carry over from one up to the next, like a stack's.
 */
class SimulatedStack implements PulumiWorkspaceBoundary {
  state = new Map<string, StateResource>();
  /** Resource name to its id in AWS. */
  ids = new Map<string, string>();
  outputs: Record<string, { value: unknown; secret: boolean }> = {};
  ups = 0;
  opened: PulumiStackSpec[] = [];
  /** Deleted in AWS (not retained) by the last up. */
  deletedInAws: string[] = [];

  async openStack(spec: PulumiStackSpec): Promise<PulumiStackOperations> {
    this.opened.push(spec);
    const self: SimulatedStack = this; // eslint-disable-line consistent-this
    const plan = async () => {
      activeStack = self;
      mocks.reset();
      const values = await runProgram(spec.program);
      const registered = mocks.resources.filter(r =>
        r.type.startsWith('aws:organizations/'),
      );
      const steps: Array<{ op: OpType; r: StateResource; diffs?: string[] }> =
        [];
      for (const r of registered) {
        const urn = urnOf(r.type, r.name);
        const old = this.state.get(urn);
        if (!old) {
          steps.push({
            op: r.importId ? 'import' : 'create',
            r: { ...r, urn },
          });
          continue;
        }
        const before = stripUndefined(old.inputs);
        const after = stripUndefined(r.inputs);
        const diffs = Object.keys({ ...before, ...after }).filter(
          k => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
        );
        steps.push({
          op: diffs.length ? 'update' : 'same',
          r: { ...r, urn },
          diffs,
        });
      }
      for (const [urn, old] of this.state) {
        if (!registered.some(r => urnOf(r.type, r.name) === urn)) {
          steps.push({ op: 'delete', r: old });
        }
      }
      return { steps, values, registered };
    };
    const emit = (
      op: { onEvent: (e: EngineEvent) => void },
      steps: Awaited<ReturnType<typeof plan>>['steps'],
    ) => {
      for (const s of steps) {
        op.onEvent({
          sequence: 1,
          timestamp: 0,
          resourcePreEvent: {
            planning: true,
            metadata: {
              op: s.op,
              urn: s.r.urn,
              type: s.r.type,
              provider: '',
              diffs: s.diffs,
              ...(s.op === 'delete'
                ? {
                    old: {
                      type: s.r.type,
                      urn: s.r.urn,
                      custom: true,
                      delete: false,
                      id: 'x',
                      parent: '',
                      protect: !!s.r.protect,
                      retainOnDelete: !!s.r.retainOnDelete,
                      inputs: {},
                      outputs: {},
                      provider: '',
                    },
                  }
                : {}),
            },
          },
        });
      }
    };
    return {
      stackName: spec.stackName,
      preview: async op => {
        const { steps } = await plan();
        emit(op, steps);
        return { changeSummary: {} };
      },
      up: async op => {
        this.ups++;
        const { steps, values, registered } = await plan();
        emit(op, steps);
        this.deletedInAws = [];
        for (const s of steps.filter(x => x.op === 'delete')) {
          if (s.r.protect) {
            throw new Error(
              `error: unable to delete resource "${s.r.urn}" as it is currently marked for protection`,
            );
          }
          if (!s.r.retainOnDelete) this.deletedInAws.push(s.r.name);
        }
        for (const r of registered) {
          if (!this.ids.has(r.name)) {
            this.ids.set(
              r.name,
              r.importId ??
                (r.type === BASELINE_RESOURCE_TYPES.organization
                  ? 'o-mocked1234'
                  : `id-of-${r.name}`),
            );
          }
        }
        this.state = new Map(
          registered.map(r => [
            urnOf(r.type, r.name),
            { ...r, urn: urnOf(r.type, r.name) },
          ]),
        );
        this.outputs = Object.fromEntries(
          Object.entries(values).map(([k, v]) => [
            k,
            { value: v, secret: false },
          ]),
        );
        return { outputs: this.outputs };
      },
      refresh: async () => {},
      outputs: async () => this.outputs,
      exportState: async (): Promise<PulumiStackState> => ({
        version: 3,
        deployment: {
          resources: [...this.state.values()].map(r => ({
            urn: r.urn,
            type: r.type,
            protect: r.protect,
            retainOnDelete: r.retainOnDelete,
          })),
        },
      }),
      importState: async state => {
        for (const r of state.deployment.resources ?? []) {
          const current = this.state.get(r.urn);
          if (current) {
            current.protect = r.protect;
            current.retainOnDelete = r.retainOnDelete;
          }
        }
      },
      cancel: async () => {},
    };
  }
}

function withoutProduction(m: OrgModel): OrgModel {
  const copy: OrgModel = JSON.parse(JSON.stringify(m));
  const ai = copy.spec.root.organizationalUnits!.find(o => o.name === 'AI')!;
  ai.organizationalUnits = ai.organizationalUnits!.filter(
    o => o.name !== 'Production',
  );
  return copy;
}

function withPolicyContent(m: OrgModel, name: string, document: string) {
  const copy: OrgModel = JSON.parse(JSON.stringify(m));
  copy.spec.policies.find(p => p.name === name)!.document = document;
  return copy;
}

const EDITED =
  '{"Version":"2012-10-17","Statement":[{"Sid":"DenyOutsideRegions","Effect":"Deny","NotAction":["iam:*"],"Resource":"*"}]}';

async function firstApply(stack: SimulatedStack) {
  const live = compileOrgModel(model);
  const result = await runBaselineWithPulumi({
    boundary: stack,
    model,
    live,
    mode: 'up',
    logger: new StrictTestLogger(),
  });
  return { live, result };
}

describe('runBaselineWithPulumi (the real program, on a simulated stack)', () => {
  it('first apply: adopts the live organization by import, every OU, policy and attachment retained', async () => {
    const stack = new SimulatedStack();
    const { live, result } = await firstApply(stack);
    expect(result.firstImport).toBe(true);
    expect(result.applied).toBe(true);
    expect(stack.opened[0].stackName).toBe(`baseline-${live.organization.id}`);
    const imports = result.steps.filter(s => s.op === 'import');
    expect(imports.map(s => s.name)).toContain('organization');
    expect(imports.map(s => s.name)).toContain('ou/Root/AI/Production');
    expect(result.steps.filter(s => s.op === 'create')).toEqual([]);
    for (const r of stack.state.values()) {
      expect([r.name, r.retainOnDelete]).toEqual([r.name, true]);
    }
    // The outputs are the last applied state the next run reads.
    expect(
      (stack.outputs.policies.value as any)['guardrail-region-lock'].content,
    ).toContain('DenyOutsideApprovedRegions');
  });

  it('policy edit: updates the policy in place after the first import, with a text diff (not refused as a conflict)', async () => {
    const stack = new SimulatedStack();
    const { live } = await firstApply(stack);
    const edited = withPolicyContent(model, 'guardrail-region-lock', EDITED);
    const logger = new StrictTestLogger();
    const result = await runBaselineWithPulumi({
      boundary: stack,
      model: edited,
      live,
      mode: 'up',
      logger,
    });
    expect(result.firstImport).toBe(false);
    expect(result.steps.map(s => [s.op, s.name])).toEqual([
      ['update', 'policy/guardrail-region-lock'],
    ]);
    expect(result.steps[0].diffs).toEqual(['content']);
    expect(result.edits).toHaveLength(1);
    expect(result.edits[0].diff.slice(0, 2)).toEqual([
      '--- guardrail-region-lock (last applied)',
      '+++ guardrail-region-lock (baseline)',
    ]);
    expect(result.edits[0].diff.some(l => l.startsWith('-'))).toBe(true);
    expect(result.edits[0].diff).toContain('+        "iam:*"');
    expect(logger.messages).toContain('Policy edit: guardrail-region-lock');
    expect(stack.ups).toBe(2);
  });

  it('drift: shows a console edit of a managed policy and refuses to overwrite it unless told to', async () => {
    const stack = new SimulatedStack();
    const { live } = await firstApply(stack);
    const drifted = JSON.parse(JSON.stringify(live));
    drifted.policies.find(
      (p: any) => p.name === 'guardrail-region-lock',
    ).content = EDITED;
    const preview = await runBaselineWithPulumi({
      boundary: stack,
      model,
      live: drifted,
      mode: 'preview',
      logger: new StrictTestLogger(),
    });
    expect(preview.drift.map(d => d.policyName)).toEqual([
      'guardrail-region-lock',
    ]);
    expect(preview.drift[0].diff[1]).toBe(
      '+++ guardrail-region-lock (in AWS now)',
    );
    const refused = runBaselineWithPulumi({
      boundary: stack,
      model,
      live: drifted,
      mode: 'up',
      logger: new StrictTestLogger(),
    });
    await expect(refused).rejects.toBeInstanceOf(BaselineDriftError);
    await expect(refused).rejects.toThrow(/--overwrite-drift/);
    expect(stack.ups).toBe(1);
    await runBaselineWithPulumi({
      boundary: stack,
      model,
      live: drifted,
      mode: 'up',
      overwriteDrift: true,
      logger: new StrictTestLogger(),
    });
    expect(stack.ups).toBe(2);
  });

  it('removal without allowRemovals: the OU and its attachments leave the stack and stay in AWS', async () => {
    const stack = new SimulatedStack();
    const { live } = await firstApply(stack);
    const logger = new StrictTestLogger();
    const result = await runBaselineWithPulumi({
      boundary: stack,
      model: withoutProduction(model),
      live,
      mode: 'up',
      logger,
    });
    const removed = result.removals.map(r => r.name);
    expect(removed).toContain('ou/Root/AI/Production');
    expect(result.removals.every(r => !r.allowed)).toBe(true);
    expect(
      result.steps
        .filter(s => s.op === 'delete')
        .every(s => s.retained === true),
    ).toBe(true);
    expect(logger.messages).toContain(
      'No longer managed, left in place: ou/Root/AI/Production',
    );
    expect(stack.deletedInAws).toEqual([]);
  });

  it('removal with allowRemovals: deletes exactly the named removals, and refuses names that are not removals', async () => {
    const stack = new SimulatedStack();
    const { live } = await firstApply(stack);
    const smaller = withoutProduction(model);
    const attachment =
      'attachment/Root/AI/Production/guardrail-ai-protect-models';
    await expect(
      runBaselineWithPulumi({
        boundary: stack,
        model: smaller,
        live,
        mode: 'up',
        allowRemovals: ['policy/guardrail-region-lock'],
        logger: new StrictTestLogger(),
      }),
    ).rejects.toBeInstanceOf(BaselineRemovalsError);
    const result = await runBaselineWithPulumi({
      boundary: stack,
      model: smaller,
      live,
      mode: 'up',
      allowRemovals: [attachment],
      logger: new StrictTestLogger(),
    });
    expect(result.removals.find(r => r.name === attachment)?.allowed).toBe(
      true,
    );
    expect(stack.deletedInAws).toEqual([attachment]);
  });

  it('extra enabled policy types: the organization keeps every type AWS has enabled', async () => {
    const stack = new SimulatedStack();
    const live = compileOrgModel(model);
    const root = live.nodes.find(n => n.kind === 'root')!;
    root.enabledPolicyTypes = [
      ...(root.enabledPolicyTypes ?? []),
      'TAG_POLICY',
      'BACKUP_POLICY',
    ];
    await runBaselineWithPulumi({
      boundary: stack,
      model,
      live,
      mode: 'up',
      logger: new StrictTestLogger(),
    });
    const org = [...stack.state.values()].find(r => r.name === 'organization')!;
    expect(org.inputs.enabledPolicyTypes).toEqual(
      [...(root.enabledPolicyTypes ?? [])].sort(),
    );
    expect(org.inputs.enabledPolicyTypes).toContain('TAG_POLICY');
    expect(org.protect).toBe(true);
  });

  it('refuses a plan that would delete or replace the organization', async () => {
    const stack = new SimulatedStack();
    await firstApply(stack);
    // A model from another organization's stack: simulate the organization leaving the program.
    const org = [...stack.state.values()].find(r => r.name === 'organization')!;
    org.protect = false;
    stack.state.set(urnOf(org.type, 'organization-old'), {
      ...org,
      name: 'organization-old',
      urn: urnOf(org.type, 'organization-old'),
      retainOnDelete: false,
    });
    await expect(
      runBaselineWithPulumi({
        boundary: stack,
        model,
        live: compileOrgModel(model),
        mode: 'up',
        logger: new StrictTestLogger(),
      }),
    ).rejects.toBeInstanceOf(PulumiPlanRefusedError);
    expect(stack.ups).toBe(1);
  });

  it('refuses the first import, saying what to do, when the live organization cannot be imported as it is', async () => {
    const live = compileOrgModel(model);
    live.nodes[0].enabledPolicyTypes = ['SERVICE_CONTROL_POLICY'];
    const stack = new SimulatedStack();
    const run = runBaselineWithPulumi({
      boundary: stack,
      model,
      live,
      mode: 'preview',
      logger: new StrictTestLogger(),
    });
    await expect(run).rejects.toBeInstanceOf(BaselineImportConflictError);
    await expect(run).rejects.toThrow(
      /AISERVICES_OPT_OUT_POLICY not enabled yet on the root.*organizations-api provisioner/,
    );
    expect(stack.ups).toBe(0);
  });

  it('an allowed removal the plan does not delete is refused before the update', async () => {
    // A removal the runner was told to allow, but which the stack does not hold: nothing is applied.
    const small = smallOrgModel(`
  policies: []
  root:
    organizationalUnits:
      - name: Keep
`);
    const stack = new SimulatedStack();
    await runBaselineWithPulumi({
      boundary: stack,
      model: small,
      mode: 'up',
      logger: new StrictTestLogger(),
    });
    expect(stack.ups).toBe(1);
    await expect(
      runBaselineWithPulumi({
        boundary: stack,
        model: small,
        mode: 'up',
        allowRemovals: ['ou/Root/Keep'],
        logger: new StrictTestLogger(),
      }),
    ).rejects.toBeInstanceOf(BaselineRemovalsError);
    expect(PulumiRemovalsRefusedError).toBeDefined();
  });
});
