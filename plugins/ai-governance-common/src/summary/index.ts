/** Plain-language summaries of SCPs, RCPs and AI opt-out policies. */
export * from './types';
export { summarizePolicy } from './summarize';
