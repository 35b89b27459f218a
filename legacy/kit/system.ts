import type { Clock } from '../../platform/clock';
import type { SqlClient } from '../../platform/sql';
import type { Population } from '../population/types';
import type { FaultSettings } from './faults';
import type { RunningStandIn } from './standIn';

/**
 * What the local stack needs from a legacy stand-in: every folder legacy/<name>/ of a system in the
 * registry (systems/registry.ts) exports `system` from system.ts. A server stand-in is started on a
 * port; a database system (protocol "sql") has its schema and synthetic data installed into a database.
 */
export interface StandInStartOptions {
  readonly population: Population;
  /** 0 picks a free port (tests). */
  readonly port?: number;
  readonly faults?: Partial<FaultSettings>;
  /** The agency's clock (the stack's one clock). */
  readonly clock?: Clock;
}

export type LegacySystemModule =
  | { readonly kind: 'server'; start(options: StandInStartOptions): Promise<RunningStandIn> }
  | { readonly kind: 'database'; install(sql: SqlClient, population: Population): Promise<{ readonly seeded: boolean; readonly seconds: number }> };
