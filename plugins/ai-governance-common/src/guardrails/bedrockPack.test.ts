/*
 * The Bedrock policy of the ai-production pack, and the packs' recommended setup as a whole: the baseline's OUs and
 * attachments (guardrails/baseline.yaml) with the packs rendered as guardrails/render.yaml renders them, plus the
 * Bedrock guardrail enforced in every Region the region lock allows, and accounts in each OU. The AI posture check
 * finds nothing in it. Bedrock facts: "Amazon Bedrock policy syntax and examples"
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_bedrock_syntax.html).
 */
import fs from 'fs';
import path from 'path';
import { parse as parseYaml } from 'yaml';
import { compileOrgModel } from '../orgModel/compileSnapshot';
import { parseOrgModel } from '../orgModel/parse';
import { lintPolicy } from '../policy/lint';
import { checkAiPosture } from '../posture';
import { readBedrockEnforcements } from '../bedrock/guardrail';
import { repoRoot } from '../policy/__testUtils__/node';
import { parseGuardrailPack, GuardrailPackError } from './parsePack';
import { renderPack } from './renderPack';
import type { GuardrailParameterValues, RenderedPolicy } from './types';

const MANAGEMENT = '111111111111';
const guardrails = path.join(repoRoot(), 'guardrails');
const guardrailIn = (region: string) =>
  `arn:aws:bedrock:${region}:${MANAGEMENT}:guardrail/orgguardrail01:3`;

function loadPack(name: string) {
  const dir = path.join(guardrails, 'packs', name);
  return parseGuardrailPack(
    fs.readFileSync(path.join(dir, 'pack.yaml'), 'utf8'),
    f => fs.readFileSync(path.join(dir, f), 'utf8'),
  );
}

/** render.yaml's packs and parameters, with the Bedrock guardrail added to ai-production. */
function renderRecommended(): RenderedPolicy[] {
  const render = parseYaml(
    fs.readFileSync(path.join(guardrails, 'render.yaml'), 'utf8'),
  ) as {
    packs: Array<{ pack: string; parameters?: GuardrailParameterValues }>;
  };
  const regions = render.packs.find(p => p.pack === 'baseline')!.parameters!
    .allowedRegions as string[];
  return render.packs.flatMap(entry => {
    const params = { ...(entry.parameters ?? {}) };
    if (entry.pack === 'ai-production')
      params.enforcedGuardrailArns = regions.map(guardrailIn);
    return renderPack(loadPack(entry.pack), params);
  });
}

describe('ai-production Bedrock policy', () => {
  const production = loadPack('ai-production');

  it('is rendered only when guardrail ARNs are given', () => {
    expect(renderPack(production).map(p => p.type)).not.toContain(
      'BEDROCK_POLICY',
    );
  });

  it('enforces the guardrail in each given Region, keyed by the Region of its ARN, and lints clean', () => {
    const [bedrock] = renderPack(production, {
      enforcedGuardrailArns: [
        guardrailIn('us-east-1'),
        guardrailIn('eu-west-1'),
      ],
      unguardedModels: ['amazon.titan-embed-text-v2:0'],
    }).filter(p => p.type === 'BEDROCK_POLICY');
    const enforcements = readBedrockEnforcements(JSON.parse(bedrock.content));
    expect(
      enforcements.map(e => [e.region, e.identifier, e.excludedModels]),
    ).toEqual([
      ['us-east-1', guardrailIn('us-east-1'), ['amazon.titan-embed-text-v2:0']],
      ['eu-west-1', guardrailIn('eu-west-1'), ['amazon.titan-embed-text-v2:0']],
    ]);
    expect(enforcements.every(e => e.includedModels[0] === 'ALL')).toBe(true);
    const findings = lintPolicy(bedrock.content, {
      type: 'BEDROCK_POLICY',
      managementAccountId: MANAGEMENT,
    });
    expect(findings.filter(f => f.severity !== 'info')).toEqual([]);
  });

  it('refuses two guardrails in one Region and a value that is not an ARN', () => {
    expect(() =>
      renderPack(production, {
        enforcedGuardrailArns: [
          guardrailIn('us-east-1'),
          guardrailIn('us-east-1'),
        ],
      }),
    ).toThrow(/two ARNs in us-east-1/);
    expect(() =>
      renderPack(production, { enforcedGuardrailArns: ['orgguardrail01'] }),
    ).toThrow(GuardrailPackError);
  });
});

describe('the recommended setup', () => {
  it('has no AI posture finding', () => {
    const rendered = renderRecommended();
    const bedrock = rendered.find(p => p.type === 'BEDROCK_POLICY')!;
    const baselineText = fs.readFileSync(
      path.join(guardrails, 'baseline.yaml'),
      'utf8',
    );
    const model = parseYaml(baselineText);
    model.spec.managementAccount.id = MANAGEMENT;
    model.spec.enabledPolicyTypes.push('BEDROCK_POLICY');
    model.spec.policies = rendered.map(p => ({
      name: p.name,
      type: p.type,
      description: p.description,
      document: p.content,
    }));
    const ous = model.spec.root.organizationalUnits;
    const ai = ous.find((o: { name: string }) => o.name === 'AI');
    const production = ai.organizationalUnits.find(
      (o: { name: string }) => o.name === 'Production',
    );
    production.policies.push(bedrock.name);
    let n = 0;
    const addAccounts = (ou: { accounts?: unknown[] }) => {
      ou.accounts = [1, 2].map(() => {
        n++;
        return { name: `account-${n}`, email: `account-${n}@example.com` };
      });
    };
    ous.filter((o: { name: string }) => o.name !== 'AI').forEach(addAccounts);
    ai.organizationalUnits.forEach(addAccounts);
    const snapshot = compileOrgModel(
      parseOrgModel(JSON.stringify(model), {
        readFile: f => fs.readFileSync(path.join(guardrails, f), 'utf8'),
      }),
      { capturedAt: '2026-12-01T00:00:00Z' },
    );
    const report = checkAiPosture(snapshot);
    expect(report.accountsChecked).toBe(n);
    expect(report.findings).toEqual([]);

    // The same setup with the guardrail left out of one allowed Region is reported.
    const gap = {
      ...snapshot,
      policies: snapshot.policies.map(p =>
        p.type === 'BEDROCK_POLICY'
          ? {
              ...p,
              content: JSON.stringify({
                bedrock: {
                  guardrail_inference: {
                    'us-east-1': JSON.parse(p.content).bedrock
                      .guardrail_inference['us-east-1'],
                  },
                },
              }),
            }
          : p,
      ),
    };
    expect(checkAiPosture(gap).findings.map(f => f.code)).toEqual([
      'POSTURE_GUARDRAIL_REGION_GAP',
    ]);
  });
});
