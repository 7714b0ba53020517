import { InputError } from '@backstage/errors';

/**
 * An owner ref in the form the catalog gives ownership refs (`kind:namespace/name`, lower case), so that
 * `ML-Research`, `group:ml-research` and `group:default/ml-research` are one owner: kind `group` and namespace
 * `default` when left out, as Backstage's `stringifyEntityRef(parseEntityRef(ref, { defaultKind: 'group',
 * defaultNamespace: 'default' }))` gives them, then lower-cased (entity refs compare without regard to case).
 */
export function normalizeOwnerRef(ref: string): string {
  const normalized = parseOwnerRef(ref);
  if (!normalized) {
    throw new InputError(
      `Owner "${ref}" is not an entity ref: write it as group:default/<name> (or just the group's name).`,
    );
  }
  return normalized;
}

/** {@link normalizeOwnerRef}, or undefined for what is not an entity ref. */
export function parseOwnerRef(ref: string): string | undefined {
  const match = /^(?:([^:/\s]+):)?(?:([^:/\s]+)\/)?([^:/\s]+)$/.exec(
    ref.trim(),
  );
  if (!match) return undefined;
  const [, kind = 'group', namespace = 'default', name] = match;
  return `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US');
}
