import {
  documentLimitProblem,
  DOCUMENT_LIMITS,
  parseYamlWithinLimits,
} from '../orgModel/documentLimits';
import { POLICY_TYPES, type PolicyType } from '../orgModel/types';
import type {
  GuardrailPack,
  GuardrailParameter,
  GuardrailParameterType,
  GuardrailPolicyTemplate,
} from './types';

/** A pack file that cannot be used; the message says which file, which field and what to change. @public */
export class GuardrailPackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GuardrailPackError';
  }
}

const PARAMETER_TYPES: GuardrailParameterType[] = [
  'string',
  'string-list',
  'number',
  'boolean',
];
const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;
const POLICY_NAME_PATTERN = /^[\w+=,.@-]{1,128}$/;
const VERSION_PATTERN = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, where: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) {
    throw new GuardrailPackError(`${where} must be a list of strings`);
  }
  return value as string[];
}

function requiredString(
  obj: Record<string, unknown>,
  key: string,
  where: string,
): string {
  const value = obj[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new GuardrailPackError(`${where}: \`${key}\` is required (a string)`);
  }
  return value;
}

/** Checks that a value has the declared parameter type. Returns an error message or undefined. */
export function checkParameterValue(
  type: GuardrailParameterType,
  value: unknown,
): string | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'string-list':
      return Array.isArray(value) && value.every(v => typeof v === 'string')
        ? undefined
        : 'must be a list of strings';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    default:
      return `has an unknown type`;
  }
}

/**
 * Parses a pack.yaml text. `readTemplate` returns the text of a template file named in the pack, relative to the
 * pack folder (the Node loader reads the file system; a browser could fetch).
 * @public
 */
