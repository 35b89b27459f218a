import http from 'node:http';
import { currentRequestId } from './requestId';
import axios, { type AxiosInstance, type AxiosRequestConfig, type AxiosResponse, isAxiosError } from 'axios';
import { LegacyError, messageOf } from './errors';
import type { Logger } from './logger';
import { fullJitterDelayMs } from './resilience/backoff';
import { type CallKind, callKindOf } from './resilience/callKind';
import { CircuitOpenError, type CircuitPhase, LegacyCircuitBreaker } from './resilience/LegacyCircuitBreaker';
import type { LegacyCallObserver } from './metrics/LegacyCallMetrics';
import { withTraceContext } from './tracing/propagation';
import { SPAN_ATTRIBUTES } from './tracing/spanAttributes';
import { inSpan, markFailed, SpanKind } from './tracing/spans';

export type { CallKind } from './resilience/callKind';
export type { CircuitPhase } from './resilience/LegacyCircuitBreaker';

export interface LegacyHttpOptions {
  /** The legacy system's name as clients see it in errors: "cpr", "tax", ... */
  readonly system: string;
  readonly baseURL: string;
  /** Inject a transport (an axios instance) to point the client anywhere, e.g. a wire-level fake. */
  readonly transport?: AxiosInstance;
  /** Told when the circuit opens and closes. */
  readonly logger?: Logger;
  /** Told each call's latency and outcome, and watches the circuit (the service's /metrics). */
  readonly metrics?: LegacyCallObserver;

  // Connection
  /** Per-attempt timeout in milliseconds. */
  readonly timeoutMs?: number;
  /** Sockets kept per legacy host. Leave unset to use the process's one shared keep-alive agent (32 per host); set, the client gets an agent of its own. */
  readonly maxSockets?: number;

  // Retries (reads only; a write is never sent twice)
  /** Retries after the first attempt of a read that met no answer, a timeout or a system failure (HTTP 5xx). */
  readonly retries?: number;
  /** Backoff before retry n is random in [0, min(retryMaxDelayMs, retryBaseDelayMs * 2^(n-1))) ms. */
  readonly retryBaseDelayMs?: number;
  readonly retryMaxDelayMs?: number;
  /**
   * A retry starts only if it can finish (backoff plus a full timeout) within this many ms of the
   * first attempt. Default: 2 x timeoutMs, so fast failures (refused, 5xx) are retried but a read
   * that already waited out a timeout is not: the caller hears LEGACY_TIMEOUT after one timeout.
   */
  readonly retryBudgetMs?: number;

  // Circuit breaker (one per LegacyHttp, i.e. per legacy system)
  /** Consecutive failed attempts (no answer, timeout, HTTP 5xx) that open the circuit. */
  readonly breakerConsecutiveFailures?: number;
  /** How long an open circuit fails fast before one probe call may try the system again. */
  readonly breakerHalfOpenAfterMs?: number;

  // Test seams
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_LEGACY_HTTP_OPTIONS = {
  timeoutMs: 5000,
  maxSockets: 32,
  retries: 2,
  retryBaseDelayMs: 50,
  retryMaxDelayMs: 1000,
  breakerConsecutiveFailures: 5,
  breakerHalfOpenAfterMs: 5000,
} as const;

/** The resilience settings alone: what deployments and tests tune per legacy system. */
export type LegacyResilienceOptions = Pick<
  LegacyHttpOptions,
  'timeoutMs' | 'retries' | 'retryBaseDelayMs' | 'retryMaxDelayMs' | 'retryBudgetMs' | 'breakerConsecutiveFailures' | 'breakerHalfOpenAfterMs'
>;

/** How one call may be treated. */
export interface LegacyCallOptions {
  /**
   * 'read' may be retried; 'write' is sent once. Default: GET, HEAD and OPTIONS read, any other
   * method writes; a POST that only reads (SOAP, batch lookups) must say `kind: 'read'`.
   */
  readonly kind?: CallKind;
  /**
   * Whether an answer says the system itself failed (so a read is retried and the breaker counts
   * it), as opposed to refusing this request. Default: HTTP 5xx. SOAP needs its own: a Client
   * fault comes with HTTP 500 too.
   */
  readonly systemFailed?: (response: AxiosResponse) => boolean;
}

type Attempt<T> = { readonly failed: boolean; readonly response: AxiosResponse<T> } | { readonly failed: true; readonly error: LegacyError };

/**
 * The one HTTP path to a legacy system: keep-alive, bounded sockets, a timeout per attempt,
 * retries with backoff for reads, a circuit breaker, and every failure turned into a LegacyError
 * naming the system. Protocol clients (fixed-width, SOAP, REST) sit on top of this and never see
 * axios errors.
 */
export class LegacyHttp {
  readonly system: string;
  private readonly axios: AxiosInstance;
  private readonly agent?: http.Agent;
  private readonly ownAgent: boolean = false;
  private readonly origin?: string;
  private readonly settings: Required<LegacyResilienceOptions>;
  private readonly breaker: LegacyCircuitBreaker;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly metrics?: LegacyCallObserver;

