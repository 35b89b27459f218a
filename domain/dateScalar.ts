import { ErrorCode } from '../platform/errors';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether text is a real calendar date in ISO form (YYYY-MM-DD). */
export function isIsoDate(text: string): boolean {
  return isoDateProblem(text) === undefined;
}

/** Why a value is not a calendar date written YYYY-MM-DD, for the client; undefined when it is one. */
export function isoDateProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'a Date must be given as a string, YYYY-MM-DD';
  const match = ISO_DATE.exec(value);
  if (!match) return `a Date is written YYYY-MM-DD, got ${JSON.stringify(value)}`;
  const [y, m, d] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return `${value} is not a day in the calendar`;
  return undefined;
}

/** The `Date` scalar: a calendar date, ISO 8601 (YYYY-MM-DD), no time zone. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date in ISO 8601 form, YYYY-MM-DD, with no time or time zone.',
  serialize: (value) => String(value),
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

function parseDate(value: unknown): string {
  const reason = isoDateProblem(value);
  if (reason !== undefined) throw new GraphQLError(`Invalid Date: ${reason}.`, { extensions: { code: ErrorCode.BAD_USER_INPUT, reason } });
  return value as string;
}
