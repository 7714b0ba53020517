export * from './packs';
export * from './apply';
export * from './baselineProgram';
