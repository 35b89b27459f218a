import { Counter, Histogram, type Registry } from 'prom-client';

/** The gateway's calls to its subgraphs: gateway_subgraph_fetch_duration_seconds and gateway_subgraph_fetch_errors_total per subgraph. */
export class SubgraphFetchMetrics {
  private readonly duration: Histogram<'subgraph' | 'outcome'>;
  private readonly errors: Counter<'subgraph' | 'outcome'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'gateway_subgraph_fetch_duration_seconds',
      help: 'HTTP calls from the gateway to a subgraph by subgraph and outcome',
      labelNames: ['subgraph', 'outcome'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.errors = new Counter({
      name: 'gateway_subgraph_fetch_errors_total',
      help: 'Failed calls to a subgraph: "timeout", "unavailable" (no answer) or "http_<status>"',
      labelNames: ['subgraph', 'outcome'],
      registers: [registry],
    });
  }

  /** outcome: "success", "timeout", "unavailable" or "http_<status>" for a 4xx/5xx answer. */
  fetchEnded(subgraph: string, seconds: number, outcome: string): void {
    this.duration.observe({ subgraph, outcome }, seconds);
    if (outcome !== 'success') this.errors.inc({ subgraph, outcome });
  }
}