  constructor(options: LegacyHttpOptions) {
    this.system = assertSystem(options.system);
    this.settings = checkedSettings(options);
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.breaker = new LegacyCircuitBreaker({
      consecutiveFailures: this.settings.breakerConsecutiveFailures,
      halfOpenAfterMs: this.settings.breakerHalfOpenAfterMs,
      onChange: (phase) => {
        if (phase === 'open')
          options.logger?.warn('legacy circuit open: failing fast', { system: this.system, halfOpenAfterMs: this.settings.breakerHalfOpenAfterMs });
        if (phase === 'closed') options.logger?.info('legacy circuit closed: calls resumed', { system: this.system });
      },
    });
    this.metrics = options.metrics;
    this.metrics?.watchCircuit(this);
    if (options.transport) {
      this.axios = options.transport;
    } else {
      // One keep-alive agent for every legacy client of the process (its pools are per host anyway); own only on request.
      this.ownAgent = options.maxSockets !== undefined;
      this.agent = this.ownAgent ? legacyAgent(options.maxSockets!) : sharedLegacyAgent();
      const url = new URL(options.baseURL);
      this.origin = `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}:`;
      this.axios = axios.create({
        baseURL: options.baseURL,
        timeout: this.settings.timeoutMs,
        httpAgent: this.agent,
        validateStatus: () => true,
        transitional: { clarifyTimeoutError: true },
      });
    }
  }

  /** The circuit's phase now: 'open' means calls fail at once with LegacyError unavailable "circuit open". */
  get circuit(): CircuitPhase {
    return this.breaker.phase;
  }

