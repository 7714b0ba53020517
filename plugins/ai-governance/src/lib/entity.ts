/* Reading a catalog entity's AWS account id from its annotations. */
import type { Entity } from '@backstage/catalog-model';

/** Annotations read as an entity's AWS account id, first match wins. */
export const AWS_ACCOUNT_ID_ANNOTATIONS = [
  'amazonaws.com/account-id',
  'aws.amazon.com/account-id',
];

/**
 * The AWS account id an entity carries in its annotations, if any.
 * @public
 */
export function getAwsAccountId(entity: Entity): string | undefined {
  for (const key of AWS_ACCOUNT_ID_ANNOTATIONS) {
    const value = entity.metadata.annotations?.[key]?.trim();
    if (value && /^\d{12}$/.test(value)) return value;
  }
  return undefined;
}

/**
 * True when the entity carries an AWS account id annotation: the filter for the entity card and tab.
 * @public
 */
export function isAwsAccountEntity(entity: Entity): boolean {
  return getAwsAccountId(entity) !== undefined;
}
