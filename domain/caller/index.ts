export * from './authorize';
export * from './caseload';
export * from './signing';
export * from './types';
export * from './contextBindingPlugin';
export * from './serviceIdentity';
