export * from './registry';
export * from './ports';
