import path from 'node:path';
import type { EngineEvent } from '@pulumi/pulumi/automation';
import { compileOrgModel } from '@internal/plugin-ai-governance-common';
import type {
  PulumiStackOperations,
  PulumiStackSpec,
  PulumiWorkspaceBoundary,
} from '../pulumi/automation';
import { PulumiPlanRefusedError } from '../pulumi/runner';
import { StrictTestLogger } from '../pulumi/__testUtils__/strictTestLogger';
import { loadBaselineModel } from './apply';
import { findGuardrailsDir } from './packs';
import {
  BaselineImportConflictError,
  runBaselineWithPulumi,
} from './pulumiEngine';

const model = loadBaselineModel(
  path.join(findGuardrailsDir(__dirname), 'baseline.yaml'),
);

function event(op: string, type: string, name: string): EngineEvent {
  return {
    sequence: 1,
    timestamp: 0,
    resourcePreEvent: {
      metadata: {
        op: op as never,
        urn: `urn:pulumi:baseline::ai-governance-baseline::${type}::${name}`,
        type,
        provider: '',
      },
      planning: true,
    },
  };
}

/** Stands in for the Pulumi CLI: replays the given preview events and counts the updates. */
class FakeBoundary implements PulumiWorkspaceBoundary {
  opened: PulumiStackSpec[] = [];
  ups = 0;
  constructor(private readonly events: EngineEvent[]) {}
  async openStack(spec: PulumiStackSpec): Promise<PulumiStackOperations> {
    this.opened.push(spec);
    return {
      stackName: spec.stackName,
      preview: async op => {
        this.events.forEach(e => op.onEvent(e));
        return { changeSummary: { create: this.events.length } };
      },
      up: async () => {
        this.ups++;
        return { outputs: {}, changeSummary: { create: this.events.length } };
      },
      cancel: async () => {},
    };
  }
}

describe('runBaselineWithPulumi', () => {
  it('previews without applying, on the baseline project, with the baseline program', async () => {
    const boundary = new FakeBoundary([
      event(
        'create',
        'aws:organizations/organizationalUnit:OrganizationalUnit',
        'ou/Root/AI',
      ),
      event(
        'create',
        'aws:organizations/policy:Policy',
        'policy/guardrail-region-lock',
      ),
    ]);
    const result = await runBaselineWithPulumi({
      boundary,
      model,
      mode: 'preview',
      logger: new StrictTestLogger(),
    });
    expect(boundary.ups).toBe(0);
    expect(boundary.opened).toEqual([
      expect.objectContaining({
        projectName: 'ai-governance-baseline',
        stackName: 'baseline',
        config: { 'aws:region': { value: 'us-east-1' } },
      }),
    ]);
    expect(result.applied).toBe(false);
    expect(result.steps.map(s => s.urn.split('::').pop())).toEqual([
      'ou/Root/AI',
      'policy/guardrail-region-lock',
    ]);
  });

  it('applies after the preview, on a stack named after the live organization', async () => {
    const live = compileOrgModel(model);
    const boundary = new FakeBoundary([]);
    const result = await runBaselineWithPulumi({
      boundary,
      model,
      live,
      mode: 'up',
      logger: new StrictTestLogger(),
    });
    expect(boundary.ups).toBe(1);
    expect(boundary.opened[0].stackName).toBe(
      `baseline-${live.organization.id}`,
    );
    expect(result.applied).toBe(true);
  });

  it('refuses a plan that would delete or replace the organization', async () => {
    const boundary = new FakeBoundary([
      event(
        'delete',
        'aws:organizations/organization:Organization',
        'organization',
      ),
    ]);
    await expect(
      runBaselineWithPulumi({
        boundary,
        model,
        mode: 'up',
        logger: new StrictTestLogger(),
      }),
    ).rejects.toBeInstanceOf(PulumiPlanRefusedError);
    expect(boundary.ups).toBe(0);
  });

  it('refuses up front, saying what to do, when the live organization cannot be imported as it is', async () => {
    const live = compileOrgModel(model);
    live.nodes[0].enabledPolicyTypes = ['SERVICE_CONTROL_POLICY'];
    const boundary = new FakeBoundary([]);
    const run = runBaselineWithPulumi({
      boundary,
      model,
      live,
      mode: 'preview',
      logger: new StrictTestLogger(),
    });
    await expect(run).rejects.toBeInstanceOf(BaselineImportConflictError);
    await expect(run).rejects.toThrow(
      /AISERVICES_OPT_OUT_POLICY not enabled yet on the root.*organizations-api engine/,
    );
    expect(boundary.opened).toEqual([]);
  });
});
