import http from 'node:http';
import axios, { type AxiosInstance, type AxiosRequestConfig, type AxiosResponse, isAxiosError } from 'axios';
import { LegacyError } from './errors';

export interface LegacyHttpOptions {
  /** The legacy system's name as clients see it in errors: "cpr", "tax", ... */
  readonly system: string;
  readonly baseURL: string;
  /** Per-call timeout in milliseconds. */
  readonly timeoutMs?: number;
  /** Inject a transport (an axios instance) to point the client anywhere, e.g. a wire-level fake. */
  readonly transport?: AxiosInstance;
  /** Sockets kept per legacy host. */
  readonly maxSockets?: number;
}

export const DEFAULT_LEGACY_HTTP_OPTIONS = { timeoutMs: 5000, maxSockets: 32 } as const;

/**
 * The one HTTP path to a legacy system: keep-alive, bounded sockets, a timeout, and every
 * failure turned into a LegacyError naming the system. Protocol clients (fixed-width, SOAP,
 * REST) sit on top of this and never see axios errors.
 */
export class LegacyHttp {
  readonly system: string;
  private readonly axios: AxiosInstance;
  private readonly agent?: http.Agent;

  constructor(options: LegacyHttpOptions) {
    this.system = assertSystem(options.system);
    const timeout = options.timeoutMs ?? DEFAULT_LEGACY_HTTP_OPTIONS.timeoutMs;
    if (!(timeout > 0)) throw new Error(`LegacyHttp(${options.system}): timeoutMs must be > 0 milliseconds, got ${timeout}`);
    if (options.transport) {
      this.axios = options.transport;
    } else {
      // Legacy stand-ins are Node servers with a 5 s keepAliveTimeout; free sockets are dropped sooner.
      this.agent = new http.Agent({ keepAlive: true, keepAliveMsecs: 1000, maxSockets: options.maxSockets ?? DEFAULT_LEGACY_HTTP_OPTIONS.maxSockets, timeout: 4000 });
      this.axios = axios.create({ baseURL: options.baseURL, timeout, httpAgent: this.agent, validateStatus: () => true, transitional: { clarifyTimeoutError: true } });
    }
  }

  /** Sends a request; a non-2xx status is returned, not thrown, so protocol clients can read faults. */
  async request<T = unknown>(config: AxiosRequestConfig): Promise<AxiosResponse<T>> {
    try {
      return await this.axios.request<T>({ validateStatus: () => true, ...config });
    } catch (error) {
      throw this.toLegacyError(error);
    }
  }

  close(): void {
    this.agent?.destroy();
  }

  private toLegacyError(error: unknown): LegacyError {
    if (error instanceof LegacyError) return error;
    if (isAxiosError(error)) {
      if (error.code === 'ETIMEDOUT' || error.code === 'ECONNABORTED') return new LegacyError(this.system, 'timeout', 'no answer within the timeout');
      return new LegacyError(this.system, 'unavailable', error.code ?? error.message);
    }
    return new LegacyError(this.system, 'unavailable', error instanceof Error ? error.message : String(error));
  }
}

function assertSystem(system: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(system)) throw new Error(`LegacyHttp: system must be a lowercase name like "tax", got ${JSON.stringify(system)}`);
  return system;
}
