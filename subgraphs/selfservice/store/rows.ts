/** Turning database values into the plain JSON shapes the stores return. */

/** A timestamptz as an ISO instant; drivers give a Date (from PGlite, a Date of another realm). */
export function isoInstant(value: unknown): string {
  return new Date(value as string | number | Date).toISOString();
}

export function isoInstantOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : isoInstant(value);
}

/** Date columns are selected as ::text, so they arrive as 'YYYY-MM-DD' or null. */
export function dateOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

export function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value).trim();
}
