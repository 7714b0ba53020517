/**
 * A local AWS Organizations endpoint (AWS JSON 1.1) for development, tests, benchmarks and the demo: the real
 * AWS SDK, the AWS CLI and Pulumi's AWS provider can be pointed at it.
 *
 * @packageDocumentation
 */
import { resolve } from 'path';

export { startSandbox } from './server';
export type { StartSandboxOptions, RunningSandbox } from './server';
export { OrganizationsSandbox } from './OrganizationsSandbox';
export type {
  OrganizationsSandboxOptions,
  SandboxResponse,
  SandboxStats,
} from './OrganizationsSandbox';
export type { SandboxLimits } from './limits';
export type { SandboxState } from './records';
export type { FaultOptions, CreateAccountFailureRule } from './faults';
export { validateFaultOptions } from './faults';
export { OrganizationsError } from './errors';
export { loadOrgModelFile } from './loadOrgModelFile';

/** Path of the demo org model file (AI governance demo: Security, Infrastructure, Workloads, AI OUs). @public */
// src/ and dist/ both sit one level below the package root, and package.json ships demo/ next to them.
// eslint-disable-next-line no-restricted-syntax
export const demoOrgModelPath = resolve(__dirname, '../demo/demo-org.yaml');
