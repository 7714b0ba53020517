export * from './output';
export * from './settings';
export * from './automation';
export * from './runner';
export {
  PulumiPendingOperationsError,
  PulumiPlanRefusedError,
  PulumiRemovalsRefusedError,
  PulumiRunCancelledError,
  PulumiRunError,
  pendingOperations,
} from './runnerErrors';
export type { PlannedStep } from './plannedSteps';
export * from './accountProgram';
