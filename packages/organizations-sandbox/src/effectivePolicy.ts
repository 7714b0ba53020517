/**
 * Effective management policies (AI services opt-out, tag, backup, chat, declarative): the inheritance operators
 * `@@assign`, `@@append`, `@@remove` and `@@operators_allowed_for_child_policies`, applied from the root down to
 * the account. The result has the operators removed, as DescribeEffectivePolicy returns it.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const OPERATORS = ['@@assign', '@@append', '@@remove'];
const ALLOWED = '@@operators_allowed_for_child_policies';

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asArray(v: Json | undefined): Json[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/**
 * Merges policy documents given level by level (root first, the account last; within a level, in attachment
 * order).
 */
export function computeEffectivePolicy(
  levels: string[][],
): Record<string, Json> {
  const effective: { [key: string]: Json } = {};
  /** path → operators child policies may still use below it */
  const restrictions = new Map<string, string[]>();

  const allowedAt = (path: string): string[] | undefined => {
    let best: string[] | undefined;
    for (const [prefix, ops] of restrictions) {
      if (path === prefix || path.startsWith(`${prefix}/`)) best = ops;
    }
    return best;
  };

  const apply = (
    target: { [key: string]: Json },
    doc: { [key: string]: Json },
    path: string,
    pendingRestrictions: Map<string, string[]>,
  ) => {
    for (const [key, value] of Object.entries(doc)) {
      if (key === ALLOWED) continue;
      const childPath = `${path}/${key}`;
      if (isObject(value)) {
        const ops = Object.keys(value).filter(k => OPERATORS.includes(k));
        const allowed = allowedAt(childPath);
        if (ops.length > 0) {
          for (const op of ops) {
            if (allowed && !allowed.includes(op)) continue;
            const operand = value[op];
            if (op === '@@assign') target[key] = operand;
            else if (op === '@@append') {
              const merged = asArray(target[key]);
              for (const item of asArray(operand)) {
                if (
                  !merged.some(m => JSON.stringify(m) === JSON.stringify(item))
                )
                  merged.push(item);
              }
              target[key] = merged;
            } else if (op === '@@remove') {
              const drop = asArray(operand).map(x => JSON.stringify(x));
              target[key] = asArray(target[key]).filter(
                x => !drop.includes(JSON.stringify(x)),
              );
            }
          }
        } else {
          if (
            allowed &&
            allowed.includes('@@none') &&
            target[key] !== undefined
          )
            continue;
          const next = isObject(target[key])
            ? (target[key] as { [key: string]: Json })
            : {};
          target[key] = next;
          apply(next, value, childPath, pendingRestrictions);
        }
        const restriction = value[ALLOWED];
        if (Array.isArray(restriction)) {
          pendingRestrictions.set(childPath, restriction.map(String));
        }
      }
    }
  };

  for (const level of levels) {
    const pending = new Map<string, string[]>();
    for (const content of level) {
      const doc = JSON.parse(content) as Json;
      if (isObject(doc)) apply(effective, doc, '', pending);
    }
    // Restrictions set at a level bind the levels below it, not the policies beside it.
    for (const [k, v] of pending) restrictions.set(k, v);
  }
  return effective;
}
