export * from './CacheCipher';
export * from './CacheMetrics';
export * from './CacheStore';
export * from './FreshnessReport';
export * from './MemoryCacheStore';
export * from './ReadThroughCache';
export * from './RedisCacheStore';
export * from './buildCache';
