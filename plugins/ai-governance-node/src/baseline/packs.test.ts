import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DescribeEffectivePolicyCommand,
} from '@aws-sdk/client-organizations';
import {
  demoOrgModelPath,
  startSandbox,
} from '@internal/organizations-sandbox';
import { compileOrgModel } from '@internal/plugin-ai-governance-common';
import { sandboxClient } from '../__testUtils__/sandboxClient';
import { loadBaselineModel } from './apply';
import {
  findGuardrailsDir,
  loadGuardrailPacks,
  renderGuardrails,
  writeRenderedGuardrails,
} from './packs';

const guardrailsDir = findGuardrailsDir(__dirname);
const renderFile = path.join(guardrailsDir, 'render.yaml');

describe('guardrail packs on disk', () => {
  it('loads every pack, named after its folder', () => {
    const packs = loadGuardrailPacks(path.join(guardrailsDir, 'packs'));
    expect([...packs.keys()].sort()).toEqual([
      'ai-development',
      'ai-opt-out',
      'ai-production',
      'baseline',
    ]);
  });

  it('the committed rendered files are exactly what render.yaml renders (run `yarn aigov baseline render` after a change)', () => {
    expect(writeRenderedGuardrails(renderFile, { check: true })).toEqual([]);
  });

  it('baseline.yaml declares every rendered policy, with its document and description', () => {
    const model = loadBaselineModel(path.join(guardrailsDir, 'baseline.yaml'));
    const rendered = renderGuardrails(renderFile);
    expect(model.spec.policies.map(p => p.name).sort()).toEqual(
      rendered.map(r => r.policy.name).sort(),
    );
    for (const r of rendered) {
      const declared = model.spec.policies.find(p => p.name === r.policy.name)!;
      expect(declared).toMatchObject({
        type: r.policy.type,
        file: r.file,
        description: r.policy.description,
      });
      expect(declared.document).toBe(r.policy.content);
    }
  });

  describe('render file problems', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-'));
      fs.cpSync(path.join(guardrailsDir, 'packs'), path.join(dir, 'packs'), {
        recursive: true,
      });
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const write = (text: string) => {
      const file = path.join(dir, 'render.yaml');
      fs.writeFileSync(file, text);
      return file;
    };

    it('names a pack version that does not match', () => {
      const file = write(
        'kind: GuardrailRender\noutput: out\npacks:\n  - { pack: baseline, version: 0.9.0 }\n',
      );
      expect(() => renderGuardrails(file)).toThrow(
        "render.yaml pins baseline 0.9.0, but the pack is at 1.0.0: review the pack's changes, then update the version",
      );
    });

    it('names an unknown pack and an unknown parameter', () => {
      expect(() =>
        renderGuardrails(
          write(
            'kind: GuardrailRender\noutput: out\npacks:\n  - { pack: nope, version: 1.0.0 }\n',
          ),
        ),
      ).toThrow(/lists pack nope, which is not in packs\/ \(packs: /);
      expect(() =>
        renderGuardrails(
          write(
            'kind: GuardrailRender\noutput: out\npacks:\n  - { pack: baseline, version: 1.0.0, parameters: { regions: [us-east-1] } }\n',
          ),
        ),
      ).toThrow('Pack baseline has no parameter "regions"');
    });

    it('writes the files, then reports nothing to write', () => {
      const file = write(
        'kind: GuardrailRender\noutput: out\npacks:\n  - { pack: ai-opt-out, version: 1.0.0 }\n',
      );
      expect(writeRenderedGuardrails(file, { check: true })).toEqual([
        'out/guardrail-ai-services-opt-out.json',
      ]);
      expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
      expect(writeRenderedGuardrails(file)).toEqual([
        'out/guardrail-ai-services-opt-out.json',
      ]);
      expect(writeRenderedGuardrails(file, { check: true })).toEqual([]);
    });
  });
});

describe('ai-opt-out behaviour in an organization (sandbox)', () => {
  it('keeps every account opted out even when an OU attaches a policy that opts back in', async () => {
    const model = loadBaselineModel(path.join(guardrailsDir, 'baseline.yaml'));
    const dev = model.spec.root
      .organizationalUnits!.find(o => o.name === 'AI')!
      .organizationalUnits!.find(o => o.name === 'Development')!;
    dev.accounts = [
      { name: 'ml-research-dev', email: 'ml-research-dev@example.com' },
    ];
    const accountId = compileOrgModel(model).nodes.find(
      n => n.name === 'ml-research-dev',
    )!.id;
    const running = await startSandbox({ port: 0, seed: model });
    try {
      const orgs = sandboxClient(running.url);
      const effective = async () =>
        JSON.parse(
          (
            await orgs.send(
              new DescribeEffectivePolicyCommand({
                PolicyType: 'AISERVICES_OPT_OUT_POLICY',
                TargetId: accountId,
              }),
            )
          ).EffectivePolicy!.PolicyContent!,
        );
      expect((await effective()).services.default.opt_out_policy).toBe(
        'optOut',
      );

      const optIn = await orgs.send(
        new CreatePolicyCommand({
          Name: 'opt-back-in',
          Type: 'AISERVICES_OPT_OUT_POLICY',
          Description: 'An OU trying to opt in',
          Content: JSON.stringify({
            services: {
              default: { opt_out_policy: { '@@assign': 'optIn' } },
              rekognition: { opt_out_policy: { '@@assign': 'optIn' } },
            },
          }),
        }),
      );
      const ouId = compileOrgModel(model).nodes.find(
        n => n.name === 'Development',
      )!.id;
      await orgs.send(
        new AttachPolicyCommand({
          PolicyId: optIn.Policy!.PolicySummary!.Id!,
          TargetId: ouId,
        }),
      );

      const after = await effective();
      expect(after.services.default.opt_out_policy).toBe('optOut');
      expect(after.services.rekognition.opt_out_policy).toBe('optOut');
    } finally {
      await running.close();
    }
  });
});

describe('the demo organization', () => {
  it("has the baseline's OU tree, so the baseline applies to it without creating OUs", () => {
    const paths = (snapshot: ReturnType<typeof compileOrgModel>) => {
      const byId = new Map(snapshot.nodes.map(n => [n.id, n]));
      const pathOf = (id: string): string => {
        const n = byId.get(id)!;
        return n.parentId ? `${pathOf(n.parentId)}/${n.name}` : 'Root';
      };
      return snapshot.nodes.filter(n => n.kind === 'ou').map(n => pathOf(n.id));
    };
    const baseline = compileOrgModel(
      loadBaselineModel(path.join(guardrailsDir, 'baseline.yaml')),
    );
    const demo = compileOrgModel(loadBaselineModel(demoOrgModelPath));
    expect(paths(demo)).toEqual(paths(baseline));
  });
});
