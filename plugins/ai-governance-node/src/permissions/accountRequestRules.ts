import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  AI_GOVERNANCE_ACCOUNT_REQUEST_RESOURCE_TYPE,
  type AccountRequestRecord,
} from '@internal/plugin-ai-governance-common';

/**
 * A query over stored account requests, which the request store turns into SQL: requests made by one of
 * `requestedBy`, or owned by one of `ownerIn`.
 * @public
 */
export type AccountRequestQuery =
  | { requestedBy: string[] }
  | { ownerIn: string[] };

/**
 * The account request resource, for `permissionsRegistry.addResourceType` in the backend plugin and for conditional
 * decisions in permission policies.
 * @public
 */
export const accountRequestPermissionResourceRef = createPermissionResourceRef<
  AccountRequestRecord,
  AccountRequestQuery
>().with({
  pluginId: 'ai-governance',
  resourceType: AI_GOVERNANCE_ACCOUNT_REQUEST_RESOURCE_TYPE,
});

/** A list of entity refs as a rule parameter, written as a Standard Schema with its JSON Schema. */
function entityRefsParam<K extends string>(key: K, description: string) {
  type Params = { [P in K]: string[] };
  const jsonSchema = () => ({
    type: 'object',
    properties: {
      [key]: { type: 'array', items: { type: 'string' }, description },
    },
    required: [key],
    additionalProperties: false,
  });
  return {
    '~standard': {
      version: 1 as const,
      vendor: 'ai-governance',
      validate(value: unknown) {
        const list = (value as Record<string, unknown> | null)?.[key];
        if (
          !Array.isArray(list) ||
          !list.every(item => typeof item === 'string')
        ) {
          return {
            issues: [
              { message: `${key} must be a list of entity refs`, path: [key] },
            ],
          };
        }
        return { value: { [key]: list } as Params };
      },
      jsonSchema: { input: jsonSchema, output: jsonSchema },
    },
  };
}

/**
 * Matches requests made by one of the given users (usually the signed-in user's own ref).
 * @public
 */
export const isAccountRequestRequester = createPermissionRule<
  typeof accountRequestPermissionResourceRef,
  { userRefs: string[] }
>({
  name: 'IS_REQUESTER',
  description: 'Allow account requests made by one of the given users',
  resourceRef: accountRequestPermissionResourceRef,
  paramsSchema: entityRefsParam(
    'userRefs',
    'Entity refs of the users whose requests match',
  ),
  apply: (request, { userRefs }) => userRefs.includes(request.requestedBy),
  toQuery: ({ userRefs }): PermissionCriteria<AccountRequestQuery> => ({
    requestedBy: userRefs,
  }),
});

/**
 * Matches requests whose owner group is one of the given refs (usually the signed-in user's ownership refs).
 * @public
 */
export const isAccountRequestOwner = createPermissionRule<
  typeof accountRequestPermissionResourceRef,
  { ownerRefs: string[] }
>({
  name: 'IS_OWNER',
  description:
    'Allow account requests whose owner group is one of the given entity refs',
  resourceRef: accountRequestPermissionResourceRef,
  paramsSchema: entityRefsParam(
    'ownerRefs',
    'Entity refs of the owning groups whose requests match',
  ),
  apply: (request, { ownerRefs }) => ownerRefs.includes(request.fields.owner),
  toQuery: ({ ownerRefs }): PermissionCriteria<AccountRequestQuery> => ({
    ownerIn: ownerRefs,
  }),
});

/**
 * Every rule of the account request resource.
 * @public
 */
export const accountRequestPermissionRules = {
  isAccountRequestRequester,
  isAccountRequestOwner,
};

const exported = createConditionExports({
  resourceRef: accountRequestPermissionResourceRef,
  rules: accountRequestPermissionRules,
});

/**
 * Conditions over account requests for permission policies, e.g.
 * `accountRequestConditions.isAccountRequestOwner({ ownerRefs: user.identity.ownershipEntityRefs })`.
 * @public
 */
export const accountRequestConditions = exported.conditions;

/**
 * A conditional decision over account requests.
 * @public
 */
export const createAccountRequestConditionalDecision =
  exported.createConditionalDecision;
