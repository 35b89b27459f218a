/** Label values for GraphQL operation names, bounded: a client chooses names, Prometheus pays per series. */
export class OperationNames {
  private readonly seen = new Set<string>();

  constructor(private readonly maxNames = 100) {}

  /** "anonymous" without a name; "other" for a name past the limit, odd-looking, or carrying digits runs (could be a CPR number). */
  labelOf(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) || /\d{4,}/.test(name)) return 'other';
    if (this.seen.has(name)) return name;
    if (this.seen.size >= this.maxNames) return 'other';
    this.seen.add(name);
    return name;
  }
}
