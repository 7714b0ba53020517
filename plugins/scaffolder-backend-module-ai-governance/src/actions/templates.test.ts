import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import {
  ACCOUNT_EMAIL_PATTERN,
  ACCOUNT_NAME_PATTERN,
  COST_CENTER_PATTERN,
} from '@internal/plugin-ai-governance-node';
import { createAccountCreateAction } from './accountCreate';

const repoRoot = path.resolve(__dirname, '../../../..');
const action = createAccountCreateAction({
  auth: {} as any,
  discovery: {} as any,
  appBaseUrl: 'http://localhost:3000',
});
const actionInputs = Object.keys(
  (action.schema?.input as any)?.properties ?? {},
).sort();

describe.each([
  ['ai-development-account', 'development'],
  ['ai-production-account', 'production'],
])('template %s', (name, environment) => {
  const file = path.join(repoRoot, 'templates', name, 'template.yaml');
  const text = fs.readFileSync(file, 'utf8');
  const template = yaml.parse(text);
  const properties = Object.assign(
    {},
    ...template.spec.parameters.map((p: any) => p.properties),
  );

  it('is a v1beta3 Template with the expected entity name', () => {
    expect(template.apiVersion).toBe('scaffolder.backstage.io/v1beta3');
    expect(template.kind).toBe('Template');
    expect(template.metadata.name).toBe(name);
  });

  it('names its parameters exactly as the action names its inputs', () => {
    expect(Object.keys(properties).sort()).toEqual(actionInputs);
    const step = template.spec.steps.find(
      (s: any) => s.action === 'ai-governance:account:create',
    );
    expect(Object.keys(step.input).sort()).toEqual(actionInputs);
    for (const key of actionInputs) {
      expect(step.input[key]).toBe(`\${{ parameters.${key} }}`);
    }
  });

  it('validates with the same patterns and enumerations as the action', () => {
    expect(properties.name.pattern).toBe(ACCOUNT_NAME_PATTERN.source);
    expect(properties.email.pattern).toBe(ACCOUNT_EMAIL_PATTERN.source);
    expect(properties.costCenter.pattern).toBe(COST_CENTER_PATTERN.source);
    expect(properties.environment.enum).toEqual([environment]);
    expect(properties.dataClassification.enum).toEqual([
      'public',
      'internal',
      'confidential',
      'restricted',
    ]);
    expect(properties.owner['ui:field']).toBe('OwnerPicker');
    const required = template.spec.parameters.flatMap(
      (p: any) => p.required ?? [],
    );
    expect(required.sort()).toEqual(
      actionInputs.filter(k => k !== 'email').sort(),
    );
    const patterns = Object.values<any>(properties)
      .map(value => value.pattern)
      .filter(Boolean);
    expect(patterns).toHaveLength(3);
    expect(patterns.every(p => /^\^.*\$$/.test(p))).toBe(true);
  });

  it('links to the account in the dashboard, or to the request while it waits for approval', () => {
    expect(template.spec.output.links).toContainEqual(
      environment === 'development'
        ? {
            title: 'Open the account in AI Governance',
            url: '${{ steps.account.output.dashboardUrl }}',
          }
        : {
            title: 'Follow the request in AI Governance',
            url: '${{ steps.account.output.requestUrl }}',
          },
    );
    // Every output the template names is one the action has.
    const outputs = Object.keys(
      (action.schema?.output as any)?.properties ?? {},
    );
    for (const [, key] of text.matchAll(/steps\.account\.output\.(\w+)/g)) {
      expect(outputs).toContain(key);
    }
  });

  it('keeps the OU mapping and the email pattern out of the form', () => {
    expect(text).not.toMatch(/ou-[a-z0-9]{4}/);
    expect(text).not.toMatch(/AI\/(Development|Production)/);
    expect(text).not.toMatch(/\{name\}@/);
  });
});

describe('app-config', () => {
  it('registers both templates as catalog locations that allow Templates', () => {
    const config = yaml.parse(
      fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
    );
    for (const name of ['ai-development-account', 'ai-production-account']) {
      expect(config.catalog.locations).toContainEqual({
        type: 'file',
        target: `../../templates/${name}/template.yaml`,
        rules: [{ allow: ['Template'] }],
      });
    }
  });
});
