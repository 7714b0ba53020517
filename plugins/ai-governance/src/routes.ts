/* The plugin's route reference. */
import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The AI Governance page. Node, policy, "Can it?" and "who can" views are paths below it.
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'ai-governance' });
