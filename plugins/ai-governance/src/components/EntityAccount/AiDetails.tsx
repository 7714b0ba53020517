/*
 * An account entity's AI details as the catalog module wrote them (guardrail packs, Bedrock models allowed, region
 * lock, enforced guardrails per Region, AI opt-out, posture), in words, with links to the dashboard for the rest.
 */
import type { Entity } from '@backstage/catalog-model';
import type { PostureCode } from '@internal/plugin-ai-governance-common';
import { Flex, Link, Text } from '@backstage/ui';
import { postureText } from '../../lib/catalogEntities';
import { DefinitionList } from '../DefinitionList';
import { useLinks } from '../links';
import { CappedList, hasAiDetails, readAiDetails } from './aiDetails';

/** Each posture finding code in a few words (common's PostureCode; docs/policy-types.md has the details). */
export const POSTURE_CODE_LABELS: Record<PostureCode, string> = {
  POSTURE_GUARDRAIL_REGION_GAP: 'models allowed where no guardrail is enforced',
  POSTURE_MODEL_NOT_GUARDED: 'a model allowed but left out of the guardrail',
  POSTURE_REGION_LOCK_DENIES_GUARDRAIL:
    "the region lock denies the guardrail's Region",
  POSTURE_GUARDRAIL_UNUSABLE: 'an enforced guardrail that cannot be used',
  POSTURE_AI_OPT_OUT_NOT_SET: 'AI services not opted out',
};

/** `a, b and 3 more`. */
function words(list: CappedList): string {
  const shown = list.items.join(', ');
  return list.more ? `${shown} and ${list.more} more` : shown;
}

/** The guardrail packs of an account, OU or root entity: names, `None` when none applies, undefined when unknown. */
export function guardrailPacksText(entity: Entity): string | undefined {
  const packs = readAiDetails(entity).guardrailPacks;
  if (!packs) return undefined;
  return packs.items.length ? words(packs) : 'None';
}

/**
 * The AI details of an account entity, or nothing when the entity carries none (an entity the catalog module did not
 * write, or an account it does not check: the management account, suspended and closed ones).
 */
export function AccountAiDetails(props: { entity: Entity; accountId: string }) {
  const links = useLinks();
  const { entity, accountId } = props;
  const d = readAiDetails(entity);
  if (!hasAiDetails(d)) return null;
  const node = links.node(accountId);

  let models;
  if (d.models?.kind === 'all') models = 'Every model in the shipped list';
  else if (d.models?.kind === 'none') models = 'None';
  else if (d.models) {
    models = (
      <>
        {words(d.models)}
        {d.models.more > 0 && (
          <>
            {' '}
            (<Link href={node}>all of them</Link>)
          </>
        )}
      </>
    );
  }

  let regionLock;
  if (d.regionLock?.kind === 'unlocked')
    regionLock = 'None: models may be invoked in every Bedrock Region';
  else if (d.regionLock?.kind === 'bedrock-denied')
    regionLock = 'Bedrock is denied in every Region';
  else if (d.regionLock) regionLock = `Only ${words(d.regionLock)}`;

  let guardrails;
  if (d.guardrails?.length === 0)
    guardrails = 'None: no Bedrock policy enforces a guardrail';
  else if (d.guardrails) {
    guardrails = (
      <ul
        aria-label="Enforced guardrails by Region"
        style={{ listStyle: 'none', margin: 0, padding: 0 }}
      >
        {d.guardrails.map(g => (
          <li key={`${g.region}=${g.guardrail}`}>
            {g.region ? `${g.region}: ` : ''}
            <code>{g.guardrail}</code>
          </li>
        ))}
        {d.guardrailsMore ? <li>and {d.guardrailsMore} more</li> : null}
      </ul>
    );
  }

  let optOut;
  if (d.optOut?.kind === 'all') optOut = 'Opted out of every AI service';
  else if (d.optOut?.kind === 'none')
    optOut = 'Not opted out of any AI service';
  else if (d.optOut) optOut = `Partly: still opted in to ${words(d.optOut)}`;

  const posture = (
    <>
      {postureText(entity)}
      {d.postureCodes?.length
        ? `: ${d.postureCodes
            .map(c => POSTURE_CODE_LABELS[c as PostureCode] ?? c)
            .join('; ')}`
        : ''}{' '}
      (
      <Link href={node}>{d.postureCodes?.length ? 'findings' : 'details'}</Link>
      )
    </>
  );

  return (
    <section aria-label="AI guardrails of the account">
      <Flex direction="column" gap="2">
        <Text as="h4" variant="title-x-small">
          AI guardrails
        </Text>
        <DefinitionList
          aria-label="AI details"
          rows={[
            ['AI posture', posture],
            [
              'Guardrail packs',
              d.guardrailPacks &&
                (d.guardrailPacks.items.length
                  ? words(d.guardrailPacks)
                  : 'None'),
            ],
            ['Bedrock models allowed', models],
            ['Region lock', regionLock],
            ['Enforced guardrails', guardrails],
            ['AI opt-out', optOut],
          ]}
        />
        <Text variant="body-x-small" color="secondary">
          From the catalog's last refresh.{' '}
          <Link href={links.canIt(accountId)} variant="body-x-small">
            Check a request for this account
          </Link>
        </Text>
      </Flex>
    </section>
  );
}
