// Test builder: a small governance model from the lines of its `spec` that a test is about, with the management
// account and the enabled policy types every small model needs.
import { parseOrgModel } from '@internal/plugin-ai-governance-common';

/**
 * Parses a governance model whose spec is the management account, `enabledPolicyTypes` and `spec` (YAML lines
 * indented two spaces, as under `spec:`).
 */
export function smallOrgModel(
  spec: string,
  enabledPolicyTypes: string[] = ['SERVICE_CONTROL_POLICY'],
) {
  return parseOrgModel(`
apiVersion: ai-governance/v1
kind: Organization
spec:
  managementAccount: { name: management, email: mgmt@example.com }
  enabledPolicyTypes: [${enabledPolicyTypes.join(', ')}]
${spec.replace(/^\n/, '')}`);
}
