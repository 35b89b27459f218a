export * from './authorize';
export * from './signing';
export * from './types';
