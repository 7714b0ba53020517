import { GuardrailPackError, checkParameterValue } from './parsePack';
import type {
  GuardrailPack,
  GuardrailParameterValue,
  GuardrailParameterValues,
  RenderedPolicy,
} from './types';

const WHOLE_PLACEHOLDER = /^\$\{([A-Za-z][A-Za-z0-9_]*)\}$/;
/**
 * An object key `${eachArnRegion:param}`: the member is repeated once per ARN of the string-list parameter, keyed by
 * the ARN's Region, with `${eachArnRegion.arn}` in its value standing for that ARN (a Bedrock policy has one
 * guardrail configuration per Region). The colon and the dot keep both out of the placeholder syntax above.
 */
const EACH_ARN_REGION = /^\$\{eachArnRegion:([A-Za-z][A-Za-z0-9_]*)\}$/;
const EACH_ARN = '${eachArnRegion.arn}';
const PLACEHOLDER = /\$\{([A-Za-z][A-Za-z0-9_]*)\}/g;
// IAM policy variables such as ${aws:username} contain a colon, so they never match a placeholder and stay as they are.

function isSet(value: GuardrailParameterValue): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'string') return value !== '';
  return true;
}

/**
 * Resolves the values for a render: defaults, overridden by `params`. Throws on unknown names or wrong types, so a
 * typo in a baseline file never renders silently to the default.
 * @public
 */
export function resolvePackParameters(
  pack: GuardrailPack,
  params: GuardrailParameterValues = {},
): GuardrailParameterValues {
  const declared = new Map(pack.parameters.map(p => [p.name, p]));
  for (const [name, value] of Object.entries(params)) {
    const parameter = declared.get(name);
    if (!parameter) {
      const known = pack.parameters.map(p => p.name).join(', ') || 'none';
      throw new GuardrailPackError(
        `Pack ${pack.name} has no parameter "${name}" (its parameters: ${known})`,
      );
    }
    const problem = checkParameterValue(parameter.type, value);
    if (problem) {
      throw new GuardrailPackError(
        `Pack ${pack.name}: parameter ${name} ${problem}`,
      );
    }
  }
  const resolved: GuardrailParameterValues = {};
  for (const parameter of pack.parameters) {
    resolved[parameter.name] = params[parameter.name] ?? parameter.default;
  }
  return resolved;
}

function substitute(
  node: unknown,
  values: GuardrailParameterValues,
  where: string,
): unknown {
  if (typeof node === 'string') {
    const whole = WHOLE_PLACEHOLDER.exec(node);
    if (whole) {
      const value = values[whole[1]];
      if (value === undefined) {
        throw new GuardrailPackError(
          `${where}: template uses \${${whole[1]}}, which the pack does not declare`,
        );
      }
      return Array.isArray(value) ? [...value] : value;
    }
    return node.replace(PLACEHOLDER, (_match, name: string) => {
      const value = values[name];
      if (value === undefined) {
        throw new GuardrailPackError(
          `${where}: template uses \${${name}}, which the pack does not declare`,
        );
      }
      if (Array.isArray(value)) {
        throw new GuardrailPackError(
          `${where}: list parameter ${name} can only stand alone in a JSON string, not inside "${node}"`,
        );
      }
      return String(value);
    });
  }
  if (Array.isArray(node)) {
    const out: unknown[] = [];
    for (const item of node) {
      const rendered = substitute(item, values, where);
      // A list parameter placed as one element of a list is spliced into it.
      if (
        typeof item === 'string' &&
        WHOLE_PLACEHOLDER.test(item) &&
        Array.isArray(rendered)
      ) {
        out.push(...rendered);
      } else {
        out.push(rendered);
      }
    }
    return out;
  }
  if (typeof node === 'object' && node !== null) {
    const out: Array<[string, unknown]> = [];
    for (const [key, value] of Object.entries(node)) {
      const each = EACH_ARN_REGION.exec(key);
      if (!each) {
        out.push([key, substitute(value, values, where)]);
        continue;
      }
      const arns = values[each[1]];
      if (!Array.isArray(arns)) {
        throw new GuardrailPackError(
          `${where}: \${eachArnRegion:${each[1]}} needs a string-list parameter`,
        );
      }
      const seen = new Set<string>();
      for (const arn of arns) {
        const region = arn.split(':')[3];
        if (!arn.startsWith('arn:') || !region) {
          throw new GuardrailPackError(
            `${where}: "${arn}" in ${each[1]} is not an ARN with a Region`,
          );
        }
        if (seen.has(region)) {
          throw new GuardrailPackError(
            `${where}: ${each[1]} has two ARNs in ${region}; give one per Region`,
          );
        }
        seen.add(region);
        out.push([
          region,
          substitute(replaceEachArn(value, arn), values, where),
        ]);
      }
    }
    return Object.fromEntries(out);
  }
  return node;
}

function replaceEachArn(node: unknown, arn: string): unknown {
  if (typeof node === 'string') return node.split(EACH_ARN).join(arn);
  if (Array.isArray(node)) return node.map(n => replaceEachArn(n, arn));
  if (typeof node === 'object' && node !== null) {
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [k, replaceEachArn(v, arn)]),
    );
  }
  return node;
}

/** A one-element list renders as a plain string, as AWS's own examples write it. */
function simplifyLists(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(simplifyLists);
  }
  if (typeof node === 'object' && node !== null) {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => {
        const simplified = simplifyLists(value);
        if (
          Array.isArray(simplified) &&
          simplified.length === 1 &&
          typeof simplified[0] === 'string' &&
          !key.startsWith('@@')
        ) {
          return [key, simplified[0]];
        }
        return [key, simplified];
      }),
    );
  }
  return node;
}

/**
 * Renders every policy of a pack to a plain document: parameters substituted (a list parameter standing alone as a
 * list element is spliced into that list; a `${eachArnRegion:param}` key repeated per ARN, keyed by its Region),
 * optional statements dropped when their parameter is empty, policies with `renderWhen` left out when their
 * parameter is empty.
 * The content is compact JSON (AWS counts every character against the size limit).
 * @public
 */
export function renderPack(
  pack: GuardrailPack,
  params: GuardrailParameterValues = {},
): RenderedPolicy[] {
  const values = resolvePackParameters(pack, params);
  const rendered = pack.policies.filter(
    policy => !policy.renderWhen || isSet(values[policy.renderWhen]),
  );
  return rendered.map(policy => {
    const where = `Pack ${pack.name}, policy ${policy.name}`;
    let template = policy.template;
    const optional = Object.entries(policy.optionalStatements);
    if (optional.length > 0) {
      const doc = template as { Statement?: unknown };
      if (!Array.isArray(doc.Statement)) {
        throw new GuardrailPackError(
          `${where}: optionalStatements needs a Statement list in the template`,
        );
      }
      const dropped = new Set(
        optional
          .filter(([, param]) => !isSet(values[param]))
          .map(([sid]) => sid),
      );
      template = {
        ...doc,
        Statement: doc.Statement.filter(
          (s: { Sid?: string }) => !(s.Sid && dropped.has(s.Sid)),
        ),
      };
    }
    const document = simplifyLists(substitute(template, values, where));
    return {
      name: policy.name,
      type: policy.type,
      description: policy.description,
      // Indented, so people and the dashboard read it line by line; engines send it compact (compactPolicyContent).
      content: JSON.stringify(document, null, 2),
    };
  });
}
