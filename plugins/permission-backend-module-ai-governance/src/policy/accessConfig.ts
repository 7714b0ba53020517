import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';

/**
 * The roles of AI Governance as configured under `aiGovernance.access`. A list is the set of entity refs that hold
 * the role (normalized, lower case); `'everyone'` means every signed-in user.
 * @public
 */
export interface AccessConfig {
  admins: ReadonlySet<string>;
  requesters: ReadonlySet<string> | 'everyone';
  productionRequesters: ReadonlySet<string> | 'everyone';
  policyReaders: ReadonlySet<string> | 'everyone';
}

/** The roles a signed-in user holds. */
export interface UserRoles {
  admin: boolean;
  requester: boolean;
  productionRequester: boolean;
  policyReader: boolean;
}

/** An entity ref in the form ownership refs take (`kind:namespace/name`, lower case), for comparison. */
export function normalizeEntityRef(ref: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind: 'group', defaultNamespace: 'default' }),
  ).toLocaleLowerCase('en-US');
}

function readRefList(
  config: Config,
  key: string,
): ReadonlySet<string> | undefined {
  const list = config.getOptionalStringArray(key);
  if (list === undefined) {
    return undefined;
  }
  return new Set(
    list.map((ref, index) => {
      try {
        return normalizeEntityRef(ref);
      } catch (error) {
        throw new Error(
          `${key}[${index}] is "${ref}", which is not an entity ref: write it as group:default/<name> ` +
            `(or user:default/<name>). ${(error as Error).message}`,
        );
      }
    }),
  );
}

/**
 * Reads `aiGovernance.access`. Throws, naming the key, on a list item that is not an entity ref.
 * @public
 */
export function readAccessConfig(config: Config): AccessConfig {
  const admins = readRefList(config, 'aiGovernance.access.admins');
  const requesters =
    readRefList(config, 'aiGovernance.access.requesters') ?? 'everyone';
  const productionRequesters =
    readRefList(config, 'aiGovernance.access.productionRequesters') ??
    requesters;
  const policyReaders =
    readRefList(config, 'aiGovernance.access.policyReaders') ?? 'everyone';
  return {
    admins: admins ?? new Set(),
    requesters,
    productionRequesters,
    policyReaders,
  };
}

function holds(
  role: ReadonlySet<string> | 'everyone',
  ownershipRefs: readonly string[],
): boolean {
  if (role === 'everyone') {
    return true;
  }
  return ownershipRefs.some(ref => role.has(ref));
}

/**
 * The roles of a user with these ownership refs (their own ref and their groups'). Admins hold every role.
 */
export function rolesOf(
  access: AccessConfig,
  ownershipEntityRefs: readonly string[],
): UserRoles {
  const refs = ownershipEntityRefs.map(ref => ref.toLocaleLowerCase('en-US'));
  const admin = holds(access.admins, refs);
  return {
    admin,
    requester: admin || holds(access.requesters, refs),
    productionRequester: admin || holds(access.productionRequesters, refs),
    policyReader: admin || holds(access.policyReaders, refs),
  };
}
