/*
 * Runs the ai-governance backend plugin on its own (`yarn start` in this package): an organizations sandbox started
 * with the backend, seeded as app-config.yaml says (the demo organization), mock auth so that
 * `Authorization: Bearer mock-user-token` works, and permissions that allow everything.
 */
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { sandboxOrganizationsFactory } from '../src/__testUtils__/sandboxOrganizations';

const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(
  mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
);
backend.add(sandboxOrganizationsFactory);
backend.add(import('../src'));

backend.start();
