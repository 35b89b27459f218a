export * from './catalogue';
export * from './authority';
export * from './channelCosts';
