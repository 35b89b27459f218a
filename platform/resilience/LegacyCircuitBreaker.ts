import {
  BrokenCircuitError,
  CircuitState,
  circuitBreaker,
  ConsecutiveBreaker,
  handleWhenResult,
  IsolatedCircuitError,
  type CircuitBreakerPolicy,
} from 'cockatiel';

export type CircuitPhase = 'closed' | 'open' | 'half-open';

export interface LegacyCircuitBreakerOptions {
  /** Consecutive failed attempts that open the circuit. */
  readonly consecutiveFailures: number;
  /** How long an open circuit fails fast before one probe call may try the system again. */
  readonly halfOpenAfterMs: number;
  readonly onChange?: (phase: CircuitPhase) => void;
}

/** Thrown instead of calling a system whose circuit is open. */
export class CircuitOpenError extends Error {
  constructor() {
    super('circuit open');
    this.name = 'CircuitOpenError';
  }
}

/**
 * One legacy system's circuit breaker (cockatiel's, with a consecutive-failure count): after
 * `consecutiveFailures` failed attempts in a row it opens and calls fail at once with
 * CircuitOpenError; after `halfOpenAfterMs` one probe goes through (others wait for it), and
 * its success closes the circuit while its failure opens it again.
 */
export class LegacyCircuitBreaker {
  private readonly policy: CircuitBreakerPolicy;

  constructor(options: LegacyCircuitBreakerOptions) {
    this.policy = circuitBreaker(
      handleWhenResult((attempt) => (attempt as { failed?: unknown }).failed === true),
      {
        halfOpenAfter: options.halfOpenAfterMs,
        breaker: new ConsecutiveBreaker(options.consecutiveFailures),
      },
    );
    if (options.onChange) {
      const onChange = options.onChange;
      this.policy.onStateChange((state) => onChange(phaseOf(state)));
    }
  }

  get phase(): CircuitPhase {
    return phaseOf(this.policy.state);
  }

  /**
   * Runs one attempt. The attempt must not throw: it reports `failed: true` for what should
   * count against the system (no answer, or an answer that says the system failed).
   */
  async attempt<A extends { readonly failed: boolean }>(fn: () => Promise<A>): Promise<A> {
    try {
      return await this.policy.execute(fn);
    } catch (error) {
      if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) throw new CircuitOpenError();
      throw error;
    }
  }
}

function phaseOf(state: CircuitState): CircuitPhase {
  return state === CircuitState.Closed ? 'closed' : state === CircuitState.HalfOpen ? 'half-open' : 'open';
}
