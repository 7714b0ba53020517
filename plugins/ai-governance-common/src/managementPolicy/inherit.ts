/**
 * The effective management policy of an account: the policies attached to the root, each OU down the path and the
 * account itself, merged by AWS's inheritance rules, with where every value came from.
 *
 * Rules ("Inheritance operators", https://docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html,
 * and "Inheritance examples", https://docs.aws.amazon.com/organizations/latest/userguide/inheritance-examples.html):
 * - policies apply from the root down to the account; a setting a child policy doesn't mention is inherited;
 * - `@@assign` overwrites the inherited value (a single value, or a whole array) or adds the setting;
 * - `@@append` adds values to an inherited array (or creates it); `@@remove` removes values from it;
 * - `@@operators_allowed_for_child_policies` limits the operators that policies attached *below* the node may use on
 *   the setting and everything under it (`@@all` by default, `@@none`, or a list); a child can't reverse an
 *   inherited limit, so limits accumulate (each is intersected with the ones above); a write with an operator the
 *   limits forbid is not applied, and is listed in `ignored`;
 * - a tag policy's policy keys (under `tags`) are matched without regard to case, as "Tag policy syntax and
 *   examples" says (see `policyKeyIn`);
 * - policies attached to the same node are merged with one another; their child control limits bind the nodes below,
 *   not each other. Where two policies on the same node set the same setting, AWS's pages give no order; this merges
 *   them in the order given (attachment order), so the later `@@assign` wins, and says so in `problems`.
 * The effective policy has the operators removed, as DescribeEffectivePolicy returns it.
 */
import type { OrgPolicy, PolicyType } from '../orgModel/types';
import {
  CHILD_CONTROL_OPERATOR,
  isJsonObject,
  jsonPointer,
  ManagementJson,
  parseManagementPolicy,
  VALUE_SETTING_OPERATORS,
  ValueSettingOperator,
} from './syntax';

/** One level of the chain from the root to the account: a node and the policies attached directly to it. @public */
export interface PolicyChainLevel {
  nodeId: string;
  nodeName: string;
  /** The node's policies; those of other types than the one computed are skipped. */
  policies: readonly Pick<OrgPolicy, 'id' | 'name' | 'type' | 'content'>[];
}

/** Who set one value of the effective policy. @public */
export interface EffectiveValueSource {
  /** JSON Pointer (RFC 6901) of the setting in the effective policy, e.g. "/tags/costcenter/tag_value". */
  path: string;
  nodeId: string;
  nodeName: string;
  policyId: string;
  policyName: string;
  operator: ValueSettingOperator;
  /** What this write contributed: the assigned value, the appended values, or the values it removed. */
  value: ManagementJson;
}

/** A write the inheritance rules did not apply, and why. @public */
export interface IgnoredWrite extends EffectiveValueSource {
  reason: string;
}

/** The result of {@link computeEffectivePolicy}. @public */
export interface EffectivePolicyResult {
  /** The effective policy, operators removed; undefined when no policy of the type reaches the account. */
  effective?: { [key: string]: ManagementJson };
  /**
   * For every setting in the effective policy, the writes that made its current value, in the order applied (an
   * `@@assign` drops the sources before it).
   */
  provenance: EffectiveValueSource[];
  /** Writes a parent's child control operator forbade: not applied. */
  ignored: IgnoredWrite[];
  /** Policies that could not be read, and same-node conflicts; each names the node and the policy. */
  problems: string[];
}

type Obj = { [key: string]: ManagementJson };

const same = (a: ManagementJson, b: ManagementJson) =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * Computes the effective policy of one management policy type for the last node of `chain` (root first, then each
 * OU, then the account). See the module comment for the rules.
 * @public
 */
