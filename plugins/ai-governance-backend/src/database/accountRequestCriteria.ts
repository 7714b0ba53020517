/**
 * A conditional permission decision on account requests (the rules of the node package: requestedBy, ownerIn,
 * combined with allOf, anyOf, not) as a WHERE clause; an unknown condition matches nothing.
 */
import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import type { AccountRequestQuery } from '@internal/plugin-ai-governance-node';
import type { Knex } from 'knex';

/** A conditional permission decision's criteria as SQL. */
export function applyCriteria(
  qb: Knex.QueryBuilder,
  criteria: PermissionCriteria<AccountRequestQuery>,
): void {
  if ('allOf' in criteria) {
    for (const sub of criteria.allOf) qb.andWhere(b => applyCriteria(b, sub));
  } else if ('anyOf' in criteria) {
    if (criteria.anyOf.length === 0) {
      qb.whereRaw('1 = 0');
      return;
    }
    qb.where(outer => {
      for (const sub of criteria.anyOf) {
        outer.orWhere(b => applyCriteria(b, sub));
      }
    });
  } else if ('not' in criteria) {
    qb.whereNot(b => applyCriteria(b, criteria.not));
  } else if ('requestedBy' in criteria) {
    qb.whereIn('requested_by', criteria.requestedBy);
  } else if ('ownerIn' in criteria) {
    qb.whereIn('owner', criteria.ownerIn);
  } else {
    // An unknown condition matches nothing: deny by default.
    qb.whereRaw('1 = 0');
  }
}
