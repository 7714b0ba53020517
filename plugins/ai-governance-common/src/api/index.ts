export * from './types';
export * from './accountRequests';
