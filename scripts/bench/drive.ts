import autocannon from 'autocannon';

/** One HTTP request of a workload: the i-th of the run. */
export interface WorkloadRequest {
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface DriveOptions {
  readonly url: string;
  readonly connections: number;
  /** Requests in all; the run ends when they are answered. Or: */
  readonly amount?: number;
  /** Seconds to run, cycling through the workload's requests. */
  readonly seconds?: number;
  /** Whether the i-th request's answer is the right data (peer workloads: the citizen asked for); a wrong one counts as a failure too. */
  readonly check?: (i: number, body: string) => boolean;
  readonly request: (i: number) => WorkloadRequest;
  /** Shows autocannon's progress bar on stderr. */
  readonly progress: boolean;
}

export interface Driven {
  readonly requests: number;
  readonly failures: number;
  readonly wrongAnswers: number;
  /** What the first failed answer said (status and the start of its body), to tell timeouts from refusals. */
  readonly firstFailure?: string;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number };
}

/**
 * Drives one workload with autocannon at fixed concurrency for a fixed number of requests. A
 * failure is any non-200 answer or a 200 whose body carries GraphQL errors. Percentiles are taken
 * from every response time (autocannon's own table has no p95).
 */
export async function drive(options: DriveOptions): Promise<Driven> {
  let next = 0;
  let graphqlErrors = 0;
  let wrongAnswers = 0;
  let firstFailure: string | undefined;
  const times: number[] = [];
  // Our own clock from the first request to the last answer: autocannon's duration runs on its one-second ticks.
  let firstSent = Number.NaN;
  let lastAnswered = Number.NaN;
  // Without a callback autocannon returns its instance (an event emitter) made thenable; its types see only the promise.
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.seconds ?? 10 }),
    timeout: 30,
    requests: [
      {
        method: 'POST',
        setupRequest: (request, context: { index?: number }) => {
          if (Number.isNaN(firstSent)) firstSent = performance.now();
          // One request in flight per connection: the context says which one an answer is for.
          context.index = next;
          const { headers, body } = options.request(next++);
          return { ...request, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body };
        },
        onResponse: (status, body, context: { index?: number }) => {
          if ((status !== 200 || body.includes('"errors"')) && firstFailure === undefined) firstFailure = `${status} ${body.slice(0, 200)}`;
          if (status === 200 && body.includes('"errors"')) graphqlErrors++;
          else if (status === 200 && options.check && context.index !== undefined && !options.check(context.index, body)) wrongAnswers++;
        },
      },
    ],
  }) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    times.push(responseTime);
    lastAnswered = performance.now();
  });
  if (options.progress) autocannon.track(instance, { renderResultsTable: false, renderLatencyTable: false, outputStream: process.stderr });
  const result = await instance;
  times.sort((a, b) => a - b);
  const pct = (p: number) => (times.length ? times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] : Number.NaN);
  const requests = result.requests.total;
  const seconds = Number.isNaN(lastAnswered) ? result.duration : (lastAnswered - firstSent) / 1000;
  return {
    requests,
    failures: result.non2xx + result.errors + result.timeouts + graphqlErrors + wrongAnswers,
    wrongAnswers,
    ...(firstFailure !== undefined ? { firstFailure } : result.timeouts > 0 ? { firstFailure: `${result.timeouts} client timeouts (30 s)` } : {}),
    seconds,
    requestsPerSecond: requests / seconds,
    latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99) },
  };
}
