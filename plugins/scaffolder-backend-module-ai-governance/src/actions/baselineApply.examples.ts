import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples shown in the scaffolder's action list. */
export const baselineApplyExamples: TemplateExample[] = [
  {
    description:
      'Apply the governance baseline (guardrails/baseline.yaml) with the direct engine; a dry run previews it.',
    example: yaml.stringify({
      steps: [
        {
          id: 'baseline',
          action: 'ai-governance:baseline:apply',
          name: 'Apply the governance baseline',
          input: { baseline: 'baseline', engine: 'organizations-api' },
        },
      ],
      output: {
        text: [
          { title: 'Changes', content: '${{ steps.baseline.output.summary }}' },
        ],
      },
    }),
  },
  {
    description:
      'Apply the baseline through Pulumi (needs the Pulumi CLI and aiGovernance.pulumi config).',
    example: yaml.stringify({
      steps: [
        {
          id: 'baseline',
          action: 'ai-governance:baseline:apply',
          name: 'Apply the governance baseline with Pulumi',
          input: { baseline: 'baseline', engine: 'pulumi' },
        },
      ],
    }),
  },
  {
    description:
      'Apply the baseline through Pulumi and delete one guardrail the baseline no longer declares (the dry run lists it as "no longer managed, left in place"); needs ai-governance.baseline.remove.',
    example: yaml.stringify({
      steps: [
        {
          id: 'baseline',
          action: 'ai-governance:baseline:apply',
          name: 'Apply the governance baseline and remove a retired guardrail',
          input: {
            baseline: 'baseline',
            engine: 'pulumi',
            allowRemovals: ['policy/guardrail-retired'],
            confirmRemovals: true,
          },
        },
      ],
    }),
  },
];
