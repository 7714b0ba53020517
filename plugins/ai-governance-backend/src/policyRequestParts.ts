/**
 * The request fields beyond the organization's policies that POST /simulate and the can-it and who-can actions take
 * (the same names as `SimulationRequest` in -common and `aigov simulate`'s batch lines): the principal, the
 * resource's owner, and the identity, resource-based, boundary, session and VPC endpoint policies. One zod shape for
 * the route and the actions (so the JSON schemas agents read carry the same descriptions), and one check that turns a
 * policy the evaluator cannot read into a 400 naming the field, line and column.
 */
import { InputError } from '@backstage/errors';
import {
  checkRequestPolicy,
  describeRequestPolicyProblems,
  REQUEST_POLICY_LIMITS,
  type RequestPolicy,
  type RequestPolicyKind,
  type SimulationRequest,
  type SimulationRequestParts,
} from '@internal/plugin-ai-governance-common';
import { MAX_DOCUMENT_DEPTH, withinJsonDepth } from './routes/jsonBody';

/**
 * The zod the caller has: the route's own, or the one the actions registry hands a schema callback (another copy of
 * zod 3, whose types do not unify with the route's; hence `any`, as readActionContext's output pieces do).
 */
type Zod = any;

/** The fields {@link requestPartsShape} adds to an object schema. */
export interface RequestPartsShape {
  principal: any;
  resourceOwner: any;
  identityPolicies: any;
  resourcePolicy: any;
  permissionsBoundary: any;
  sessionPolicies: any;
  vpcEndpointPolicy: any;
}

/** A policy as the route and actions take it: the document as JSON text, or as a JSON object. */
function policyShape(z: Zod, what: string) {
  return z
    .object({
      name: z
        .string()
        .min(1)
        .max(REQUEST_POLICY_LIMITS.maxNameLength)
        .describe(
          'A name for the policy, shown as the deciding statement’s policyName (e.g. the role policy’s name)',
        ),
      content: z
        .union([
          z.string().min(1).max(REQUEST_POLICY_LIMITS.maxLength),
          z
            .record(z.string(), z.unknown())
            .refine(
              (document: unknown) => withinJsonDepth(document),
              `a policy document nests at most ${MAX_DOCUMENT_DEPTH} levels of objects and arrays`,
            ),
        ])
        .describe(
          `The ${what} document: JSON text (line and column in the result refer to it) or a JSON object (then to its JSON.stringify(document, null, 2) form)`,
        ),
      id: z
        .string()
        .max(256)
        .optional()
        .describe('Shown as the deciding statement’s policyId; default name'),
    })
    .strict();
}

/** The zod fields of the request parts, each optional. */
export function requestPartsShape(z: Zod): RequestPartsShape {
  const tags = (what: string) =>
    z
      .record(z.string().max(128), z.string().max(256))
      .optional()
      .describe(what);
  const account = (what: string) =>
    z.string().min(1).max(256).optional().describe(what);
  return {
    principal: z
      .object({
        arn: z
          .string()
          .max(2048)
          .optional()
          .describe(
            'aws:PrincipalArn: a role, assumed-role session, user or account root ARN; default a role in the principal’s account',
          ),
        accountId: account(
          'The principal’s account: 12-digit id or account name; default the account in arn, else target. An id outside the organization is an external principal: no SCP of the organization applies to it',
        ),
        tags: tags('aws:PrincipalTag/<key> values'),
        service: z
          .string()
          .max(256)
          .optional()
          .describe(
            'A service principal such as cloudtrail.amazonaws.com calling with its own credentials',
          ),
        anonymous: z
          .boolean()
          .optional()
          .describe(
            'An unsigned request: only a resource-based policy allowing "Principal": "*" can allow it',
          ),
      })
      .strict()
      .optional()
      .describe('Who makes the request; default a role in the target account'),
    resourceOwner: z
      .object({
        accountId: account(
          'The resource’s account: 12-digit id or account name; default the account in the resource ARN, else the principal’s. An id outside the organization means no RCP of the organization applies',
        ),
        tags: tags('aws:ResourceTag/<key> values'),
        awsManagedKmsKey: z
          .boolean()
          .optional()
          .describe(
            'The resource is an AWS-managed KMS key (RCPs do not apply to it)',
          ),
      })
      .strict()
      .optional()
      .describe(
        'The resource’s account (inside or outside the organization) and tags',
      ),
    identityPolicies: z
      .array(policyShape(z, 'identity policy'))
      .max(REQUEST_POLICY_LIMITS.maxIdentityPolicies)
      .optional()
      .describe(
        'The principal’s identity-based policies. Left out: assumed to allow. Given (even empty): one must allow, unless a same-account resource-based policy does',
      ),
    resourcePolicy: policyShape(z, 'resource-based policy')
      .optional()
      .describe(
        'The resource’s resource-based policy (bucket, key, queue or trust policy); its statements need a Principal',
      ),
    permissionsBoundary: policyShape(z, 'permissions boundary')
      .optional()
      .describe('The principal’s permissions boundary: it must allow too'),
    sessionPolicies: z
      .array(policyShape(z, 'session policy'))
      .max(REQUEST_POLICY_LIMITS.maxSessionPolicies)
      .optional()
      .describe(
        'Session policies passed when the role session was created: each must allow',
      ),
    vpcEndpointPolicy: policyShape(z, 'VPC endpoint policy')
      .optional()
      .describe(
        'The policy of the VPC endpoint the request goes through: it must allow',
      ),
  };
}

