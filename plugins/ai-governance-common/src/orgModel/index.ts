export * from './types';
export * from './model';
export * from './ids';
export * from './awsManaged';
export * from './documentLimits';
export * from './parse';
export { MAX_OU_DEPTH } from './readTree';
export * from './compileSnapshot';
export * from './generate';
