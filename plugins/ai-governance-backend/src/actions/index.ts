/**
 * The plugin's actions in Backstage's actions registry (for AI agents through the MCP actions backend, and for any
 * backend caller of the actions service); see docs/catalog.md.
 */
import { registerReadActions, type ReadActionsOptions } from './readActions';
import {
  registerRequestAccountAction,
  type RequestAccountActionOptions,
} from './requestAccountAction';

/** Registers every ai-governance action. */
export function registerAiGovernanceActions(
  options: ReadActionsOptions &
    Omit<RequestAccountActionOptions, 'service'> & {
      accountRequests: RequestAccountActionOptions['service'];
    },
): void {
  registerReadActions(options);
  registerRequestAccountAction({
    ...options,
    service: options.accountRequests,
  });
}
