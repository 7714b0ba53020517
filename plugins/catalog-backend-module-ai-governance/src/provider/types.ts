/**
 * The shapes the entity builder takes and gives: the snapshot it reads, its options (owner tags, account requests,
 * posture, policy documents, guardrail packs) and what it answers.
 */
import type { Entity } from '@backstage/catalog-model';
import type {
  OrgInfo,
  OrgNode,
  OrgPolicy,
  PostureReport,
} from '@internal/plugin-ai-governance-common';
import type { AccountAiDetails } from './aiDetails';

/** What the provider needs of a snapshot; both `GET /tree`'s TreeResponse and an OrgSnapshot fit. @public */
export interface InventoryTree {
  organization: OrgInfo;
  /** Parents before children. */
  nodes: OrgNode[];
  policies: Array<
    Pick<OrgPolicy, 'id' | 'name' | 'type' | 'awsManaged'> &
      Partial<Pick<OrgPolicy, 'arn' | 'description'>>
  >;
}

/** @public */
export interface BuildEntitiesOptions {
  /** Tag keys read for an account's or OU's owner, first match wins (e.g. `ai-governance:owner`, then `owner`). */
  ownerTagKeys: string[];
  /** Owner of nodes without a usable owner tag, and of the root and policies: an entity ref, `group:` by default. */
  defaultOwner: string;
  /** Namespace of the entities. */
  namespace: string;
  /** `backstage.io/managed-by-location` of every entity, e.g. `ai-governance:o-abc123`. */
  locationRef: string;
  /**
   * Accounts vended through an account request, by account id: the request's id and owner group. The owner of an
   * account whose owner tag is missing or unusable, before the default owner.
   */
  accountRequests?: ReadonlyMap<string, AccountRequestOwner>;
  /** The AI posture check of the same snapshot; without it, no posture annotations. */
  posture?: Pick<PostureReport, 'findings'>;
  /**
   * The policies' documents by policy id (`GET /policies/{id}`); without them, no AI details on accounts and no
   * summaries on policies. Every SCP, RCP, Bedrock and AI opt-out policy of the snapshot must be there.
   */
  policyContents?: ReadonlyMap<string, string>;
  /** Policy name to guardrail pack name; without it, no `guardrail-packs` annotation. */
  packPolicies?: ReadonlyMap<string, string>;
  /**
   * The accounts' AI details, when the caller computed them already (computeAiDetailsYielding, once per snapshot);
   * otherwise computed here from `policyContents`.
   */
  aiDetails?: ReadonlyMap<string, AccountAiDetails>;
  /** Bedrock models and Regions the AI details probe (tests); default: the shipped list and BEDROCK_REGIONS. */
  probe?: { models?: readonly string[]; regions?: readonly string[] };
}

/** What the provider keeps of an account request: which request vended the account, and its owner group. @public */
export interface AccountRequestOwner {
  requestId: string;
  owner: string;
}

/** @public */
export interface BuiltEntities {
  entities: Entity[];
  /** One sentence per node that fell back (owner), naming the node and what to fix. */
  warnings: string[];
}
