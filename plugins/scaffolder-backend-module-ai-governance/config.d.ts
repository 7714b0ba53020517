export interface Config {
  aiGovernance?: {
    /** Account vending: the `ai-governance:account:create` action. */
    vending?: {
      /**
       * Which engine applies account requests: `pulumi` (Automation API; needs the CLI), `organizations-api`
       * (CreateAccount, MoveAccount, TagResource directly), or `auto` (Pulumi when its CLI is found). Default auto.
       */
      engine?: 'pulumi' | 'organizations-api' | 'auto';
      /**
       * The OU of each environment: an OU id (`ou-…`) or a path of OU names under the root (`AI/Development`).
       * Defaults AI/Development and AI/Production.
       */
      organizationalUnits?: {
        development?: string;
        production?: string;
      };
      /**
       * Root email of an account when the request gives none: `{name}` is the slug of the account name,
       * `{environment}` its environment, e.g. `aws+{name}@example.com`.
       */
      emailPattern?: string;
      /** The role AWS creates in each new account for the management account. Default OrganizationAccountAccessRole. */
      roleName?: string;
      /** ALLOW or DENY IAM users access to billing in new accounts. Default DENY. */
      iamUserAccessToBilling?: 'ALLOW' | 'DENY';
      /**
       * Must stay false (the default): closing an account is never a side effect of a stack; true is refused. Close
       * an account with the explicit closeAccount operation.
       */
      closeOnDeletion?: boolean;
      /** Most CreateAccount requests in progress at once (AWS allows 5). Default 5. */
      maxConcurrentCreations?: number;
      /** Longest wait between two polls of creations in progress, in milliseconds. Default 5000. */
      pollIntervalMs?: number;
      /** Give up waiting for AWS to create an account after this many seconds. Default 1800. */
      creationTimeoutSeconds?: number;
    };
    /** The Pulumi engine of account vending. */
    pulumi?: {
      /** Folder of the pinned Pulumi CLI (it holds bin/pulumi). The PATH's `pulumi` when unset. */
      cliFolder?: string;
      /**
       * The exact Pulumi CLI version to run, e.g. 3.190.0. A CLI of another version is refused with what to install.
       * Set it in production.
       */
      version?: string;
      /**
       * State backend: s3://<bucket>[/prefix]?region=<region> in production, or https://api.pulumi.com. file:// (the
       * default, under stateDir) only with the organizations sandbox enabled.
       */
      backendUrl?: string;
      /** Folder of the default file:// backend. Default .ai-governance/pulumi-state under the backend's folder. */
      stateDir?: string;
      /**
       * awskms://<key id or alias>?region=<region> in production, or default (Pulumi Cloud). passphrase (the default)
       * only with the organizations sandbox enabled.
       */
      secretsProvider?: string;
      /**
       * Passphrase of the passphrase secrets provider.
       * @visibility secret
       */
      passphrase?: string;
      /**
       * Pulumi Cloud access token, when backendUrl is Pulumi Cloud.
       * @visibility secret
       */
      accessToken?: string;
      /** Project name of the account stacks. Default ai-governance-accounts. */
      projectName?: string;
      /** PULUMI_HOME of the CLI (plugins, credentials). */
      home?: string;
      /** More environment variables the CLI may see, beyond the built-in allow-list (PATH, HOME, proxies, AWS_*). */
      envAllowList?: string[];
      /** The AWS provider of the account program. */
      aws?: {
        /** Role in the management account to assume; the session is named after the task, with the user as source identity. */
        roleArn?: string;
        /** External id the role's trust policy asks for. */
        externalId?: string;
      };
    };
  };
}
