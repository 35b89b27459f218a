import type { CprClient } from './cprClient';

/**
 * What a subgraph other than citizen may ask the population register: which CPR numbers it
 * knows. Nothing about the people behind them leaves this interface.
 */
export interface RegisterLookup {
  /** The numbers among `cprs` (normalized, ten digits) the register knows; a LegacyError naming "cpr" when it cannot answer. */
  known(cprs: readonly string[]): Promise<ReadonlySet<string>>;
}

/** A RegisterLookup over the register's one client: one batched lookup, only the numbers kept. */
export function registerLookup(client: Pick<CprClient, 'lookup'>): RegisterLookup {
  return {
    async known(cprs) {
      const persons = await client.lookup(cprs);
      return new Set(cprs.filter((cpr) => persons.has(cpr)));
    },
  };
}
