/**
 * What-if: the effective-permission diff of a proposed change to the organization (attach, detach, edit, create or
 * delete a policy, move an account, create an OU, enable a policy type), judged by probe requests.
 */
export * from './types';
export { applyChangeSet } from './apply';
export type { AppliedChangeSet } from './apply';
export { DEFAULT_CRITICAL_PROBES, deriveProbes, probeLabel } from './probes';
export type { DeriveProbesOptions } from './probes';
export { whatIf } from './diff';
export type { WhatIfOptions } from './diff';
export { blastRadius } from './blastRadius';
export type { BlastRadius } from './blastRadius';
export { parseChangeSet, MAX_WHAT_IF_CHANGES } from './parse';
export {
  previewWhatIf,
  boundWhatIfResult,
  summarizeChangedPolicies,
} from './preview';
export type {
  WhatIfPolicySummary,
  WhatIfPreview,
  WhatIfPreviewGroup,
  WhatIfPreviewLimits,
  WhatIfPreviewOptions,
} from './preview';
export { baselineChangeSet, baselineWhatIf } from './baseline';
export type { BaselineWhatIf, BaselineWhatIfResponse } from './baseline';
export {
  baselineDocuments,
  baselinePosture,
  baselineSnapshot,
  comparePosture,
} from './baselinePosture';
export type {
  BaselinePostureOptions,
  BaselinePostureResponse,
  PostureComparison,
} from './baselinePosture';
