/**
 * The delta mutation of a refresh: which entities were added or changed since the previous run, and which are gone.
 */
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';

/** The entities added or changed since `previous` (serialized entities by ref), and the refs gone. */
export function deltaOf(
  previous: ReadonlyMap<string, string>,
  entities: Entity[],
  byRef: ReadonlyMap<string, string>,
): { added: Entity[]; removed: string[] } {
  const added = entities.filter(e => {
    const ref = stringifyEntityRef(e);
    return previous.get(ref) !== byRef.get(ref);
  });
  const removed = [...previous.keys()].filter(ref => !byRef.has(ref));
  return { added, removed };
}
