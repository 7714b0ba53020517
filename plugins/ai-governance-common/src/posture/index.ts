export { checkAiPosture, BEDROCK_REGIONS, AI_OPT_OUT_SERVICES } from './check';
export type { PostureOptions } from './check';
export { pathFromRoot } from './chains';
export { mayInvokeModel, standInGuardrail } from './modelProbe';
export type { EffectiveForPosture, EffectivePolicyFn } from './effective';
export type {
  PostureCode,
  PostureFinding,
  PosturePolicyRef,
  PostureReport,
  PostureSeverity,
} from './types';
