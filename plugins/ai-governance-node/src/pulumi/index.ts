export * from './output';
export * from './settings';
export * from './automation';
export * from './runner';
export * from './accountProgram';
