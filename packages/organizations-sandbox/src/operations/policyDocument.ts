/**
 * The checks CreatePolicy and UpdatePolicy run on a policy document: JSON object; for SCPs and RCPs the statement
 * grammar AWS enforces (Version, Effect, Action/NotAction, Sid, Principal rules); for every other type the
 * management policy syntax (inheritance operators, from the common package's `parseManagementPolicy`); the size
 * quota per type, counted as AWS counts it for API callers (every character, whitespace included). CreatePolicy and
 * UpdatePolicy check the size first, so a huge document is refused before it is parsed.
 */
import {
  isManagementPolicyType,
  parseManagementPolicy,
  policyDocumentSize,
} from '@internal/plugin-ai-governance-common';
import type { PolicyType } from '@internal/plugin-ai-governance-common';
import { Errors } from '../errors';
import type { ResolvedLimits } from '../limits';

/** Throws MalformedPolicyDocumentException naming the first problem. */
export function validatePolicyDocument(type: PolicyType, content: string) {
  let doc: any;
  try {
    doc = JSON.parse(content);
  } catch (e) {
    throw Errors.malformedPolicyDocument(
      `The document is not valid JSON: ${
        e instanceof Error ? e.message : String(e)
      }`,
    );
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw Errors.malformedPolicyDocument('The document must be a JSON object.');
  }
  if (isManagementPolicyType(type)) {
    const [problem] = parseManagementPolicy(type, content).problems;
    if (problem)
      throw Errors.malformedPolicyDocument(
        `${problem.path ? `At ${problem.path}: ` : ''}${problem.message}`,
      );
    return;
  }
  if (doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17') {
    throw Errors.malformedPolicyDocument('Version must be "2012-10-17".');
  }
  const statements: any[] = [];
  if (Array.isArray(doc.Statement)) statements.push(...doc.Statement);
  else if (doc.Statement) statements.push(doc.Statement);
  if (statements.length === 0)
    throw Errors.malformedPolicyDocument(
      'The document needs at least one Statement.',
    );
  const sids = new Set<string>();
  for (const s of statements) {
    if (typeof s !== 'object' || s === null || Array.isArray(s)) {
      throw Errors.malformedPolicyDocument('Each Statement must be an object.');
    }
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') {
      throw Errors.malformedPolicyDocument(
        'Each Statement needs Effect "Allow" or "Deny".',
      );
    }
    if ((s.Action === undefined) === (s.NotAction === undefined)) {
      throw Errors.malformedPolicyDocument(
        'Each Statement needs exactly one of Action or NotAction.',
      );
    }
    if (s.Resource !== undefined && s.NotResource !== undefined) {
      throw Errors.malformedPolicyDocument(
        "A Statement can't have both Resource and NotResource.",
      );
    }
    if (s.Sid !== undefined) {
      if (typeof s.Sid !== 'string' || !/^[A-Za-z0-9]*$/.test(s.Sid)) {
        throw Errors.malformedPolicyDocument(
          'Sid may hold only letters and digits.',
        );
      }
      if (sids.has(s.Sid))
        throw Errors.malformedPolicyDocument(`Duplicate Sid "${s.Sid}".`);
      sids.add(s.Sid);
    }
    if (
      type === 'SERVICE_CONTROL_POLICY' &&
      (s.Principal !== undefined || s.NotPrincipal !== undefined)
    ) {
      throw Errors.malformedPolicyDocument(
        "Service control policies can't have Principal or NotPrincipal.",
      );
    }
    if (type === 'RESOURCE_CONTROL_POLICY') {
      if (s.Effect !== 'Deny')
        throw Errors.malformedPolicyDocument(
          'Resource control policies may hold only Deny statements.',
        );
      if (s.Principal !== '*')
        throw Errors.malformedPolicyDocument(
          'Resource control policy statements need "Principal": "*".',
        );
      if (s.NotAction !== undefined)
        throw Errors.malformedPolicyDocument(
          "Resource control policies can't use NotAction.",
        );
    }
  }
}

/** Throws ConstraintViolationException when the document is over the type's size quota. */
export function checkPolicySize(
  limits: ResolvedLimits,
  type: PolicyType,
  content: string,
) {
  const size = policyDocumentSize(content);
  if (size > limits.maxPolicySize[type]) {
    throw Errors.constraintViolation(
      'POLICY_CONTENT_LIMIT_EXCEEDED',
      `The policy document is ${size} characters; a ${type} may have at most ${limits.maxPolicySize[type]}.`,
    );
  }
}
