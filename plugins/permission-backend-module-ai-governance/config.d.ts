export interface Config {
  aiGovernance?: {
    /**
     * Who may do what in AI Governance, read by the permission policy of
     * `@internal/plugin-permission-backend-module-ai-governance`. Every list holds catalog entity refs, usually groups
     * (`group:default/ai-governance-admins`; a bare `ai-governance-admins` means a group in the default namespace),
     * and is matched against the ownership refs of the signed-in user: the user's own ref and the groups the sign-in
     * resolver put in their token (with the default resolvers, the groups the user is a direct member of). A user ref
     * (`user:default/alice`) works too. A ref that does not parse stops the backend at start.
     */
    access?: {
      /**
       * Governance admins: apply the governance baseline (and remove through it), approve or reject account requests,
       * edit guardrails, close accounts, read and cancel every request, and everything a requester may do. They also
       * unregister catalog entities and locations and read or cancel every scaffolder task. Unset or empty: nobody,
       * and these operations are denied to everyone.
       */
      admins?: string[];
      /**
       * Requesters: request AI development accounts and ask for a fresh crawl of the organization. Unset: every
       * signed-in user. An empty list: nobody but the admins.
       */
      requesters?: string[];
      /**
       * Who may request AI production accounts; each request then waits for a governance admin's approval.
       * Unset: the same as `requesters`.
       */
      productionRequesters?: string[];
      /**
       * Who may read policy documents (service control policies and the other policy types), lint them and simulate
       * requests against them. Unset: every signed-in user. The tree itself (OUs, accounts, which policy is attached
       * where) stays readable by every signed-in user.
       */
      policyReaders?: string[];
    };
  };
}
