import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validate } from '@graphql-inspector/core';
import { type GraphQLError, type GraphQLSchema, Kind, parse, Source } from 'graphql';

/** The operations clients ship: operations/*.graphql (the ones scripts/codegen.ts types). */
export const OPERATIONS_DIR = path.join(__dirname, '..', 'operations');

export interface ClientOperation {
  /** The operation's name (the file's name when the document names none). */
  readonly name: string;
  /** The file, as reported: relative to the working directory. */
  readonly file: string;
  readonly source: Source;
}

/** An operation the new API schema no longer accepts, with graphql's validation messages. */
export interface OperationProblem {
  readonly operation: string;
  readonly file: string;
  readonly errors: readonly { readonly message: string; readonly line?: number; readonly column?: number }[];
}

/** Every *.graphql file of `dir`, sorted by name. */
export function readClientOperations(dir = OPERATIONS_DIR): ClientOperation[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => {
      const absolute = path.join(dir, f);
      const file = path.relative(process.cwd(), absolute) || absolute;
      const source = new Source(readFileSync(absolute, 'utf8'), file);
      return { name: operationName(source) ?? path.basename(f, '.graphql'), file, source };
    });
}

/**
 * The operations that do not validate against `schema` (graphql-inspector's validate: the
 * standard rules, across files so fragments may live apart). Using a deprecated field is not a
 * failure here; removing it later is.
 */
export function operationProblems(schema: GraphQLSchema, operations: readonly ClientOperation[]): OperationProblem[] {
  const byFile = new Map(operations.map((o) => [o.source.name, o]));
  const unparsable: OperationProblem[] = [];
  const parsable = operations.filter((o) => {
    try {
      parse(o.source);
      return true;
    } catch (error) {
      unparsable.push({ operation: o.name, file: o.file, errors: [messageOf(error as GraphQLError)] });
      return false;
    }
  });
  const invalid = validate(
    schema,
    parsable.map((o) => o.source),
    { strictDeprecated: false },
  )
    .filter((document) => document.errors.length > 0)
    .map((document) => {
      const operation = byFile.get(document.source.name);
      return {
        operation: operation?.name ?? document.source.name,
        file: operation?.file ?? document.source.name,
        errors: document.errors.map(messageOf),
      };
    });
  return [...unparsable, ...invalid];
}

function messageOf(error: GraphQLError): OperationProblem['errors'][number] {
  return { message: error.message, line: error.locations?.[0]?.line, column: error.locations?.[0]?.column };
}

function operationName(source: Source): string | undefined {
  try {
    for (const d of parse(source).definitions) if (d.kind === Kind.OPERATION_DEFINITION && d.name) return d.name.value;
  } catch {
    // A file that does not parse is reported by validate, under its file name.
  }
  return undefined;
}
