import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples shown in the scaffolder's action list. */
export const examples: TemplateExample[] = [
  {
    description:
      'Request an AI development account; the email comes from the configured pattern, and the task waits until the backend has created the account.',
    example: yaml.stringify({
      steps: [
        {
          id: 'account',
          action: 'ai-governance:account:create',
          name: 'Create the AI development account',
          input: {
            name: '${{ parameters.name }}',
            environment: 'development',
            owner: '${{ parameters.owner }}',
            costCenter: '${{ parameters.costCenter }}',
            dataClassification: '${{ parameters.dataClassification }}',
            purpose: '${{ parameters.purpose }}',
          },
        },
      ],
      output: {
        links: [
          {
            title: 'Open the account in AI Governance',
            url: '${{ steps.account.output.dashboardUrl }}',
          },
        ],
      },
    }),
  },
  {
    description:
      'Request an AI production account with a root email from an allowed domain; the task ends when the request is submitted, and a governance admin approves it in the portal.',
    example: yaml.stringify({
      steps: [
        {
          id: 'account',
          action: 'ai-governance:account:create',
          name: 'Create the AI production account',
          input: {
            name: 'Fraud Models Prod',
            environment: 'production',
            owner: 'group:default/fraud-ml',
            costCenter: 'CC-4711',
            dataClassification: 'restricted',
            purpose: 'Serves the fraud scoring model to the payments platform',
            email: 'aws+fraud-models-prod@example.com',
          },
        },
      ],
      output: {
        links: [
          {
            title: 'Follow the request in AI Governance',
            url: '${{ steps.account.output.requestUrl }}',
          },
        ],
        text: [
          {
            title: 'Request',
            content:
              'Request **${{ steps.account.output.requestId }}** is ${{ steps.account.output.requestState }}.',
          },
        ],
      },
    }),
  },
];
