import { EventEmitter } from 'node:events';
import { STATUS_CODES } from 'node:http';
import type { Fetcher } from '@apollo/utils.fetcher';
import { type Dispatcher, request } from 'undici';

type RawHeaders = Readonly<Record<string, string | string[] | undefined>>;

/**
 * A subgraph's answer, read whole: the part of a fetch Response that Apollo Gateway's data source
 * and the gateway's own layers use (status, ok, headers.get/forEach, text, json), without the
 * WHATWG Request/Response, Headers and stream objects a fetch builds per call.
 */
export class FetchedAnswer {
  readonly ok: boolean;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null; forEach(each: (value: string, name: string) => void): void };

  constructor(
    readonly status: number,
    raw: RawHeaders,
    private readonly body: string,
    readonly url = '',
  ) {
    this.ok = status >= 200 && status < 300;
    this.statusText = STATUS_CODES[status] ?? '';
    const joined = (value: string | string[] | undefined) => (value === undefined ? null : Array.isArray(value) ? value.join(', ') : value);
    this.headers = {
      get: (name) => joined(raw[name.toLowerCase()]),
      forEach: (each) => {
        for (const [name, value] of Object.entries(raw)) {
          const text = joined(value);
          if (text !== null) each(text, name);
        }
      },
    };
  }

  async text(): Promise<string> {
    return this.body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body);
  }
}

/**
 * The gateway's fetcher for subgraph calls: undici's `request` on the gateway's one dispatcher
 * (keep-alive pool, TLS), the whole answer read, cut off after timeoutMs (an AbortError, which the
 * data source reports as SUBGRAPH_TIMEOUT). The deadline is an EventEmitter undici listens to, not
 * an AbortController, which Node makes costly per call.
 */
export function requestFetcher(dispatcher: Dispatcher, timeoutMs: number): Fetcher {
  return (async (url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) => {
    const deadline = new EventEmitter();
    const timer = setTimeout(() => deadline.emit('abort'), timeoutMs);
    try {
      const answer = await request(url, {
        dispatcher,
        method: (init.method ?? 'POST') as Dispatcher.HttpMethod,
        headers: init.headers,
        body: init.body,
        signal: deadline,
      });
      return new FetchedAnswer(answer.statusCode, answer.headers, await answer.body.text(), url);
    } finally {
      clearTimeout(timer);
    }
  }) as unknown as Fetcher;
}
