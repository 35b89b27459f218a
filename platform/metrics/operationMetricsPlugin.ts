import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Counter, Histogram, type Registry } from 'prom-client';
import { OperationNames } from './OperationNames';

/** Seconds; from a cached read to a slow legacy chain. */
export const REQUEST_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** graphql_requests_total and graphql_request_duration_seconds per operation name (bounded) and outcome. */
export function operationMetricsPlugin<C extends BaseContext>(registry: Registry): ApolloServerPlugin<C> {
  const names = new OperationNames();
  const requests = new Counter({
    name: 'graphql_requests_total',
    help: 'GraphQL requests by operation name (unknown names folded to "other") and outcome',
    labelNames: ['operation', 'outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'GraphQL request latency by operation name',
    labelNames: ['operation'],
    buckets: REQUEST_SECONDS_BUCKETS,
    registers: [registry],
  });
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ request, operationName, errors, response }) {
          const operation = names.labelOf(operationName ?? request.operationName);
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const outcome = errors?.length || body?.errors?.length ? 'error' : 'success';
          requests.inc({ operation, outcome });
          duration.observe({ operation }, (performance.now() - started) / 1000);
        },
      };
    },
  };
}