  /**
   * Sends a request; a non-2xx status is returned, not thrown, so protocol clients can read
   * faults. A read is retried while the system fails; the last answer (or error) is the result.
   */
  async request<T = unknown>(config: AxiosRequestConfig, call: LegacyCallOptions = {}): Promise<AxiosResponse<T>> {
    // One CLIENT span per call, its retries included: system, call kind, outcome and retries; never the path (it can hold a CPR number).
    const method = (config.method ?? 'GET').toUpperCase();
    const attributes = {
      [SPAN_ATTRIBUTES.legacySystem]: this.system,
      [SPAN_ATTRIBUTES.legacyCallKind]: callKindOf(config.method, call.kind),
      [SPAN_ATTRIBUTES.httpMethod]: method,
    };
    return inSpan(`legacy ${this.system} ${method}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
      const retries = { count: 0 };
      const ended = (outcome: string, status?: number) => {
        if (!span.isRecording()) return;
        span.setAttribute(SPAN_ATTRIBUTES.outcome, outcome);
        span.setAttribute(SPAN_ATTRIBUTES.resendCount, retries.count);
        if (status !== undefined) span.setAttribute(SPAN_ATTRIBUTES.httpStatus, status);
        if (outcome !== 'success') markFailed(span, outcome);
      };
      try {
        const response = await this.measuredRequest<T>(config, call, retries);
        ended((call.systemFailed ?? isServerError)(response) ? 'error' : 'success', response.status);
        return response;
      } catch (error) {
        ended(error instanceof LegacyError ? error.kind : 'error');
        throw error;
      }
    });
  }

  private async measuredRequest<T>(config: AxiosRequestConfig, call: LegacyCallOptions, retries: { count: number }): Promise<AxiosResponse<T>> {
    if (!this.metrics) return this.requestWithRetries<T>(config, call, retries);
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const response = await this.requestWithRetries<T>(config, call, retries);
      this.metrics.callEnded(this.system, seconds(), (call.systemFailed ?? isServerError)(response) ? 'error' : 'success');
      return response;
    } catch (error) {
      this.metrics.callEnded(this.system, seconds(), error instanceof LegacyError ? error.kind : 'error');
      throw error;
    }
  }

  private async requestWithRetries<T>(config: AxiosRequestConfig, call: LegacyCallOptions, retries: { count: number }): Promise<AxiosResponse<T>> {
    const kind = callKindOf(config.method, call.kind);
    const systemFailed = call.systemFailed ?? isServerError;
    const started = performance.now();
    let previous: Attempt<T> | undefined;
    for (let retry = 0; ; retry += 1) {
      retries.count = retry;
      let attempt: Attempt<T>;
      try {
        attempt = await this.breaker.attempt(() => this.send<T>(config, systemFailed));
      } catch (error) {
        if (!(error instanceof CircuitOpenError)) throw error;
        // Opened while we were retrying: the system's own last answer says more than "circuit open".
        if (previous) return outcome(previous);
        throw new LegacyError(this.system, 'unavailable', 'circuit open');
      }
      previous = attempt;
      if (!attempt.failed || kind === 'write' || retry >= this.settings.retries) return outcome(attempt);
      const delay = fullJitterDelayMs(retry + 1, this.settings.retryBaseDelayMs, this.settings.retryMaxDelayMs, this.random);
      if (performance.now() - started + delay + this.settings.timeoutMs >= this.settings.retryBudgetMs) return outcome(attempt);
      await this.sleep(delay);
    }
  }

  /** Closes this client's connections: its own agent, or its host's sockets in the shared one (other systems keep theirs). */
  close(): void {
    if (!this.agent) return;
    if (this.ownAgent) {
      this.agent.destroy();
      return;
    }
    for (const pool of [this.agent.freeSockets, this.agent.sockets] as const) {
      for (const [name, sockets] of Object.entries(pool)) if (this.origin && name.startsWith(this.origin)) for (const socket of sockets ?? []) socket.destroy();
    }
  }

  private async send<T>(config: AxiosRequestConfig, systemFailed: (response: AxiosResponse) => boolean): Promise<Attempt<T>> {
    try {
      // The call's span goes along as W3C trace context (traceparent); tracing off, the headers are unchanged.
      // The request's id goes along too (x-request-id), so the agency's own logs can be matched with ours.
      const requestId = currentRequestId();
      const withId =
        requestId && !(config.headers && 'x-request-id' in (config.headers as object))
          ? { ...(config.headers as object), 'x-request-id': requestId }
          : config.headers;
      const headers = withTraceContext(withId);
      const response = await this.axios.request<T>({ validateStatus: () => true, ...config, ...(headers === config.headers ? {} : { headers }) });
      return { failed: systemFailed(response), response };
    } catch (error) {
      return { failed: true, error: this.toLegacyError(error) };
    }
  }

  private toLegacyError(error: unknown): LegacyError {
    if (error instanceof LegacyError) return error;
    if (isAxiosError(error)) {
      if (error.code === 'ETIMEDOUT' || error.code === 'ECONNABORTED') return new LegacyError(this.system, 'timeout', 'no answer within the timeout');
      return new LegacyError(this.system, 'unavailable', error.code ?? error.message);
    }
    return new LegacyError(this.system, 'unavailable', messageOf(error));
  }
}

function outcome<T>(attempt: Attempt<T>): AxiosResponse<T> {
  if ('error' in attempt) throw attempt.error;
  return attempt.response;
}

function isServerError(response: AxiosResponse): boolean {
  return response.status >= 500;
}

function assertSystem(system: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(system)) throw new Error(`LegacyHttp: system must be a lowercase name like "tax", got ${JSON.stringify(system)}`);
  return system;
}

function checkedSettings(options: LegacyHttpOptions): Required<LegacyResilienceOptions> {
  const pick = <K extends keyof typeof DEFAULT_LEGACY_HTTP_OPTIONS & keyof LegacyResilienceOptions>(key: K): number =>
    options[key] ?? DEFAULT_LEGACY_HTTP_OPTIONS[key];
  const timeoutMs = pick('timeoutMs');
  const settings = {
    timeoutMs,
    retries: pick('retries'),
    retryBaseDelayMs: pick('retryBaseDelayMs'),
    retryMaxDelayMs: pick('retryMaxDelayMs'),
    retryBudgetMs: options.retryBudgetMs ?? 2 * timeoutMs,
    breakerConsecutiveFailures: pick('breakerConsecutiveFailures'),
    breakerHalfOpenAfterMs: pick('breakerHalfOpenAfterMs'),
  };
  const fail = (key: string, rule: string, value: number) => {
    throw new Error(`LegacyHttp(${options.system}): ${key} must be ${rule}, got ${value}`);
  };
  if (!(settings.timeoutMs > 0)) fail('timeoutMs', '> 0 milliseconds', settings.timeoutMs);
  if (!Number.isInteger(settings.retries) || settings.retries < 0) fail('retries', 'a whole number >= 0', settings.retries);
  if (!(settings.retryBaseDelayMs >= 0)) fail('retryBaseDelayMs', '>= 0 milliseconds', settings.retryBaseDelayMs);
  if (!(settings.retryMaxDelayMs >= settings.retryBaseDelayMs))
    fail('retryMaxDelayMs', `>= retryBaseDelayMs (${settings.retryBaseDelayMs})`, settings.retryMaxDelayMs);
  if (!(settings.retryBudgetMs > 0)) fail('retryBudgetMs', '> 0 milliseconds', settings.retryBudgetMs);
  if (!Number.isInteger(settings.breakerConsecutiveFailures) || settings.breakerConsecutiveFailures < 1) {
    fail('breakerConsecutiveFailures', 'a whole number >= 1', settings.breakerConsecutiveFailures);
  }
  if (!(settings.breakerHalfOpenAfterMs > 0)) fail('breakerHalfOpenAfterMs', '> 0 milliseconds', settings.breakerHalfOpenAfterMs);
  return settings;
}

/** Legacy stand-ins are Node servers with a 5 s keepAliveTimeout; free sockets are dropped sooner. */
function legacyAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, keepAliveMsecs: 1000, maxSockets, timeout: 4000 });
}

let shared: http.Agent | undefined;
/** The process's one keep-alive agent for legacy calls. */
export function sharedLegacyAgent(): http.Agent {
  shared ??= legacyAgent(DEFAULT_LEGACY_HTTP_OPTIONS.maxSockets);
  return shared;
}
