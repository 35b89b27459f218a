import type { GraphQLSchema } from 'graphql';
import { type Allowance, allowanceForChange, allowanceForOperation, describeAllowance } from './allowedBreakingChanges';
import { composeSupergraph, type SubgraphEntry } from './composeSupergraph';
import { type CompositionProblem, compositionProblems } from './compositionProblems';
import { type ClientOperation, type OperationProblem, operationProblems } from './operationChecks';
import { type SchemaChange, schemaChanges } from './schemaChanges';

export interface SchemaCheckInput {
  /** The subgraphs as they are now (supergraph.yaml's entries). */
  readonly subgraphs: readonly SubgraphEntry[];
  /** The supergraph clients use today: the checked-in schema/supergraph.graphql, or the one at a git ref. */
  readonly baselineSupergraphSdl: string;
  /** The operations clients ship (operations/*.graphql). */
  readonly operations: readonly ClientOperation[];
  /** schema/allowed-breaking-changes.json's entries. */
  readonly allowances: readonly Allowance[];
  /** `--allow-breaking "reason"`: every breaking change and broken operation of this run is allowed. */
  readonly allowBreaking?: string;
  /**
   * The API schema (what clients see) of a supergraph: the gateway's own apiSchemaOf
   * (gateway/persisted/apiSchema.ts), passed in by the caller so that schema/ does not import
   * the gateway, which stands above it.
   */
  readonly apiSchemaOf: (supergraphSdl: string) => Promise<GraphQLSchema>;
}

/** How a breaking change or broken operation came to be allowed: the allow-list entry or the flag, with the reason. */
export interface Allowed {
  readonly by: string;
  readonly reason: string;
}

export type CheckedChange = SchemaChange & { readonly allowed?: Allowed };
export type CheckedOperation = OperationProblem & { readonly allowed?: Allowed };

export interface SchemaCheckResult {
  /** Non-empty: the subgraphs do not compose, and nothing else was checked. */
  readonly composition: readonly CompositionProblem[];
  /** Every change to the API schema, breaking first. */
  readonly changes: readonly CheckedChange[];
  /** The client operations that do not validate against the new API schema. */
  readonly operations: readonly CheckedOperation[];
  /** Allow-list entries that matched nothing (the change has shipped; remove them). */
  readonly unusedAllowances: readonly Allowance[];
  /** The composed supergraph, when composition succeeded. */
  readonly supergraphSdl?: string;
  /** Composes, and every breaking change and broken operation is allowed. */
  readonly passed: boolean;
}

/**
 * `npm run schema:check`: composes the subgraphs, compares the API schema (what clients see) with
 * the baseline's, and validates the clients' operations against it. Fails on a composition error,
 * on a BREAKING change (schemaChanges.ts) and on an operation that no longer validates, unless
 * allowed; DANGEROUS and safe changes are listed and pass.
 */
export async function checkSchema(input: SchemaCheckInput): Promise<SchemaCheckResult> {
  const composed = composeSupergraph(input.subgraphs);
  if (!composed.ok) {
    return { composition: compositionProblems(input.subgraphs, composed.errors), changes: [], operations: [], unusedAllowances: [], passed: false };
  }
  const [before, after] = await Promise.all([input.apiSchemaOf(input.baselineSupergraphSdl), input.apiSchemaOf(composed.supergraphSdl)]);
  const used = new Set<Allowance>();
  const allow = (allowance: Allowance | undefined): Allowed | undefined => {
    if (allowance) {
      used.add(allowance);
      return { by: `schema/allowed-breaking-changes.json: ${describeAllowance(allowance)}`, reason: allowance.reason };
    }
    return input.allowBreaking !== undefined ? { by: '--allow-breaking', reason: input.allowBreaking } : undefined;
  };

  const changes: CheckedChange[] = (await schemaChanges(before, after)).map((change) => {
    if (change.level !== 'BREAKING') return change;
    const allowed = allow(allowanceForChange(input.allowances, change));
    return allowed ? { ...change, allowed } : change;
  });
  const operations: CheckedOperation[] = operationProblems(after, input.operations).map((problem) => {
    const allowed = allow(allowanceForOperation(input.allowances, problem.operation));
    return allowed ? { ...problem, allowed } : problem;
  });
  const passed = changes.every((c) => c.level !== 'BREAKING' || c.allowed) && operations.every((o) => o.allowed);
  return {
    composition: [],
    changes,
    operations,
    unusedAllowances: input.allowances.filter((a) => !used.has(a)),
    supergraphSdl: composed.supergraphSdl,
    passed,
  };
}
