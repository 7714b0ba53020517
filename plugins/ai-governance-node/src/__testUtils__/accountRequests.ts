// Test builder: a resolved account request (the ML Research development account Jane asked for), with what a test
// is about given as overrides.
import type { AccountRequest } from '../accounts/types';

export function testAccountRequest(
  overrides: Partial<AccountRequest> = {},
): AccountRequest {
  return {
    name: 'ML Research',
    email: 'aws+ml-research@example.com',
    environment: 'development',
    owner: 'group:default/ml-platform',
    costCenter: 'CC-1234',
    dataClassification: 'internal',
    purpose: 'Try models',
    requestedBy: 'user:default/jane',
    taskId: 't-1',
    ...overrides,
  };
}
