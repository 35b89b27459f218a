import { ErrorCode } from '../../platform/errors';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/** The `DateTime` scalar: an ISO 8601 instant; output only in this subgraph, but input is checked too. */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An instant in ISO 8601 form with time zone, e.g. 2024-03-01T09:30:00.000Z.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: (value) => parseInstant(value),
  parseLiteral: (ast) => parseInstant(ast.kind === Kind.STRING ? ast.value : undefined),
});

function parseInstant(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new GraphQLError('A DateTime is an ISO 8601 instant with time zone, e.g. 2024-03-01T09:30:00Z.', { extensions: { code: ErrorCode.BAD_USER_INPUT } });
  }
  return new Date(value).toISOString();
}
