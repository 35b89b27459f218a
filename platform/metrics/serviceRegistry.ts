import { Registry } from 'prom-client';

/**
 * One Prometheus registry per service instance, never prom-client's global one: `npm start` and
 * the tests run the gateway and every subgraph in one process, and each must expose its own series.
 */
export function createServiceRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  return registry;
}
