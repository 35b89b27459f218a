import { type Change, CriticalityLevel, diff } from '@graphql-inspector/core';
import type { GraphQLSchema } from 'graphql';

/**
 * How a change to the API schema affects clients, as @graphql-inspector/core grades it:
 * BREAKING fails the check (a removed field, type, enum value or argument; a field's type changed,
 * including an output made nullable, which clients typed as non-null; an argument or input field
 * made required, or a required one added), DANGEROUS is listed but passes (an enum value or union
 * member added, an optional argument added, a default value changed: clients may meet values they
 * do not handle), NON_BREAKING is listed as safe (a field, type or optional argument added, a
 * description changed).
 */
export type ChangeLevel = 'BREAKING' | 'DANGEROUS' | 'NON_BREAKING';

export interface SchemaChange {
  readonly level: ChangeLevel;
  /** graphql-inspector's change type, e.g. FIELD_REMOVED, FIELD_TYPE_CHANGED, FIELD_ARGUMENT_ADDED. */
  readonly type: string;
  /** The schema coordinate changed: Type, Type.field, Type.field.argument, Enum.VALUE. */
  readonly coordinate: string;
  readonly message: string;
  /** Why graphql-inspector grades it so, when it says. */
  readonly reason?: string;
}

/** The changes from the API schema clients see now to the one they would see; breaking ones first. */
export async function schemaChanges(before: GraphQLSchema, after: GraphQLSchema): Promise<SchemaChange[]> {
  const changes = await diff(before, after);
  const order: Record<ChangeLevel, number> = { BREAKING: 0, DANGEROUS: 1, NON_BREAKING: 2 };
  return changes.map(toSchemaChange).sort((a, b) => order[a.level] - order[b.level] || a.coordinate.localeCompare(b.coordinate));
}

function toSchemaChange(change: Change): SchemaChange {
  const level: ChangeLevel =
    change.criticality.level === CriticalityLevel.Breaking
      ? 'BREAKING'
      : change.criticality.level === CriticalityLevel.Dangerous
        ? 'DANGEROUS'
        : 'NON_BREAKING';
  return {
    level,
    type: String(change.type),
    coordinate: change.path ?? '',
    message: change.message,
    ...(change.criticality.reason ? { reason: change.criticality.reason } : {}),
  };
}
