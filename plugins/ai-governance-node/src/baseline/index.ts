export * from './packs';
export * from './apply';
export * from './baselineProgram';
export * from './pulumiEngine';
export * from './stackChanges';
