/**
 * Management policies (every Organizations policy type except SCPs and RCPs): their operator syntax and the
 * effective policy an account gets from the root, its OUs and itself, with where every value came from. Shared by
 * the sandbox (DescribeEffectivePolicy), the dashboard and the AI posture check.
 */
export * from './syntax';
export * from './inherit';
