/**
 * Every operation the sandbox answers, registered family by family into one {@link OperationTable}.
 */
import { registerAccountCreationOperations } from './accountCreation';
import { registerAccountOperations } from './accounts';
import { registerEffectivePolicyOperations } from './effectivePolicy';
import { OperationContext, OperationTable } from './OperationTable';
import { registerOrganizationOperations } from './organization';
import { registerOrganizationalUnitOperations } from './organizationalUnits';
import { registerPolicyOperations } from './policies';
import { registerTagOperations } from './tags';

export type { Handler, OperationContext } from './OperationTable';
export { OperationTable } from './OperationTable';
export { completeAccountClosures } from './accounts';
export { completeCreateAccountRequests } from './accountCreation';

export function buildOperationTable(context: OperationContext): OperationTable {
  const table = new OperationTable();
  registerOrganizationOperations(table, context);
  registerOrganizationalUnitOperations(table, context);
  registerAccountOperations(table, context);
  registerAccountCreationOperations(table, context);
  registerPolicyOperations(table, context);
  registerTagOperations(table, context);
  registerEffectivePolicyOperations(table, context);
  return table;
}
