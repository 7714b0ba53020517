/**
 * Who owns an account or OU entity: its owner tag when that is a group or user reference, else the owner group of
 * the account request that vended it, else the default owner; with the annotations that say where the owner came
 * from and a warning per owner that fell back.
 */
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { OrgNode } from '@internal/plugin-ai-governance-common';
import type { AccountRequestOwner, BuildEntitiesOptions } from './types';

/** The owner ref of a tag value, or undefined when the value is no valid entity reference. */
function ownerRefOf(value: string, namespace: string): string | undefined {
  try {
    const ref = parseEntityRef(value.trim(), {
      defaultKind: 'group',
      defaultNamespace: namespace,
    });
    const kind = ref.kind.toLocaleLowerCase('en-US');
    if (kind !== 'group' && kind !== 'user') return undefined;
    // parseEntityRef accepts any non-empty parts; the catalog's own rule for names and namespaces is stricter.
    const part = /^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;
    if (ref.name.length > 63 || !part.test(ref.name)) return undefined;
    if (ref.namespace.length > 63 || !part.test(ref.namespace))
      return undefined;
    return stringifyEntityRef({ ...ref, kind });
  } catch {
    return undefined;
  }
}

/** The name part of an owner ref (`group:default/ml-research` → `ml-research`), for descriptions. */
export function ownerName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** A node's owner and where it came from. */
export interface NodeOwner {
  owner: string;
  /** Why the owner tag was not used, when it was not. */
  ownerFallback?: string;
  /** Where `owner` came from; unset on the root. */
  ownerSource?: 'tag' | 'account-request' | 'default';
  /** The account request that vended the account, if any. */
  request?: AccountRequestOwner;
}

/** The owner of `node`; a sentence per fallback an admin should fix is pushed to `warnings`. */
export function resolveOwner(
  node: OrgNode,
  options: BuildEntitiesOptions,
  warnings: string[],
): NodeOwner {
  const { namespace } = options;
  let owner = options.defaultOwner;
  let ownerFallback: string | undefined;
  let ownerSource: NodeOwner['ownerSource'];
  const request =
    node.kind === 'account' ? options.accountRequests?.get(node.id) : undefined;
  if (node.kind !== 'root') {
    const label = `${node.kind === 'ou' ? 'OU' : 'Account'} ${node.id} (${
      node.name
    })`;
    const key = options.ownerTagKeys.find(k => node.tags?.[k] !== undefined);
    const tagRef = key ? ownerRefOf(node.tags[key], namespace) : undefined;
    const requestRef = request
      ? ownerRefOf(request.owner, namespace)
      : undefined;
    if (tagRef) {
      owner = tagRef;
      ownerSource = 'tag';
    } else {
      if (key) {
        ownerFallback = `tag ${key} is not a group or user reference`;
      } else if (node.kind === 'account') {
        ownerFallback = 'no owner tag';
      }
      owner = requestRef ?? options.defaultOwner;
      ownerSource = requestRef ? 'account-request' : 'default';
      const fallbackTo = requestRef
        ? `the owner group of account request ${
            request!.requestId
          }, ${requestRef},`
        : options.defaultOwner;
      if (key) {
        warnings.push(
          `${label}: owner tag ${key}=${JSON.stringify(
            node.tags[key].slice(0, 80),
          )} is not a group or user reference (like group:default/ml-research); owned by ${fallbackTo} until the tag is fixed`,
        );
      }
      if (request && !requestRef) {
        warnings.push(
          `${label}: the owner of account request ${
            request.requestId
          }, ${JSON.stringify(
            request.owner.slice(0, 80),
          )}, is not a group or user reference; owned by ${
            options.defaultOwner
          }`,
        );
      }
    }
  }
  return { owner, ownerFallback, ownerSource, request };
}
