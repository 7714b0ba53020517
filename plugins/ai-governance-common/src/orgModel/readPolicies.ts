/**
 * Reading the policies of an org model: each policy's name, type, id and document (inline or from a file through
 * the injected reader), checked as JSON and against AWS's size quota.
 */
import { DEFAULT_POLICY_LIMITS, policyDocumentSize } from './awsManaged';
import { isManagementPolicyType, POLICY_TYPE_FACTS } from './policyTypes';
import { parseManagementPolicy } from '../managementPolicy/syntax';
import { ID_PATTERNS } from './ids';
import type { OrgModelPolicy } from './model';
import { isRecord, PathSegment, Validator } from './modelValidator';
import { POLICY_TYPES, PolicyType } from './types';

/** @public */
export interface ParseOrgModelOptions {
  /**
   * Reads a policy file named by `file:` (the path exactly as written in the model, relative to the model file).
   * Returns its text; throws when it can't be read.
   */
  readFile?: (path: string) => string;
  /** Names the source in error messages (e.g. the file name). */
  source?: string;
}

/** Reads one entry of spec.policies; undefined (with problems reported) when it is unusable. */
export function readPolicy(
  v: Validator,
  raw: unknown,
  path: PathSegment[],
  options: ParseOrgModelOptions,
): OrgModelPolicy | undefined {
  if (!isRecord(raw)) {
    v.report(
      path,
      'a policy must be a mapping with name, type and file or document',
    );
    return undefined;
  }
  v.keys(raw, path, ['name', 'type', 'description', 'id', 'file', 'document']);
  const name = v.string(raw.name, [...path, 'name'], {
    required: true,
    min: 1,
    max: 128,
    what: 'policy name',
  });
  const description = v.string(raw.description, [...path, 'description'], {
    max: 512,
    what: 'description',
  });
  const id = v.string(raw.id, [...path, 'id'], { what: 'policy id' });
  if (id && !ID_PATTERNS.policy.test(id)) {
    v.report(
      [...path, 'id'],
      `"${id}" is not a policy id (p- and 8 to 128 letters, digits or _)`,
    );
  }
  let type: PolicyType | undefined;
  if (raw.type === undefined) {
    v.report(
      [...path, 'type'],
      `policy type is required; one of: ${POLICY_TYPES.join(', ')}`,
    );
  } else if (!POLICY_TYPES.includes(raw.type as PolicyType)) {
    v.report(
      [...path, 'type'],
      `unknown policy type ${JSON.stringify(
        raw.type,
      )}; expected one of: ${POLICY_TYPES.join(', ')}`,
    );
  } else {
    type = raw.type as PolicyType;
  }

  let document: string | undefined;
  let file: string | undefined;
  if (raw.file !== undefined && raw.document !== undefined) {
    v.report(path, 'give either file or document, not both');
  } else if (raw.file !== undefined) {
    file = v.string(raw.file, [...path, 'file'], { min: 1, what: 'file' });
    if (file !== undefined) {
      if (!options.readFile) {
        v.report(
          [...path, 'file'],
          `cannot read "${file}": this model was parsed without a file reader; load it from a file (loadOrgModelFile) or inline the policy with document:`,
        );
      } else {
        try {
          document = options.readFile(file);
        } catch (e) {
          const reason = e instanceof Error ? e.message : String(e);
          v.report(
            [...path, 'file'],
            `cannot read policy file "${file}" (relative to the model file): ${reason}`,
          );
        }
      }
    }
  } else if (raw.document !== undefined) {
    if (typeof raw.document === 'string') document = raw.document;
    else if (isRecord(raw.document))
      document = JSON.stringify(raw.document, null, 2);
    else
      v.report(
        [...path, 'document'],
        'document must be a JSON string or a mapping',
      );
  } else {
    v.report(
      path,
      'a policy needs its document: file: <path relative to the model file> or document: <JSON>',
    );
  }
  if (document !== undefined) {
    document = document.trim();
    let parsed: unknown;
    try {
      parsed = JSON.parse(document);
    } catch (e) {
      v.report(
        [...path, file !== undefined ? 'file' : 'document'],
        `the policy document is not valid JSON: ${
          e instanceof Error ? e.message : String(e)
        }`,
      );
      return undefined;
    }
    if (!isRecord(parsed)) {
      v.report(
        [...path, file !== undefined ? 'file' : 'document'],
        'the policy document must be a JSON object',
      );
      return undefined;
    }
    if (
      (type === 'SERVICE_CONTROL_POLICY' ||
        type === 'RESOURCE_CONTROL_POLICY') &&
      parsed.Statement === undefined
    ) {
      v.report(
        [...path, file !== undefined ? 'file' : 'document'],
        `a ${type} document needs a Statement`,
      );
    }
    if (type && isManagementPolicyType(type)) {
      // The management policy syntax, as the sandbox's CreatePolicy and AWS check it.
      for (const problem of parseManagementPolicy(type, document).problems) {
        v.report(
          [...path, file !== undefined ? 'file' : 'document'],
          `the ${
            POLICY_TYPE_FACTS[type].label
          } breaks the management policy syntax at ${problem.path || '/'}: ${
            problem.message
          }`,
        );
      }
    }
    if (type) {
      const size = policyDocumentSize(document);
      const max = DEFAULT_POLICY_LIMITS[type].maxSize;
      if (size > max) {
        v.report(
          [...path, file !== undefined ? 'file' : 'document'],
          `the policy document is ${size} characters as written (AWS counts whitespace too for API callers); AWS allows at most ${max} for a ${type}`,
        );
      }
    }
  }
  if (!name || !type || document === undefined) return undefined;
  const policy: OrgModelPolicy = { name, type, document };
  if (description !== undefined) policy.description = description;
  if (id) policy.id = id;
  if (file !== undefined) policy.file = file;
  return policy;
}
