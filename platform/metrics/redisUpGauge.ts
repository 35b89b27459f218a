import { Gauge, type Registry } from 'prom-client';

/** redis_up{use}: 1 while the Redis behind `use` (gateway, cache) answers; read at scrape time. */
export function redisUpGauge(registry: Registry, use: string, isUp: () => boolean): void {
  new Gauge({
    name: 'redis_up',
    help: 'Whether Redis answers (1) or not (0), by what it is used for; the service falls back while it is 0',
    labelNames: ['use'],
    registers: [registry],
    collect() {
      this.set({ use }, isUp() ? 1 : 0);
    },
  });
}
