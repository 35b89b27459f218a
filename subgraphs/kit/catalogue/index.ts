export * from './catalogue';
export * from './authority';
