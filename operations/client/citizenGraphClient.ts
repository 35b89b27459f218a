import type { TypedOperation } from '../generated/graphql';

/** A GraphQL error as the gateway sends it (docs/api-errors.md lists the codes). */
export interface GraphError {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: string; readonly reason?: string; readonly [key: string]: unknown };
}

/** Data and errors side by side: a field that failed is null with an error naming it, the rest still arrives. */
export interface GraphResult<TResult> {
  readonly status: number;
  readonly data: TResult | null;
  readonly errors: readonly GraphError[];
}

export interface CitizenGraphClientOptions {
  /** The gateway's GraphQL URL, e.g. http://127.0.0.1:4000/graphql. */
  readonly url: string;
  /** The caller's OIDC access token; without it only public data (the service catalogue) answers. */
  readonly token?: string;
  /** CPR number of the citizen acted for (x-act-for): a delegate, a parent, a caseworker naming the citizen served. */
  readonly actFor?: string;
  readonly fetch?: typeof fetch;
}

/**
 * The example typed client frontend teams copy: run a generated operation (operations/generated)
 * and get its result type back. Errors are returned, never thrown, since partial data is normal.
 */
export class CitizenGraphClient {
  constructor(private readonly options: CitizenGraphClientOptions) {}

  /** The same client acting for another citizen. */
  actingFor(cpr: string): CitizenGraphClient {
    return new CitizenGraphClient({ ...this.options, actFor: cpr });
  }

  async execute<TResult, TVariables>(operation: TypedOperation<TResult, TVariables>, variables: TVariables): Promise<GraphResult<TResult>> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    if (this.options.actFor) headers['x-act-for'] = this.options.actFor;
    const response = await (this.options.fetch ?? fetch)(this.options.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ operationName: operation.operationName, query: operation.query, variables }),
    });
    const body = (await response.json()) as { data?: TResult | null; errors?: GraphError[] };
    return { status: response.status, data: body.data ?? null, errors: body.errors ?? [] };
  }
}

/** The codes of a result's errors, for branching on (UNAUTHENTICATED, FORBIDDEN, DIGITAL_SELF_SERVICE_REQUIRED, ...). */
export function errorCodes(result: GraphResult<unknown>): string[] {
  return result.errors.map((e) => e.extensions?.code ?? 'UNKNOWN');
}
