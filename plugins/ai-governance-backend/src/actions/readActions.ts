/**
 * The read-only actions in Backstage's actions registry (exposed to AI agents by the MCP actions backend):
 * `ai-governance:can-it`, `ai-governance:who-can`, `ai-governance:lint-policy` and `ai-governance:explain-account`,
 * one file each. Each checks the permission its HTTP route checks (POST /simulate, POST /who-can, POST /lint,
 * GET /nodes/:id) with the caller's credentials; like the routes, they accept users and services. docs/catalog.md has
 * example calls.
 */
import { registerCanItAction } from './canItAction';
import { registerExplainAccountAction } from './explainAccountAction';
import { registerLintPolicyAction } from './lintPolicyAction';
import {
  createReadActionContext,
  type ReadActionsOptions,
} from './readActionContext';
import { registerWhoCanAction } from './whoCanAction';

export type { ReadActionsOptions } from './readActionContext';

/** Registers the four read-only actions. */
export function registerReadActions(options: ReadActionsOptions): void {
  const context = createReadActionContext(options);
  registerCanItAction(context);
  registerWhoCanAction(context);
  registerLintPolicyAction(context);
  registerExplainAccountAction(context);
}