/** The parts as zod hands them over (a policy's content may still be an object). */
type PolicyInput = Omit<RequestPolicy, 'content'> & {
  content: string | Record<string, unknown>;
};
export interface RequestPartsInput {
  principal?: SimulationRequest['principal'];
  resourceOwner?: SimulationRequest['resourceOwner'];
  identityPolicies?: PolicyInput[];
  resourcePolicy?: PolicyInput;
  permissionsBoundary?: PolicyInput;
  sessionPolicies?: PolicyInput[];
  vpcEndpointPolicy?: PolicyInput;
}

/** The request fields of the parts. */
export type RequestParts = SimulationRequestParts;

function policy(
  input: PolicyInput,
  field: string,
  kind: RequestPolicyKind,
): RequestPolicy {
  const content =
    typeof input.content === 'string'
      ? input.content
      : JSON.stringify(input.content, null, 2);
  const problems = checkRequestPolicy(content, kind);
  if (problems.length) {
    throw new InputError(
      `${field} cannot be evaluated: ${describeRequestPolicyProblems(
        input.name,
        problems,
      )
        .replace(/\n/g, '; ')
        // A problem's message ends with its own full stop.
        .replace(/\.$/, '')}. Fix the document.`,
    );
  }
  const out: RequestPolicy = { name: input.name, content };
  if (input.id !== undefined) out.id = input.id;
  return out;
}

/**
 * The parts as the evaluator takes them: each policy's document as text, checked (InputError naming the field, the
 * policy's name, the line and the column otherwise). Fields left out stay out.
 */
export function requestParts(input: RequestPartsInput): RequestParts {
  const parts: RequestParts = {};
  if (input.principal) parts.principal = input.principal;
  if (input.resourceOwner) parts.resourceOwner = input.resourceOwner;
  if (input.identityPolicies) {
    parts.identityPolicies = input.identityPolicies.map((p, i) =>
      policy(p, `identityPolicies[${i}]`, 'identity'),
    );
  }
  if (input.sessionPolicies) {
    parts.sessionPolicies = input.sessionPolicies.map((p, i) =>
      policy(p, `sessionPolicies[${i}]`, 'session'),
    );
  }
  if (input.resourcePolicy)
    parts.resourcePolicy = policy(
      input.resourcePolicy,
      'resourcePolicy',
      'resource',
    );
  if (input.permissionsBoundary)
    parts.permissionsBoundary = policy(
      input.permissionsBoundary,
      'permissionsBoundary',
      'boundary',
    );
  if (input.vpcEndpointPolicy)
    parts.vpcEndpointPolicy = policy(
      input.vpcEndpointPolicy,
      'vpcEndpointPolicy',
      'endpoint',
    );
  return parts;
}

/** Whether any part is given. */
export function hasRequestParts(parts: RequestParts): boolean {
  return Object.values(parts).some(v => v !== undefined);
}
