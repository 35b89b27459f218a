import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { type ASTNode, type DocumentNode, type GraphQLError, Kind, parse, Source } from 'graphql';
import type { SubgraphEntry } from './composeSupergraph';

/** Where in a subgraph's SDL file a composition error points. */
export interface ProblemLocation {
  readonly subgraph: string;
  /** The SDL file, relative to the working directory. */
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** The type (and field, argument or enum value) the location lies in, when it lies in one. */
  readonly type?: string;
  readonly field?: string;
}

/** One composition error, named by subgraph, type and field, with a hint for the common codes. */
export interface CompositionProblem {
  readonly code: string;
  /** The subgraph to fix: the one the error is raised in, or the odd one out of a mismatch. */
  readonly subgraph?: string;
  readonly type?: string;
  readonly field?: string;
  readonly message: string;
  readonly hint: string;
  readonly locations: readonly ProblemLocation[];
}

/**
 * What to do about the composition errors a subgraph author meets most. The rest point at
 * Apollo's list of composition errors; the code is the anchor there.
 */
const HINTS: Record<string, string> = {
  GRAPHQL_PARSE_FAILED: 'The SDL file is not valid GraphQL syntax; fix it at the line and column given.',
  INVALID_GRAPHQL:
    'The SDL is not a valid schema (the message says why). Commonly: a type is unknown (declare it, or copy it from schema/shared-types.graphql), a federation directive is used without being imported in the @link at the top of the file, or a field is declared twice.',
  FIELD_TYPE_MISMATCH:
    'A field that several subgraphs declare (a shared value type such as Money, or an entity field) must have the same type in each. Change it in every subgraph in one commit, or add a field under a new name and deprecate the old one.',
  ARGUMENT_TYPE_MISMATCH: 'An argument of a field that several subgraphs declare must have the same type in each; change it everywhere at once.',
  INVALID_FIELD_SHARING:
    'A field declared by more than one subgraph must be @shareable in each of them (value types copied from schema/shared-types.graphql already are), or be resolved by one subgraph only: give it to one and use @external/@requires in the others.',
  KEY_INVALID_FIELDS: 'The fields of @key must exist on the type in this subgraph; entities here are keyed by `cpr: CPR!` (type Citizen @key(fields: "cpr")).',
  KEY_FIELDS_SELECT_INVALID_TYPE: 'A @key may only select scalar, enum or object fields, not lists, interfaces or unions.',
  EXTERNAL_MISSING_ON_BASE: 'A field marked @external must be declared (without @external) by some other subgraph; check its spelling or drop the @external.',
  EXTERNAL_UNUSED: '@external fields must be used by a @key, @requires or @provides; drop the field or the @external.',
  TYPE_KIND_MISMATCH: 'A type name is used for different kinds (object vs interface vs input ...) in different subgraphs; rename one of them.',
  ENUM_VALUE_MISMATCH: 'An enum used in arguments or inputs must list the same values in every subgraph that declares it; add the value everywhere at once.',
  EMPTY_MERGED_ENUM_TYPE: 'The subgraphs declaring this enum share none of its values; give them the same values.',
  REQUIRED_ARGUMENT_MISSING_IN_SOME_SUBGRAPH:
    'A required argument must be declared by every subgraph declaring the field; add it everywhere, or make it optional with a default.',
  REQUIRED_INPUT_FIELD_MISSING_IN_SOME_SUBGRAPH:
    'A required input field must be declared by every subgraph declaring the input type; add it everywhere, or make it optional.',
  SATISFIABILITY_ERROR:
    'Some field cannot be reached by any query plan: the type it lives on needs a @key in this subgraph so the gateway can jump into it (entities here are keyed by cpr), or the field must be resolvable where clients reach it.',
  INTERFACE_FIELD_NO_IMPLEM: 'A type implementing an interface must declare all of its fields in some subgraph.',
  NO_QUERIES: 'No subgraph declares a Query field; at least one must.',
  UNKNOWN_FEDERATION_LINK_VERSION:
    'The federation @link version is unknown to @apollo/composition; the subgraphs here use https://specs.apollo.dev/federation/v2.5.',
  DIRECTIVE_DEFINITION_INVALID:
    'A directive is redefined in a way that clashes with its federation definition; import it through @link instead of declaring it.',
  PERSONAL_FIELD_UNMARKED: 'Personal data needs @authenticated (docs/policy.md); add it to the field or to the type in that subgraph.',
  MUTATION_UNMARKED: 'Every mutation needs @authenticated (docs/policy.md).',
};

export function hintFor(code: string): string {
  return (
    HINTS[code] ?? `See https://www.apollographql.com/docs/graphos/reference/federation/errors#${code.toLowerCase().replace(/_/g, '-')} for what ${code} means.`
  );
}

/**
 * Composes again, this time parsing each SDL file under its own path so that every error node
 * knows its file, line and column, and returns the errors as problems. Called only after
 * composeSupergraph failed (its error lines are plain text); `fallback` are those lines, used for
 * the failures that are not composition's own (the personal-data check).
 */
