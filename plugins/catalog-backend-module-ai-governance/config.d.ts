export interface Config {
  aiGovernance?: {
    /** The catalog module: the AWS organization as Resource entities (docs/catalog.md). */
    catalog?: {
      /**
       * The account (or OU) tag that names its owner, as an entity ref (`group:default/ml-research` or `ml-research`).
       * Default `ai-governance:owner`, the key account vending writes; the tag `owner` (the org model files' key) is
       * read after it.
       */
      ownerTagKey?: string;
      /**
       * Owner of the root, the policies, and every node whose owner tag is missing or not a group/user reference
       * (accounts vended through an account request: the request's owner group first). Default
       * `group:default/platform`.
       */
      defaultOwner?: string;
      /** Namespace of the entities. Default `default`. */
      namespace?: string;
      /**
       * A full mutation every this many runs (the first run of each backend instance is always full); in between,
       * delta mutations carry only the entities added, changed or removed since the previous run. Default 12 (once
       * an hour on the default schedule). With several backend instances, set 1 to apply full mutations only.
       */
      fullMutationEvery?: number;
      /**
       * The folder of guardrail packs (`guardrails/packs`, relative to the backend's working directory), for the
       * `ai-governance.io/guardrail-packs` annotation: a policy belongs to the pack that names it. Default: the
       * `guardrails/packs` folder in the working directory or above, when there is one; without packs, no such
       * annotation.
       */
      guardrailPacks?: string;
      /**
       * When the provider reads the inventory; a scheduler task definition
       * (`{ frequency: { minutes: 5 }, timeout: { minutes: 3 } }` by default).
       */
      schedule?: {
        frequency: { cron: string } | string | { [unit: string]: number };
        timeout: string | { [unit: string]: number };
        initialDelay?: string | { [unit: string]: number };
        scope?: 'global' | 'local';
      };
    };
  };
}
