/** One stale answer served in a response: which system, what kind of record, how old. */
export interface StaleServe {
  readonly legacySystem: string;
  readonly kind: string;
  readonly ageSeconds: number;
}

/**
 * Per-request record of stale-if-error serves. The subgraph puts it in the response's
 * `extensions.staleData`, and the gateway passes it on to the client.
 */
export class FreshnessReport {
  private readonly serves = new Map<string, StaleServe>();

  add(serve: StaleServe): void {
    const id = `${serve.legacySystem}/${serve.kind}`;
    const existing = this.serves.get(id);
    if (!existing || existing.ageSeconds < serve.ageSeconds) this.serves.set(id, serve);
  }

  list(): StaleServe[] {
    return [...this.serves.values()];
  }
}
