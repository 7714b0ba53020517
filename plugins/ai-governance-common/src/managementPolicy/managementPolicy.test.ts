/**
 * The management policy syntax and inheritance, against the examples of AWS's pages:
 * "Inheritance operators" (https://docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html),
 * "Inheritance examples" (https://docs.aws.amazon.com/organizations/latest/userguide/inheritance-examples.html),
 * "Policy syntax and inheritance for management policy types"
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_inheritance_mgmt.html) and
 * "Amazon Bedrock policy syntax and examples"
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_bedrock_syntax.html).
 */
import type { PolicyType } from '../orgModel/types';
import {
  computeEffectivePolicy,
  jsonPointer,
  parseManagementPolicy,
  PolicyChainLevel,
} from '.';

let n = 0;
const policy = (content: object, type: PolicyType = 'TAG_POLICY') => {
  n++;
  return {
    id: `p-${String(n).padStart(8, '0')}`,
    name: `policy-${n}`,
    type,
    content: JSON.stringify(content),
  };
};
const level = (
  nodeId: string,
  ...policies: ReturnType<typeof policy>[]
): PolicyChainLevel => ({ nodeId, nodeName: nodeId, policies });

/** Policy A of the inheritance examples: CostCenter with Development and Support, on the root. */
const policyA = (extra: object = {}) =>
  policy({
    tags: {
      costcenter: {
        tag_key: { '@@assign': 'CostCenter' },
        tag_value: { '@@assign': ['Development', 'Support'], ...extra },
      },
    },
  });

