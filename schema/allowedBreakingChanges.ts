import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Breaking changes a team has decided to ship, each with its reason, in
 * schema/allowed-breaking-changes.json (reviewed with the change that needs it):
 *
 *   { "allowed": [
 *       { "coordinate": "Citizen.spouse", "change": "FIELD_REMOVED", "reason": "..." },
 *       { "operation": "FamilyTree", "reason": "..." } ] }
 *
 * A `coordinate` entry allows the breaking changes at that schema coordinate (Type, Type.field,
 * Type.field.argument, Enum.VALUE), only those of graphql-inspector change type `change` when
 * given. An `operation` entry allows that client operation (its name, as in operations/) to stop
 * validating. Every entry needs a reason of at least 10 characters.
 */
export const ALLOWED_BREAKING_CHANGES_FILE = path.join(__dirname, 'allowed-breaking-changes.json');

export type Allowance =
  | { readonly coordinate: string; readonly change?: string; readonly reason: string }
  | { readonly operation: string; readonly reason: string };

const MIN_REASON = 10;

/** Reads and validates the allow-list; a missing file allows nothing. Throws naming the bad entry. */
export function readAllowances(file = ALLOWED_BREAKING_CHANGES_FILE): Allowance[] {
  if (!existsSync(file)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const allowed = (parsed as { allowed?: unknown })?.allowed;
  if (!Array.isArray(allowed)) throw new Error(`${file}: expected { "allowed": [ ... ] }`);
  return allowed.map((entry, i) => allowanceOf(entry, `${file}: allowed[${i}]`));
}

function allowanceOf(entry: unknown, where: string): Allowance {
  if (!entry || typeof entry !== 'object') throw new Error(`${where}: expected an object`);
  const { coordinate, change, operation, reason } = entry as Record<string, unknown>;
  if (typeof reason !== 'string' || reason.trim().length < MIN_REASON) {
    throw new Error(`${where}: needs a "reason" (at least ${MIN_REASON} characters) saying why clients may break`);
  }
  if ((typeof coordinate === 'string') === (typeof operation === 'string')) {
    throw new Error(`${where}: needs exactly one of "coordinate" (e.g. "Citizen.spouse") or "operation" (e.g. "FamilyTree")`);
  }
  if (change !== undefined && typeof change !== 'string') throw new Error(`${where}: "change" must be a graphql-inspector change type, e.g. "FIELD_REMOVED"`);
  if (typeof operation === 'string') return { operation, reason: reason.trim() };
  return { coordinate: coordinate as string, ...(change ? { change } : {}), reason: reason.trim() };
}

/** The allowance covering a breaking schema change, if any. */
export function allowanceForChange(allowances: readonly Allowance[], change: { coordinate: string; type: string }): Allowance | undefined {
  return allowances.find((a) => 'coordinate' in a && a.coordinate === change.coordinate && (a.change === undefined || a.change === change.type));
}

/** The allowance covering an operation that no longer validates, if any. */
export function allowanceForOperation(allowances: readonly Allowance[], operation: string): Allowance | undefined {
  return allowances.find((a) => 'operation' in a && a.operation === operation);
}

export function describeAllowance(allowance: Allowance): string {
  return 'operation' in allowance ? `operation ${allowance.operation}` : `${allowance.coordinate}${allowance.change ? ` (${allowance.change})` : ''}`;
}
