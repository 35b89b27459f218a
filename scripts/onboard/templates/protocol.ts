import type { SystemNames } from '../names';
import type { ScaffoldPlan } from './subgraph';

/**
 * What differs between protocols: the client, how main.ts and wiring.ts build it, the stand-in
 * that plays the agency's system, and how the generated tests start it and count its calls.
 */
export interface ProtocolTemplate {
  /** File name of the client in subgraphs/<name>/. */
  clientFile(names: SystemNames): string;
  /** Module path of the client (the file without .ts). */
  clientModule(names: SystemNames): string;
  clientClass(names: SystemNames): string;
  clientTs(plan: ScaffoldPlan): string;
  mainTs(plan: ScaffoldPlan): string;
  /** config.ts: the service's settings, validated at start and documented (platform/config.ts). */
  configTs(plan: ScaffoldPlan): string;
  wiringTs(plan: ScaffoldPlan): string;
  /** legacy/<name>/...: path (from the repository root) to text. */
  legacyFiles(plan: ScaffoldPlan): Record<string, string>;
  /** Pieces of the generated test. */
  readonly test: TestHarness;
}

export interface TestHarness {
  /** Import lines the test needs for its legacy system and client. */
  imports(plan: ScaffoldPlan): string;
  /** Statements inside beforeAll that start the legacy system (into `legacy`) and declare `makeClient(timeoutMs)`. */
  declarations(plan: ScaffoldPlan): string;
  setUp(plan: ScaffoldPlan): string;
  tearDown(plan: ScaffoldPlan): string;
  /** An expression: the CPR lists of the legacy batch reads made since the last reset. */
  lookups(plan: ScaffoldPlan): string;
  /** An expression: how many filings the legacy system received since the last reset. */
  filings(plan: ScaffoldPlan): string;
  /** Statements that forget the recorded calls. */
  reset(plan: ScaffoldPlan): string;
  /** Statements that make the legacy system slower than the client's timeout; undefined when it cannot (a database). */
  slow?(plan: ScaffoldPlan): string;
}

export function clientClassName(names: SystemNames): string {
  return `${names.pascal}Client`;
}
