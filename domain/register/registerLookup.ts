import type { CprClient } from './cprClient';

/**
 * What a subgraph other than citizen may ask the population register: which CPR numbers it
 * knows, and their names for screening text. Nothing else about the people behind them leaves
 * this interface.
 */
export interface RegisterLookup {
  /** The numbers among `cprs` (normalized, ten digits) the register knows; a LegacyError naming "cpr" when it cannot answer. */
  known(cprs: readonly string[]): Promise<ReadonlySet<string>>;
  /**
   * The names ("first middle last") the register holds for `cprs`, absent when it knows no one by
   * that number; a LegacyError naming "cpr" when it cannot answer. Only to screen free text for
   * names it must not show (a rating's comment): never returned to a caller.
   */
  names(cprs: readonly string[]): Promise<ReadonlyMap<string, string>>;
}

/** A RegisterLookup over the register's one client: one batched lookup, only the numbers (or names) kept. */
export function registerLookup(client: Pick<CprClient, 'lookup'>): RegisterLookup {
  return {
    async known(cprs) {
      const persons = await client.lookup(cprs);
      return new Set(cprs.filter((cpr) => persons.has(cpr)));
    },
    async names(cprs) {
      const persons = await client.lookup(cprs);
      return new Map([...persons].map(([cpr, p]) => [cpr, [p.name.first, p.name.middle, p.name.last].filter(Boolean).join(' ')]));
    },
  };
}
