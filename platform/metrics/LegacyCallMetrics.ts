import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { CircuitPhase } from '../resilience/LegacyCircuitBreaker';

/** What LegacyHttp reports about each call (retries included in one call). */
export interface LegacyCallObserver {
  /** outcome: "success", or the LegacyError kind ("unavailable", "timeout", ...) or "error" for an HTTP 5xx answer. */
  callEnded(system: string, seconds: number, outcome: string): void;
  /** A legacy client whose circuit the metrics read at scrape time. */
  watchCircuit(client: { readonly system: string; readonly circuit: CircuitPhase }): void;
}

const PHASE_VALUE: Record<CircuitPhase, number> = { closed: 0, 'half-open': 1, open: 2 };

/** legacy_call_duration_seconds, legacy_call_errors_total and legacy_circuit_state per legacy system. */
export class LegacyCallMetrics implements LegacyCallObserver {
  private readonly duration: Histogram<'system' | 'outcome'>;
  private readonly errors: Counter<'system' | 'outcome'>;
  private readonly circuits = new Map<string, { readonly circuit: CircuitPhase }>();

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'legacy_call_duration_seconds',
      help: 'Calls to a legacy system (retries included) by system and outcome',
      labelNames: ['system', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.errors = new Counter({
      name: 'legacy_call_errors_total',
      help: 'Failed calls to a legacy system by system and failure kind',
      labelNames: ['system', 'outcome'],
      registers: [registry],
    });
    const circuits = this.circuits;
    new Gauge({
      name: 'legacy_circuit_state',
      help: 'Circuit breaker per legacy system: 0 closed, 1 half-open, 2 open',
      labelNames: ['system'],
      registers: [registry],
      collect() {
        for (const [system, client] of circuits) this.set({ system }, PHASE_VALUE[client.circuit]);
      },
    });
  }

  callEnded(system: string, seconds: number, outcome: string): void {
    this.duration.observe({ system, outcome }, seconds);
    if (outcome !== 'success') this.errors.inc({ system, outcome });
  }

  watchCircuit(client: { readonly system: string; readonly circuit: CircuitPhase }): void {
    this.circuits.set(client.system, client);
  }
}
