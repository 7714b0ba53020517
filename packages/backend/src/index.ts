/*
 * The demo portal's backend: Backstage's core plugins plus the AI Governance plugin family.
 * On the embedded defaults (app-config.yaml) the AI Governance plugins' Organizations client goes to an
 * organizations sandbox started in this process, seeded with the demo organization (./organizationsSandbox.ts);
 * app-config.production.yaml turns it off and points them at real AWS.
 */
import { createBackend } from '@backstage/backend-defaults';
import { rootHttpRouterWithoutStackTraces } from './httpRouter';
import { organizationsSandboxServiceFactory } from './organizationsSandbox';
import { signInProviders } from './signIn';

const backend = createBackend();

// error answers without stack traces, in development too (./httpRouter.ts)
backend.add(rootHttpRouterWithoutStackTraces);

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// auth: the providers configured under auth.providers (./signIn.ts): GitHub in production; guest and the demo
// governance admin only on the embedded defaults
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(signInProviders);

// catalog, which also carries the software templates
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// the AWS organization (root, OUs, accounts, AI policies) as catalog entities, read from ai-governance (docs/catalog.md)
backend.add(import('@internal/plugin-catalog-backend-module-ai-governance'));

// scaffolder, with the AI Governance actions
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
backend.add(import('@internal/plugin-scaffolder-backend-module-ai-governance'));

// permissions: the AI Governance policy, deny by default, roles from aiGovernance.access
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@internal/plugin-permission-backend-module-ai-governance'));

// search
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// AI Governance; its Organizations client (shared with the scaffolder module): the embedded sandbox when
// aiGovernance.organizations.sandbox.enabled, else AWS
backend.add(organizationsSandboxServiceFactory);
backend.add(import('@internal/plugin-ai-governance-backend'));

backend.start();
