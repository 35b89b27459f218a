export * from './serviceRegistry';
export * from './OperationNames';
export * from './operationMetricsPlugin';
export * from './LegacyCallMetrics';
export * from './exposeCacheMetrics';
export * from './redisUpGauge';
export * from './metricsRoute';
export * from './SubgraphFetchMetrics';
