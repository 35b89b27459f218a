import { ErrorCode } from '../platform/errors';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { parseCpr } from './cpr';

/** The `CPR` scalar: accepts DDMMYYSSSS or DDMMYY-SSSS, serializes as ten digits. */
export const CprScalar = new GraphQLScalarType<string, string>({
  name: 'CPR',
  description:
    'A Danish personal identification number (CPR), ten digits, DDMMYYSSSS; a hyphen after ' +
    'the date is accepted on input. Numbers failing the old modulus-11 check are valid.',
  serialize: (value) => String(value),
  parseValue: (value) => parseOrThrow(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw invalidCpr('a CPR number must be given as a string');
    return parseOrThrow(ast.value);
  },
});

function parseOrThrow(value: unknown): string {
  if (typeof value !== 'string') throw invalidCpr('a CPR number must be given as a string');
  const parsed = parseCpr(value);
  if (!parsed.ok) throw invalidCpr(parsed.reason);
  return parsed.value.cpr;
}

function invalidCpr(reason: string): GraphQLError {
  return new GraphQLError(`Invalid CPR number: ${reason}.`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, reason },
  });
}
