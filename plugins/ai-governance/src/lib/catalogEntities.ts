/* What the dashboard reads of the catalog module's entities: their types, Organizations ids and AI posture annotations. */
import type { Entity } from '@backstage/catalog-model';

/** `spec.type` of the catalog module's entities (docs/catalog.md). */
export const AWS_ENTITY_TYPES = {
  organization: 'aws-organization',
  ou: 'aws-organizational-unit',
  account: 'aws-account',
  policy: 'aws-organizations-policy',
} as const;

/** The catalog module's annotations the cards read. */
export const AWS_ENTITY_ANNOTATIONS = {
  id: 'ai-governance.io/id',
  ouPath: 'ai-governance.io/ou-path',
  accountState: 'ai-governance.io/account-state',
  aiPosture: 'ai-governance.io/ai-posture',
  aiPostureErrors: 'ai-governance.io/ai-posture-errors',
  aiPostureWarnings: 'ai-governance.io/ai-posture-warnings',
  aiPostureAccounts: 'ai-governance.io/ai-posture-accounts',
} as const;

/** The Organizations id of a root or OU entity of the catalog module, if it is one. */
export function getOrganizationalUnitId(entity: Entity): string | undefined {
  const type = entity.spec?.type;
  if (
    entity.kind.toLocaleLowerCase('en-US') !== 'resource' ||
    (type !== AWS_ENTITY_TYPES.ou && type !== AWS_ENTITY_TYPES.organization)
  ) {
    return undefined;
  }
  const id = entity.metadata.annotations?.[AWS_ENTITY_ANNOTATIONS.id]?.trim();
  return id && /^(r-[0-9a-z]+|ou-[0-9a-z]+-[0-9a-z]+)$/.test(id)
    ? id
    : undefined;
}

/**
 * True for the organization root and OU entities the catalog module emits: the filter for the OU card.
 * @public
 */
export function isAwsOrganizationalUnitEntity(entity: Entity): boolean {
  return getOrganizationalUnitId(entity) !== undefined;
}

/**
 * True for Group entities: the filter for the owned AWS accounts card.
 * @public
 */
export function isGroupEntity(entity: Entity): boolean {
  return entity.kind.toLocaleLowerCase('en-US') === 'group';
}

/** An entity's AI posture in words: `OK`, `2 errors, 1 warning`, `3 of 5 accounts with findings`, or `Not checked`. */
export function postureText(entity: Entity): string {
  const a = entity.metadata.annotations ?? {};
  const posture = a[AWS_ENTITY_ANNOTATIONS.aiPosture];
  if (!posture) return 'Not checked';
  const accounts = a[AWS_ENTITY_ANNOTATIONS.aiPostureAccounts];
  if (accounts) {
    const [withFindings, checked] = accounts.split('/');
    return posture === 'ok'
      ? `OK (${checked} accounts)`
      : `${withFindings} of ${checked} accounts with findings`;
  }
  if (posture === 'ok') return 'OK';
  const count = (key: string, word: string) => {
    const n = Number(a[key] ?? 0);
    return n > 0 ? [`${n} ${word}${n === 1 ? '' : 's'}`] : [];
  };
  const parts = [
    ...count(AWS_ENTITY_ANNOTATIONS.aiPostureErrors, 'error'),
    ...count(AWS_ENTITY_ANNOTATIONS.aiPostureWarnings, 'warning'),
  ];
  return parts.length > 0 ? parts.join(', ') : 'Findings';
}
