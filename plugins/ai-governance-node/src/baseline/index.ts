export * from './packs';
export * from './apply';
export * from './baselineProgram';
export {
  BASELINE_RESOURCE_TYPES,
  baselineImportConflicts,
  baselineResources,
  type BaselineProgramOptions,
  type BaselineResourceSpec,
} from './baselineResources';
export * from './applyWithPulumi';
export * from './stackChanges';
