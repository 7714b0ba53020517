// Test builder: a snapshot of a small organization of a test's own (so demo organization changes do not move the
// test), from the lines of its model's `spec` that the test is about.
import {
  compileOrgModel,
  parseOrgModel,
  type OrgSnapshot,
} from '@internal/plugin-ai-governance-common';

/**
 * The snapshot of a model whose spec is the management account (id 111111111111), SCPs enabled, and `spec` (YAML
 * lines indented two spaces, as under `spec:`).
 */
export function smallSnapshot(
  spec: string,
  options: { capturedAt?: string } = {},
): OrgSnapshot {
  return compileOrgModel(
    parseOrgModel(`apiVersion: ai-governance/v1
kind: Organization
spec:
  managementAccount: { name: management, email: mgmt@example.com, id: '111111111111' }
  enabledPolicyTypes: [SERVICE_CONTROL_POLICY]
${spec.replace(/^\n/, '')}`),
    options,
  );
}