export function computeEffectivePolicy(
  chain: readonly PolicyChainLevel[],
  type: PolicyType,
): EffectivePolicyResult {
  const effective: Obj = {};
  const sources = new Map<string, EffectiveValueSource[]>();
  const ignored: IgnoredWrite[] = [];
  const problems: string[] = [];
  /** JSON Pointer → operators still allowed there and below, from the levels already applied. */
  const limits = new Map<string, Set<string>>();
  /** Pointers of the settings written (a value, even an empty object, that prune must keep). */
  const written = new Set<string>();
  let any = false;

  const allowedAt = (keys: string[]): Set<string> | undefined => {
    let allowed: Set<string> | undefined;
    for (let i = 0; i <= keys.length; i++) {
      const limit = limits.get(jsonPointer(keys.slice(0, i)));
      if (!limit) continue;
      allowed = allowed
        ? new Set([...allowed].filter(o => limit.has(o)))
        : new Set(limit);
    }
    return allowed;
  };

  const dropSources = (pointer: string) => {
    for (const k of [...sources.keys()]) {
      if (k === pointer || k.startsWith(`${pointer}/`)) sources.delete(k);
    }
  };

  for (const level of chain) {
    const pendingLimits = new Map<string, Set<string>>();
    /** Settings assigned by an earlier policy of this node: a second assign is a same-node conflict. */
    const assignedHere = new Map<string, string>();
    for (const policy of level.policies) {
      if (policy.type !== type) continue;
      const parsed = parseManagementPolicy(type, policy.content);
      if (!parsed.document) {
        problems.push(
          `Policy ${policy.name} (${policy.id}) on ${level.nodeName} (${
            level.nodeId
          }) is not a valid management policy and was skipped: ${parsed.problems
            .map(p => `${p.path || '/'}: ${p.message}`)
            .join('; ')}`,
        );
        continue;
      }
      any = true;
      const write = (
        target: Obj,
        keys: string[],
        setting: Obj,
        key: string,
      ) => {
        const path = jsonPointer(keys);
        for (const operator of VALUE_SETTING_OPERATORS) {
          if (!(operator in setting)) continue;
          const operand = setting[operator];
          const source: EffectiveValueSource = {
            path,
            nodeId: level.nodeId,
            nodeName: level.nodeName,
            policyId: policy.id,
            policyName: policy.name,
            operator,
            value: operand,
          };
          const allowed = allowedAt(keys);
          if (allowed && !allowed.has(operator) && !allowed.has('@@all')) {
            ignored.push({
              ...source,
              reason: `A policy above ${
                level.nodeName
              } allows child policies only ${
                allowed.size === 0 ? 'no operator' : [...allowed].join(', ')
              } at ${path}.`,
            });
            continue;
          }
          if (operator === '@@assign') {
            const earlier = assignedHere.get(path);
            if (earlier && !same(target[key], operand)) {
              problems.push(
                `Policies ${earlier} and ${policy.name} (${policy.id}), both on ${level.nodeName}, assign different values to ${path}; AWS documents no order between policies on one node, the effective policy here takes ${policy.name}'s.`,
              );
            }
            assignedHere.set(path, `${policy.name} (${policy.id})`);
            target[key] = operand;
            written.add(path);
            dropSources(path);
            sources.set(path, [source]);
          } else {
            const current = asArray(target[key]);
            const items = operand as ManagementJson[];
            if (operator === '@@append') {
              const added = items.filter(i => !current.some(c => same(c, i)));
              target[key] = [...current, ...added];
              source.value = added;
            } else {
              const removed = current.filter(c => items.some(i => same(c, i)));
              target[key] = current.filter(c => !items.some(i => same(c, i)));
              source.value = removed;
            }
            written.add(path);
            sources.set(path, [...(sources.get(path) ?? []), source]);
          }
        }
      };
      const visit = (source: Obj, target: Obj, keys: string[]) => {
        const limit = source[CHILD_CONTROL_OPERATOR];
        if (Array.isArray(limit)) {
          const pointer = jsonPointer(keys);
          const set = new Set(
            limit.includes('@@all')
              ? ['@@all', ...VALUE_SETTING_OPERATORS]
              : limit.filter(x => x !== '@@none').map(String),
          );
          const prev = pendingLimits.get(pointer);
          pendingLimits.set(
            pointer,
            prev ? new Set([...prev].filter(o => set.has(o))) : set,
          );
        }
        for (const [writtenKey, value] of Object.entries(source)) {
          if (writtenKey.startsWith('@@') || !isJsonObject(value)) continue;
          const key = policyKeyIn(type, keys, writtenKey, target);
          const childKeys = [...keys, key];
          const isSetting = VALUE_SETTING_OPERATORS.some(op => op in value);
          if (isSetting) {
            write(target, childKeys, value, key);
            const childLimit = value[CHILD_CONTROL_OPERATOR];
            if (Array.isArray(childLimit)) {
              visit(
                { [CHILD_CONTROL_OPERATOR]: childLimit },
                target,
                childKeys,
              );
            }
          } else {
            if (!isJsonObject(target[key])) target[key] = {};
            visit(value, target[key] as Obj, childKeys);
          }
        }
      };
      visit(parsed.document, effective, []);
    }
    // Limits set on this node bind the nodes below it, not the other policies attached beside them.
    for (const [pointer, set] of pendingLimits) {
      const prev = limits.get(pointer);
      limits.set(
        pointer,
        prev ? new Set([...prev].filter(o => set.has(o))) : set,
      );
    }
  }

  prune(effective, [], written);
  const provenance = [...sources.values()]
    .flat()
    .sort((a, b) => a.path.localeCompare(b.path));
  return {
    ...(any ? { effective } : {}),
    provenance,
    ignored,
    problems,
  };
}

/**
 * The key a policy's key stands for in the effective policy. A tag policy's policy keys (the keys under `tags`) are
 * not case sensitive ("Tag policy syntax and examples",
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_example-tag-policies.html: "Unlike
 * the tag key, the policy value is not case sensitive"): `CostCenter` in a child policy is the `costcenter` statement
 * a parent wrote, spelled as it was first written. Every other key is matched exactly.
 */
function policyKeyIn(
  type: PolicyType,
  keys: readonly string[],
  key: string,
  target: Obj,
): string {
  if (type !== 'TAG_POLICY' || keys.length !== 1 || keys[0] !== 'tags')
    return key;
  if (key in target) return key;
  const lower = key.toLowerCase();
  return Object.keys(target).find(k => k.toLowerCase() === lower) ?? key;
}

function asArray(v: ManagementJson | undefined): ManagementJson[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? [...v] : [v];
}

/** Drops containers left empty (a policy that only set child control operators, or whose writes were ignored). */
function prune(obj: Obj, keys: string[], written: Set<string>): boolean {
  for (const [k, v] of Object.entries(obj)) {
    const childKeys = [...keys, k];
    if (
      isJsonObject(v) &&
      !written.has(jsonPointer(childKeys)) &&
      prune(v, childKeys, written)
    )
      delete obj[k];
  }
  return Object.keys(obj).length === 0;
}