describe('computeEffectivePolicy', () => {
  it('@@assign overwrites inherited values and adds new settings (inheritance examples, example 1)', () => {
    const a = policyA();
    const b = policy({
      tags: {
        costcenter: {
          tag_key: { '@@assign': 'CostCenter' },
          tag_value: { '@@assign': ['Sandbox'] },
          enforced_for: { '@@assign': ['redshift:*', 'dynamodb:table'] },
        },
      },
    });
    const result = computeEffectivePolicy(
      [level('root', a), level('OU1', b), level('111111111111')],
      'TAG_POLICY',
    );
    expect(result.effective).toEqual({
      tags: {
        costcenter: {
          tag_key: 'CostCenter',
          tag_value: ['Sandbox'],
          enforced_for: ['redshift:*', 'dynamodb:table'],
        },
      },
    });
    expect(result.problems).toEqual([]);
    expect(
      result.provenance.find(p => p.path === '/tags/costcenter/tag_value'),
    ).toEqual({
      path: '/tags/costcenter/tag_value',
      nodeId: 'OU1',
      nodeName: 'OU1',
      policyId: b.id,
      policyName: b.name,
      operator: '@@assign',
      value: ['Sandbox'],
    });
    // The account inherits the root's tag_key through OU1's identical assignment: OU1 set it last.
    expect(
      result.provenance.filter(p => p.path === '/tags/costcenter/tag_key'),
    ).toHaveLength(1);
  });

  it('@@append adds values to the inherited ones (example 2)', () => {
    const a = policyA();
    const b = policy({
      tags: {
        costcenter: { tag_value: { '@@append': ['Marketing', 'Support'] } },
      },
    });
    const result = computeEffectivePolicy(
      [level('root', a), level('OU2', b)],
      'TAG_POLICY',
    );
    expect(result.effective!.tags).toEqual({
      costcenter: {
        tag_key: 'CostCenter',
        tag_value: ['Development', 'Support', 'Marketing'],
      },
    });
    const sources = result.provenance.filter(
      p => p.path === '/tags/costcenter/tag_value',
    );
    expect(sources.map(s => [s.nodeId, s.operator, s.value])).toEqual([
      ['root', '@@assign', ['Development', 'Support']],
      ['OU2', '@@append', ['Marketing']],
    ]);
  });

  it('@@remove removes values from the inherited ones and leaves the others (example 3)', () => {
    const result = computeEffectivePolicy(
      [
        level('root', policyA()),
        level(
          'OU2',
          policy({
            tags: {
              costcenter: {
                tag_value: { '@@remove': ['Development', 'Nope'] },
              },
            },
          }),
        ),
      ],
      'TAG_POLICY',
    );
    expect(result.effective!.tags).toEqual({
      costcenter: { tag_key: 'CostCenter', tag_value: ['Support'] },
    });
    const remove = result.provenance.find(p => p.operator === '@@remove');
    expect(remove).toMatchObject({ nodeId: 'OU2', value: ['Development'] });
  });

  it('@@operators_allowed_for_child_policies limits what policies below may do (example 4)', () => {
    const a = policy({
      tags: {
        costcenter: {
          tag_key: {
            '@@operators_allowed_for_child_policies': ['@@none'],
            '@@assign': 'CostCenter',
          },
          tag_value: {
            '@@operators_allowed_for_child_policies': ['@@append'],
            '@@assign': ['Development', 'Sandbox'],
          },
        },
      },
    });
    const b = policy({
      tags: {
        costcenter: {
          tag_key: { '@@assign': 'COSTCENTER' },
          tag_value: { '@@remove': ['Sandbox'] },
        },
      },
    });
    const c = policy({
      tags: { costcenter: { tag_value: { '@@append': ['Marketing'] } } },
    });
    const result = computeEffectivePolicy(
      [level('root', a), level('OU1', b), level('111111111111', c)],
      'TAG_POLICY',
    );
    expect(result.effective!.tags).toEqual({
      costcenter: {
        tag_key: 'CostCenter',
        tag_value: ['Development', 'Sandbox', 'Marketing'],
      },
    });
    expect(
      result.ignored.map(i => [i.nodeId, i.path, i.operator, i.reason]),
    ).toEqual([
      [
        'OU1',
        '/tags/costcenter/tag_key',
        '@@assign',
        'A policy above OU1 allows child policies only no operator at /tags/costcenter/tag_key.',
      ],
      [
        'OU1',
        '/tags/costcenter/tag_value',
        '@@remove',
        'A policy above OU1 allows child policies only @@append at /tags/costcenter/tag_value.',
      ],
    ]);
  });

  it('a limit set on a container binds every setting under it, and a child cannot widen it', () => {
    // AI services opt-out policy example: opt out of every service, children may change nothing.
    const root = policy(
      {
        services: {
          '@@operators_allowed_for_child_policies': ['@@none'],
          default: { opt_out_policy: { '@@assign': 'optOut' } },
        },
      },
      'AISERVICES_OPT_OUT_POLICY',
    );
    const ou = policy(
      {
        services: {
          '@@operators_allowed_for_child_policies': ['@@all'],
          default: { opt_out_policy: { '@@assign': 'optIn' } },
          rekognition: { opt_out_policy: { '@@assign': 'optIn' } },
        },
      },
      'AISERVICES_OPT_OUT_POLICY',
    );
    const account = policy(
      { services: { lex: { opt_out_policy: { '@@assign': 'optIn' } } } },
      'AISERVICES_OPT_OUT_POLICY',
    );
    const result = computeEffectivePolicy(
      [level('root', root), level('OU', ou), level('acct', account)],
      'AISERVICES_OPT_OUT_POLICY',
    );
    expect(result.effective).toEqual({
      services: { default: { opt_out_policy: 'optOut' } },
    });
    expect(result.ignored.map(i => `${i.nodeId} ${i.path}`)).toEqual([
      'OU /services/default/opt_out_policy',
      'OU /services/rekognition/opt_out_policy',
      'acct /services/lex/opt_out_policy',
    ]);
  });

  it('limits of two policies on one node combine to the stricter, and bind the nodes below only (example 5)', () => {
    const a = policyA({
      '@@operators_allowed_for_child_policies': ['@@append', '@@remove'],
    });
    const b = policy({
      tags: {
        costcenter: {
          tag_value: {
            '@@operators_allowed_for_child_policies': ['@@append'],
            '@@append': ['Ops'],
          },
        },
      },
    });
    const child = policy({
      tags: { costcenter: { tag_value: { '@@remove': ['Support'] } } },
    });
    const result = computeEffectivePolicy(
      [level('root', a, b), level('OU1', child)],
      'TAG_POLICY',
    );
    expect(result.effective!.tags).toMatchObject({
      costcenter: { tag_value: ['Development', 'Support', 'Ops'] },
    });
    expect(result.ignored).toHaveLength(1);
    expect(result.ignored[0]).toMatchObject({
      nodeId: 'OU1',
      operator: '@@remove',
    });
  });

  it("a tag policy's policy keys match without regard to case, and a parent's limit binds the other spelling", () => {
    const a = policy({
      tags: {
        costcenter: {
          tag_key: { '@@assign': 'CostCenter' },
          tag_value: {
            '@@assign': ['100'],
            '@@operators_allowed_for_child_policies': ['@@append'],
          },
        },
      },
    });
    const b = policy({
      tags: {
        COSTCENTER: {
          tag_value: { '@@append': ['200'], '@@remove': ['100'] },
        },
      },
    });
    const result = computeEffectivePolicy(
      [level('root', a), level('111111111111', b)],
      'TAG_POLICY',
    );
    expect(result.effective!.tags).toEqual({
      costcenter: { tag_key: 'CostCenter', tag_value: ['100', '200'] },
    });
    expect(result.ignored.map(i => [i.path, i.operator])).toEqual([
      ['/tags/costcenter/tag_value', '@@remove'],
    ]);
    // Only tag policy keys: other types' keys stay case sensitive.
    const bedrock = computeEffectivePolicy(
      [
        level(
          'root',
          policy({ bedrock: { a: { '@@assign': '1' } } }, 'BEDROCK_POLICY'),
        ),
        level(
          'ou',
          policy({ bedrock: { A: { '@@assign': '2' } } }, 'BEDROCK_POLICY'),
        ),
      ],
      'BEDROCK_POLICY',
    );
    expect(bedrock.effective).toEqual({ bedrock: { a: '1', A: '2' } });
  });

  it('values appended by two policies at the same level are all kept (example 6)', () => {
    const root = policyA();
    const b = policy({
      tags: { costcenter: { tag_value: { '@@append': ['Marketing'] } } },
    });
    const c = policy({
      tags: { costcenter: { tag_value: { '@@append': ['Finance'] } } },
    });
    const result = computeEffectivePolicy(
      [level('root', root), level('OU1', b, c)],
      'TAG_POLICY',
    );
    expect(result.effective!.tags).toMatchObject({
      costcenter: {
        tag_value: ['Development', 'Support', 'Marketing', 'Finance'],
      },
    });
    expect(result.problems).toEqual([]);
  });

  it('says when two policies on one node assign different values (AWS documents no order)', () => {
    const b = policy({
      tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' } } },
    });
    const c = policy({
      tags: { costcenter: { tag_key: { '@@assign': 'costcenter' } } },
    });
    const result = computeEffectivePolicy([level('OU1', b, c)], 'TAG_POLICY');
    expect(result.effective!.tags).toEqual({
      costcenter: { tag_key: 'costcenter' },
    });
    expect(result.problems).toEqual([
      `Policies ${b.name} (${b.id}) and ${c.name} (${c.id}), both on OU1, assign different values to /tags/costcenter/tag_key; AWS documents no order between policies on one node, the effective policy here takes ${c.name}'s.`,
    ]);
  });

  it('computes a Bedrock policy: guardrail per Region, provenance per setting', () => {
    const arn =
      'arn:aws:bedrock:us-east-1:123456789012:guardrail/hu1dlsv9wy1d:1';
    const root = policy(
      {
        bedrock: {
          guardrail_inference: {
            'us-east-1': {
              config_1: {
                identifier: { '@@assign': arn },
                selective_content_guarding: {
                  system: { '@@assign': 'selective' },
                  messages: { '@@assign': 'comprehensive' },
                },
                model_enforcement: {
                  included_models: { '@@assign': ['ALL'] },
                  excluded_models: {
                    '@@assign': ['amazon.titan-embed-text-v2:0'],
                  },
                },
              },
            },
          },
        },
      },
      'BEDROCK_POLICY',
    );
    const ou = policy(
      {
        bedrock: {
          guardrail_inference: {
            'us-east-1': {
              config_1: {
                model_enforcement: {
                  excluded_models: { '@@append': ['cohere.embed-english-v3'] },
                },
              },
            },
          },
        },
      },
      'BEDROCK_POLICY',
    );
    const result = computeEffectivePolicy(
      [level('root', root), level('Workloads', ou), level('acct')],
      'BEDROCK_POLICY',
    );
    const config = (result.effective as any).bedrock.guardrail_inference[
      'us-east-1'
    ].config_1;
    expect(config.identifier).toBe(arn);
    expect(config.model_enforcement.excluded_models).toEqual([
      'amazon.titan-embed-text-v2:0',
      'cohere.embed-english-v3',
    ]);
    expect(result.provenance.map(p => `${p.path} ${p.nodeId}`)).toEqual([
      '/bedrock/guardrail_inference/us-east-1/config_1/identifier root',
      '/bedrock/guardrail_inference/us-east-1/config_1/model_enforcement/excluded_models root',
      '/bedrock/guardrail_inference/us-east-1/config_1/model_enforcement/excluded_models Workloads',
      '/bedrock/guardrail_inference/us-east-1/config_1/model_enforcement/included_models root',
      '/bedrock/guardrail_inference/us-east-1/config_1/selective_content_guarding/messages root',
      '/bedrock/guardrail_inference/us-east-1/config_1/selective_content_guarding/system root',
    ]);
  });

  it('has no effective policy when no policy of the type reaches the node, and skips other types', () => {
    const scp = {
      ...policy({}),
      type: 'SERVICE_CONTROL_POLICY' as PolicyType,
    };
    const result = computeEffectivePolicy(
      [level('root', scp), level('acct')],
      'TAG_POLICY',
    );
    expect(result).toEqual({
      provenance: [],
      ignored: [],
      problems: [],
    });
  });

  it('skips an unreadable policy, naming it, and keeps the others', () => {
    const bad = { ...policy({}), content: '{"tags": {"x": "plain"}}' };
    const result = computeEffectivePolicy(
      [level('root', policyA()), level('OU1', bad)],
      'TAG_POLICY',
    );
    expect(result.effective!.tags).toMatchObject({
      costcenter: { tag_key: 'CostCenter' },
    });
    expect(result.problems).toEqual([
      `Policy ${bad.name} (${bad.id}) on OU1 (OU1) is not a valid management policy and was skipped: /tags/x: "x" must be set with an operator, e.g. {"@@assign": "plain"}.`,
    ]);
  });

  it('drops containers left empty by ignored writes, keeps an assigned empty object', () => {
    const root = policy({
      tags: {
        '@@operators_allowed_for_child_policies': ['@@none'],
        a: { tag_key: { '@@assign': 'A' } },
      },
    });
    const ou = policy({
      tags: { b: { tag_key: { '@@assign': 'B' } } },
      other: { empty: { '@@assign': {} } },
    });
    const result = computeEffectivePolicy(
      [level('root', root), level('OU', ou)],
      'TAG_POLICY',
    );
    expect(result.effective).toEqual({
      tags: { a: { tag_key: 'A' } },
      other: { empty: {} },
    });
  });
});