export function parseGuardrailPack(
  yamlText: string,
  readTemplate: (file: string) => string,
  source = 'pack.yaml',
): GuardrailPack {
  const parsed = parseYamlWithinLimits(
    yamlText,
    DOCUMENT_LIMITS.maxPackFileLength,
    source,
  );
  if (parsed.problems) {
    const [first] = parsed.problems;
    throw new GuardrailPackError(
      first.message.startsWith('YAML syntax error')
        ? `${source} is not valid YAML: ${first.message}${
            first.line ? ` (line ${first.line})` : ''
          }`
        : first.message,
    );
  }
  const raw = parsed.value;
  if (!isRecord(raw)) {
    throw new GuardrailPackError(`${source} must hold a YAML mapping`);
  }
  if (raw.kind !== undefined && raw.kind !== 'GuardrailPack') {
    throw new GuardrailPackError(
      `${source}: kind must be GuardrailPack, not ${String(raw.kind)}`,
    );
  }
  const name = requiredString(raw, 'name', source);
  const version = requiredString(raw, 'version', source);
  if (!VERSION_PATTERN.test(version)) {
    throw new GuardrailPackError(
      `${source}: version "${version}" must be a semantic version such as 1.2.0`,
    );
  }
  const description = requiredString(raw, 'description', source);

  const parameters: GuardrailParameter[] = [];
  const rawParams = raw.parameters ?? {};
  if (!isRecord(rawParams)) {
    throw new GuardrailPackError(
      `${source}: parameters must be a mapping of name to { type, description, default }`,
    );
  }
  for (const [paramName, spec] of Object.entries(rawParams)) {
    const where = `${source}: parameter ${paramName}`;
    if (!NAME_PATTERN.test(paramName)) {
      throw new GuardrailPackError(
        `${where}: names use letters, digits and underscores and start with a letter`,
      );
    }
    if (!isRecord(spec)) {
      throw new GuardrailPackError(
        `${where} must be a mapping with type, description and default`,
      );
    }
    const type = spec.type as GuardrailParameterType;
    if (!PARAMETER_TYPES.includes(type)) {
      throw new GuardrailPackError(
        `${where}: type must be one of ${PARAMETER_TYPES.join(', ')}`,
      );
    }
    const problem = checkParameterValue(type, spec.default);
    if (problem) {
      throw new GuardrailPackError(`${where}: default ${problem}`);
    }
    parameters.push({
      name: paramName,
      type,
      description: requiredString(spec, 'description', where),
      default: spec.default as GuardrailParameter['default'],
    });
  }

  if (!Array.isArray(raw.policies) || raw.policies.length === 0) {
    throw new GuardrailPackError(
      `${source}: policies must list at least one policy`,
    );
  }
  const policies: GuardrailPolicyTemplate[] = raw.policies.map(
    (entry: unknown, index: number) => {
      const where = `${source}: policies[${index}]`;
      if (!isRecord(entry)) {
        throw new GuardrailPackError(`${where} must be a mapping`);
      }
      const policyName = requiredString(entry, 'name', where);
      if (!POLICY_NAME_PATTERN.test(policyName)) {
        throw new GuardrailPackError(
          `${where}: name "${policyName}" must be 1 to 128 letters, digits or +=,.@_-`,
        );
      }
      const type = entry.type as PolicyType;
      if (!POLICY_TYPES.includes(type)) {
        throw new GuardrailPackError(
          `${where}: type must be one of ${POLICY_TYPES.join(', ')}`,
        );
      }
      const file = requiredString(entry, 'file', where);
      let text: string;
      try {
        text = readTemplate(file);
      } catch (error) {
        throw new GuardrailPackError(
          `${where}: cannot read template ${file}: ${(error as Error).message}`,
        );
      }
      if (text.length > DOCUMENT_LIMITS.maxPackFileLength) {
        throw new GuardrailPackError(
          `${where}: template ${file} is ${text.length} characters; the limit is ${DOCUMENT_LIMITS.maxPackFileLength}`,
        );
      }
      let template: unknown;
      try {
        template = JSON.parse(text);
      } catch (error) {
        throw new GuardrailPackError(
          `${where}: template ${file} is not valid JSON: ${
            (error as Error).message
          }`,
        );
      }
      const limit = documentLimitProblem(
        template,
        `${where}: template ${file}`,
      );
      if (limit) throw new GuardrailPackError(limit);
      const optional = entry.optionalStatements ?? {};
      if (!isRecord(optional)) {
        throw new GuardrailPackError(
          `${where}: optionalStatements must map a statement Sid to a parameter name`,
        );
      }
      for (const [sid, param] of Object.entries(optional)) {
        if (!parameters.some(p => p.name === param)) {
          throw new GuardrailPackError(
            `${where}: optionalStatements.${sid} names parameter "${String(
              param,
            )}", which the pack does not declare`,
          );
        }
      }
      const renderWhen = entry.renderWhen;
      if (
        renderWhen !== undefined &&
        (typeof renderWhen !== 'string' ||
          !parameters.some(p => p.name === renderWhen))
      ) {
        throw new GuardrailPackError(
          `${where}: renderWhen names parameter "${String(
            renderWhen,
          )}", which the pack does not declare`,
        );
      }
      const exclusions = entry.catalogExclusions ?? {};
      if (!isRecord(exclusions)) {
        throw new GuardrailPackError(
          `${where}: catalogExclusions must map a condition key to a list of actions`,
        );
      }
      return {
        name: policyName,
        type,
        description: requiredString(entry, 'description', where),
        rationale: requiredString(entry, 'rationale', where),
        references: stringList(entry.references, `${where}.references`),
        file,
        template,
        optionalStatements: optional as Record<string, string>,
        ...(renderWhen !== undefined ? { renderWhen } : {}),
        catalogExclusions: Object.fromEntries(
          Object.entries(exclusions).map(([key, list]) => [
            key,
            stringList(list, `${where}.catalogExclusions.${key}`),
          ]),
        ),
      };
    },
  );
  const names = new Set<string>();
  for (const policy of policies) {
    if (names.has(policy.name)) {
      throw new GuardrailPackError(
        `${source}: policy name ${policy.name} is used twice`,
      );
    }
    names.add(policy.name);
  }
  return {
    name,
    version,
    description,
    requires: stringList(raw.requires, `${source}: requires`),
    parameters,
    policies,
  };
}
