/** What the gateway knows about one request; built once per request in server.ts. */
export interface GatewayContext {
  readonly requestId: string;
  /** Headers passed to every subgraph call of this request (e.g. the signed caller context). */
  readonly subgraphHeaders?: Readonly<Record<string, string>>;
}
