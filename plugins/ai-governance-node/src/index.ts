/**
 * Node library of the AI Governance plugin: AWS Organizations access, Pulumi programs and their runner, and
 * account vending.
 *
 * @packageDocumentation
 */
export * from './accounts';
export * from './organizations';
export * from './pulumi';
export * from './baseline';
export * from './permissions';
export * from './iamData';