describe('parseManagementPolicy', () => {
  const problems = (content: unknown, type: PolicyType = 'TAG_POLICY') =>
    parseManagementPolicy(
      type,
      typeof content === 'string' ? content : JSON.stringify(content),
    ).problems.map(p => `${p.path}: ${p.message}`);

  it('accepts the documented examples', () => {
    expect(
      problems({
        tags: {
          costcenter: {
            tag_key: {
              '@@operators_allowed_for_child_policies': ['@@none'],
              '@@assign': 'CostCenter',
            },
            tag_value: { '@@append': ['x'] },
            enforced_for: { '@@assign': ['ec2:instance'] },
          },
        },
      }),
    ).toEqual([]);
    expect(
      problems(
        {
          bedrock: {
            guardrail_inference: {
              'us-east-1': {
                config_1: {
                  identifier: {
                    '@@assign':
                      'arn:aws:bedrock:us-east-1:123456789012:guardrail/hu1dlsv9wy1d:1',
                  },
                  input_tags: { '@@assign': 'honor' },
                },
              },
            },
          },
        },
        'BEDROCK_POLICY',
      ),
    ).toEqual([]);
    expect(problems({}, 'S3_POLICY')).toEqual([]);
  });

  it('refuses what AWS refuses, saying where and what to write', () => {
    expect(problems('{not json')[0]).toMatch(
      /^: The document is not valid JSON/,
    );
    expect(problems([])).toEqual([': The document must be a JSON object.']);
    expect(problems({ '@@assign': 'x' })).toEqual([
      ": The document itself can't be set with @@assign; operators go on the settings inside it.",
    ]);
    expect(problems({ tags: { a: { tag_key: 'x' } } })).toEqual([
      '/tags/a/tag_key: "tag_key" must be set with an operator, e.g. {"@@assign": "x"}.',
    ]);
    expect(problems({ a: { '@@append': 'x' } })).toEqual([
      '/a/@@append: @@append applies to multi-valued settings only: its value must be a JSON array.',
    ]);
    expect(problems({ a: { '@@remove': 1 } })[0]).toMatch(
      /^\/a\/@@remove: @@remove applies to multi-valued/,
    );
    expect(problems({ a: { '@@replace': ['x'] } })).toEqual([
      '/a/@@replace: "@@replace" is not an inheritance operator; use @@assign, @@append, @@remove or @@operators_allowed_for_child_policies.',
    ]);
    expect(problems({ a: { '@@enforced_for': ['x'] } })[0]).toMatch(
      /is not an operator: enforced_for is a tag policy setting/,
    );
    expect(
      problems({ a: { '@@assign': 'x', b: { '@@assign': 'y' } } }),
    ).toEqual([
      "/a: An object can't hold both an operator (@@assign) and nested settings (b); put the operator on the setting it sets.",
    ]);
    expect(
      problems({
        a: {
          '@@operators_allowed_for_child_policies': ['@@all', '@@assign'],
          '@@assign': 'x',
        },
      }),
    ).toEqual([
      '/a/@@operators_allowed_for_child_policies: "@@all" and "@@none" stand alone in @@operators_allowed_for_child_policies.',
    ]);
    expect(
      problems({
        a: { '@@operators_allowed_for_child_policies': ['@@maybe'] },
      })[0],
    ).toMatch(/takes a non-empty array/);
    expect(
      problems(
        { backup: { x: { enforced_for: { '@@assign': ['a'] } } } },
        'BACKUP_POLICY',
      ),
    ).toEqual([
      '/backup/x/enforced_for: enforced_for is a tag policy setting; a Backup policy has no such setting.',
    ]);
  });

  it('refuses a document nested deeper than the document limit without overflowing the stack', () => {
    let doc = '{"@@assign":1}';
    for (let i = 0; i < 10_000; i++) doc = `{"a":${doc}}`;
    expect(problems(doc)[0]).toMatch(/nests lists and mappings more than/);
  });

  it('reports at most 100 problems, then says there are more (10,000 bad operator keys)', () => {
    const doc = JSON.stringify({
      tags: Object.fromEntries(
        Array.from({ length: 10_000 }, (_, i) => [
          `k${i}`,
          { '@@bogus': 'x', '@@append': 'not a list' },
        ]),
      ),
    });
    const found = problems(doc);
    expect(found).toHaveLength(101);
    expect(found[0]).toMatch(
      /^\/tags\/k0\/@@bogus: "@@bogus" is not an inheritance operator/,
    );
    expect(found[100]).toBe(
      ': More than 100 problems; fix these and read the document again.',
    );
  });
});

describe('jsonPointer', () => {
  it('escapes ~ and / as RFC 6901 says', () => {
    expect(jsonPointer(['a/b', 'c~d', 'us-east-1'])).toBe(
      '/a~1b/c~0d/us-east-1',
    );
    expect(jsonPointer([])).toBe('');
  });
});
