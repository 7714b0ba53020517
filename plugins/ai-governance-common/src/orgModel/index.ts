export * from './types';
export * from './model';
export * from './ids';
export * from './awsManaged';
export * from './parse';
export * from './compile';
export * from './generate';
