import { compactPolicyContent } from './policyContent';
import { GuardrailPackError, parseGuardrailPack } from './parsePack';
import { renderPack, resolvePackParameters } from './renderPack';

const PACK_YAML = `
apiVersion: ai-governance/v1
kind: GuardrailPack
name: example
version: 1.2.0
description: An example pack
parameters:
  regions: { type: string-list, description: Regions, default: [us-east-1, eu-west-1] }
  roleName: { type: string, description: A role, default: Admin }
  guardrails: { type: string-list, description: Guardrails, default: [] }
policies:
  - name: example-policy
    type: SERVICE_CONTROL_POLICY
    file: policy.json
    description: Example
    rationale: Because
    references: [https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html]
    optionalStatements: { Guardrail: guardrails }
`;

const TEMPLATE = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Regions',
      Effect: 'Deny',
      Action: ['ec2:*', '${regions}'],
      Resource: '*',
      Condition: {
        StringNotEquals: { 'aws:RequestedRegion': ['${regions}'] },
        ArnNotLike: {
          'aws:PrincipalArn': 'arn:aws:iam::*:role/${roleName}',
          'aws:SourceArn': 'arn:aws:iam::${aws:PrincipalAccount}:role/x',
        },
      },
    },
    {
      Sid: 'Guardrail',
      Effect: 'Deny',
      Action: 'bedrock:InvokeModel',
      Resource: '*',
      Condition: {
        StringNotLike: { 'bedrock:GuardrailIdentifier': ['${guardrails}'] },
      },
    },
  ],
});

function pack(template = TEMPLATE, yaml = PACK_YAML) {
  return parseGuardrailPack(yaml, file => {
    if (file !== 'policy.json') throw new Error(`no file ${file}`);
    return template;
  });
}

describe('parseGuardrailPack', () => {
  it('reads metadata, parameters and policies', () => {
    const p = pack();
    expect(p).toMatchObject({
      name: 'example',
      version: '1.2.0',
      requires: [],
    });
    expect(p.parameters.map(x => [x.name, x.type])).toEqual([
      ['regions', 'string-list'],
      ['roleName', 'string'],
      ['guardrails', 'string-list'],
    ]);
    expect(p.policies[0]).toMatchObject({
      name: 'example-policy',
      type: 'SERVICE_CONTROL_POLICY',
      optionalStatements: { Guardrail: 'guardrails' },
    });
  });

  it.each([
    [PACK_YAML.replace('version: 1.2.0', 'version: one'), /semantic version/],
    [
      PACK_YAML.replace('default: Admin', 'default: [a]'),
      /parameter roleName: default must be a string/,
    ],
    [PACK_YAML.replace('SERVICE_CONTROL_POLICY', 'SCP'), /type must be one of/],
    [
      PACK_YAML.replace('Guardrail: guardrails', 'Guardrail: missing'),
      /does not declare/,
    ],
    [
      PACK_YAML.replace('file: policy.json', 'file: other.json'),
      /cannot read template other.json/,
    ],
  ])('rejects a bad pack with a clear message (%#)', (yaml, message) => {
    expect(() => pack(TEMPLATE, yaml)).toThrow(message);
  });

  it('rejects a template that is not JSON', () => {
    expect(() => pack('{ "Version": ')).toThrow(
      /policy.json is not valid JSON/,
    );
  });
});

describe('renderPack', () => {
  it('substitutes defaults, splices list parameters and drops unset optional statements', () => {
    const [policy] = renderPack(pack());
    expect(policy).toMatchObject({
      name: 'example-policy',
      type: 'SERVICE_CONTROL_POLICY',
      description: 'Example',
    });
    const doc = JSON.parse(policy.content);
    expect(doc.Statement).toHaveLength(1);
    expect(doc.Statement[0].Action).toEqual([
      'ec2:*',
      'us-east-1',
      'eu-west-1',
    ]);
    expect(
      doc.Statement[0].Condition.StringNotEquals['aws:RequestedRegion'],
    ).toEqual(['us-east-1', 'eu-west-1']);
    expect(doc.Statement[0].Condition.ArnNotLike['aws:PrincipalArn']).toBe(
      'arn:aws:iam::*:role/Admin',
    );
    // AWS policy variables are not pack parameters and stay as written.
    expect(doc.Statement[0].Condition.ArnNotLike['aws:SourceArn']).toBe(
      'arn:aws:iam::${aws:PrincipalAccount}:role/x',
    );
    // Rendered indented for reading; the engines send the compact form.
    expect(policy.content.split('\n').length).toBeGreaterThan(5);
    expect(compactPolicyContent(policy.content)).not.toMatch(/\s/);
    expect(JSON.parse(compactPolicyContent(policy.content))).toEqual(doc);
  });

  it('keeps an optional statement when its parameter is set, and writes a one-element list as a string', () => {
    const [policy] = renderPack(pack(), {
      guardrails: ['arn:aws:bedrock:us-east-1:111111111111:guardrail/abc:1'],
      regions: ['us-west-2'],
      roleName: 'Ops',
    });
    const doc = JSON.parse(policy.content);
    expect(doc.Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
      'Regions',
      'Guardrail',
    ]);
    expect(
      doc.Statement[1].Condition.StringNotLike['bedrock:GuardrailIdentifier'],
    ).toBe('arn:aws:bedrock:us-east-1:111111111111:guardrail/abc:1');
    expect(
      doc.Statement[0].Condition.StringNotEquals['aws:RequestedRegion'],
    ).toBe('us-west-2');
    expect(doc.Statement[0].Condition.ArnNotLike['aws:PrincipalArn']).toBe(
      'arn:aws:iam::*:role/Ops',
    );
  });

  it('keeps @@ operator lists as lists (management policy syntax)', () => {
    const optOut = JSON.stringify({
      services: {
        default: {
          '@@operators_allowed_for_child_policies': ['@@none'],
          opt_out_policy: { '@@assign': 'optOut' },
        },
      },
    });
    const [policy] = renderPack(
      pack(
        optOut,
        PACK_YAML.replace(
          '    optionalStatements: { Guardrail: guardrails }\n',
          '',
        ),
      ),
    );
    expect(
      JSON.parse(policy.content).services.default[
        '@@operators_allowed_for_child_policies'
      ],
    ).toEqual(['@@none']);
  });

  it('rejects unknown parameters and wrong types, naming the pack and the parameters it has', () => {
    expect(() => renderPack(pack(), { region: ['us-east-1'] })).toThrow(
      'Pack example has no parameter "region" (its parameters: regions, roleName, guardrails)',
    );
    expect(() => renderPack(pack(), { roleName: 3 })).toThrow(
      /roleName must be a string/,
    );
    expect(() =>
      resolvePackParameters(pack(), { regions: 'us-east-1' }),
    ).toThrow(GuardrailPackError);
  });

  it('rejects a template that uses an undeclared parameter or a list inside a string', () => {
    expect(() =>
      renderPack(pack(TEMPLATE.replace('${roleName}', '${role}'))),
    ).toThrow(/\$\{role\}, which the pack does not declare/);
    expect(() =>
      renderPack(pack(TEMPLATE.replace('role/${roleName}', 'role/${regions}'))),
    ).toThrow(/list parameter regions can only stand alone/);
  });
});