export function compositionProblems(subgraphs: readonly SubgraphEntry[], fallback: readonly string[]): CompositionProblem[] {
  const documents = new Map<string, DocumentNode>();
  const problems: CompositionProblem[] = [];
  const services = subgraphs.flatMap((s) => {
    const file = relative(s.schemaFile);
    try {
      const typeDefs = parse(new Source(readFileSync(s.schemaFile, 'utf8'), s.schemaFile));
      documents.set(s.schemaFile, typeDefs);
      return [{ name: s.name, url: s.url, typeDefs }];
    } catch (error) {
      const e = error as GraphQLError;
      const where = e.locations?.[0];
      problems.push({
        code: 'GRAPHQL_PARSE_FAILED',
        subgraph: s.name,
        message: `${s.name} (${file}): ${e.message}`,
        hint: hintFor('GRAPHQL_PARSE_FAILED'),
        locations: [{ subgraph: s.name, file, line: where?.line, column: where?.column }],
      });
      return [];
    }
  });
  if (problems.length > 0) return problems;
  const result = composeServices(services);
  if (result.errors && result.errors.length > 0) {
    return result.errors.map((error) => problemOf(error, documents, subgraphs));
  }
  return fallback.map(problemFromLine);
}

function problemOf(error: GraphQLError, documents: Map<string, DocumentNode>, subgraphs: readonly SubgraphEntry[]): CompositionProblem {
  const code = (error.extensions?.code as string | undefined) ?? 'COMPOSITION_ERROR';
  const nameOf = new Map(subgraphs.map((s) => [s.schemaFile, s.name]));
  const located: ProblemLocation[] = (error.nodes ?? []).flatMap((node) => {
    const sourceName = node.loc?.source.name;
    if (!sourceName) return [];
    const subgraph = (node as { subgraph?: string }).subgraph ?? nameOf.get(sourceName) ?? sourceName;
    const line = node.loc?.startToken.line;
    const column = node.loc?.startToken.column;
    const document = documents.get(sourceName);
    const enclosing = document && node.loc ? enclosingCoordinate(document, node.loc.start) : {};
    return [{ subgraph, file: relative(sourceName), line, column, ...enclosing }];
  });
  const subgraph = blamedSubgraph(error.message, located);
  const coordinate = coordinateOf(error.message);
  // An error without nodes (e.g. a field declared twice) still points at the subgraph's file.
  const file = subgraphs.find((s) => s.name === subgraph)?.schemaFile;
  const locations = located.length > 0 || !subgraph || !file ? located : [{ subgraph, file: relative(file), ...coordinate }];
  const own = locations.find((l) => l.subgraph === subgraph) ?? locations[0];
  return {
    code,
    subgraph,
    type: own?.type ?? coordinate.type,
    field: own?.field ?? coordinate.field,
    message: error.message,
    hint: hintFor(code),
    locations,
  };
}

/**
 * The subgraph to fix: the one named in the "[name] ..." prefix of a subgraph's own error;
 * for a mismatch ("... in subgraphs "a" and "b" but type "Int!" in subgraph "tax"") the one after
 * "but", the odd one out (with only two subgraphs either may be the one edited: both are among
 * the locations); else the first location's.
 */
function blamedSubgraph(message: string, locations: readonly ProblemLocation[]): string | undefined {
  const prefixed = /^\[([^\]]+)\]/.exec(message);
  if (prefixed) return prefixed[1];
  const odd = /\bbut\b.*?\bin subgraph "([^"]+)"/.exec(message);
  if (odd) return odd[1];
  return locations[0]?.subgraph;
}

/** "Type.field" or type "Type" as the message spells it, for errors without nodes. */
function coordinateOf(message: string): { type?: string; field?: string } {
  const duplicate = /Field "?([A-Za-z_][A-Za-z0-9_]*)"? already exists on "?([A-Za-z_][A-Za-z0-9_]*)"?/.exec(message);
  if (duplicate) return { type: duplicate[2], field: duplicate[1] };
  const field = /"([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)(?:\([^"]*\))?"/.exec(message);
  if (field) return { type: field[1], field: field[2] };
  const type = /\btype "([A-Za-z_][A-Za-z0-9_]*)"/.exec(message);
  return type ? { type: type[1] } : {};
}

/** The type definition (and field, input field or enum value) whose text holds `offset`. */
function enclosingCoordinate(document: DocumentNode, offset: number): { type?: string; field?: string } {
  for (const definition of document.definitions) {
    if (!contains(definition, offset) || !('name' in definition) || !definition.name) continue;
    const type = definition.name.value;
    const members: readonly ASTNode[] = [
      ...('fields' in definition && definition.fields ? definition.fields : []),
      ...('values' in definition && definition.values ? definition.values : []),
    ];
    const member = members.find((m) => contains(m, offset));
    const field =
      member && (member.kind === Kind.FIELD_DEFINITION || member.kind === Kind.INPUT_VALUE_DEFINITION || member.kind === Kind.ENUM_VALUE_DEFINITION)
        ? member.name.value
        : undefined;
    return { type, field };
  }
  return {};
}

function contains(node: ASTNode, offset: number): boolean {
  return !!node.loc && node.loc.start <= offset && offset < node.loc.end;
}

/** composeSupergraph's own lines (the personal-data check): `CODE: subgraph "x", type T, field f: ...`. */
function problemFromLine(line: string): CompositionProblem {
  const code = /^([A-Z_]+):/.exec(line)?.[1] ?? 'COMPOSITION_ERROR';
  const named = /subgraph "([^"]+)", type ([A-Za-z0-9_]+)(?:, field ([A-Za-z0-9_]+))?/.exec(line);
  return {
    code,
    subgraph: named?.[1],
    type: named?.[2],
    field: named?.[3],
    message: line,
    hint: hintFor(code),
    locations: [],
  };
}

function relative(file: string): string {
  return path.isAbsolute(file) ? path.relative(process.cwd(), file) || file : file;
}
