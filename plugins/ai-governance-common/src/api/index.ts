export * from './types';
export * from './accountRequests';
export * from './effectivePolicies';
