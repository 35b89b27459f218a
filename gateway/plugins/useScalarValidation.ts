import { ErrorCode } from '../../platform/errors';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  type ASTNode,
  buildASTSchema,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  getNamedType,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLInputType,
  type GraphQLLeafType,
  GraphQLScalarType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isSpecifiedScalarType,
  Kind,
  parse,
  TypeInfo,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
  visit,
  visitWithTypeInfo,
  type VariableNode,
} from 'graphql';
import { CprScalar } from '../../domain/cprScalar';
import { DateScalar } from '../../domain/dateScalar';
import { fragmentsOf } from '../limits/selectionDepth';

/**
 * The custom scalars the gateway checks, as the subgraphs define them (the kit's own parse
 * functions, so the edge and the subgraphs agree to the character). The supergraph knows a custom
 * scalar only by its name and would pass anything on.
 */
export const GATEWAY_SCALARS: readonly GraphQLScalarType[] = [CprScalar, DateScalar];

/** How many wrong values one error message lists; extensions.problems has them all. */
const LISTED_IN_MESSAGE = 10;

/** Where a value sits: which argument (a path into it: "input.validTo", "cprs[2]") of which field or directive. */
interface ArgumentPosition {
  /** The field or directive: "Query.citizen", "Mutation.grantDelegation", "@include"; none for a variable's default value. */
  readonly coordinate?: string;
  /** For a variable's default value, a path from the variable ("$d", "$input.validTo"). */
  readonly argument: string;
  /** The variable the value came from, without "$". */
  readonly variable?: string;
}

interface Problem extends ArgumentPosition {
  readonly reason: string;
}

/**
 * Every argument value a client writes is checked at the edge, before any subgraph is asked, and
 * a wrong one is BAD_USER_INPUT naming the argument and why (extensions.argument, .coordinate of its
 * field or directive, .variable when it came in one, .reason):
 * - literals of the custom scalars, by a validation rule (a document with one is never cached);
 * - graphql-js's own complaints about literals (an Int written "abc", an unknown enum value) are
 *   validation errors; `withArgumentErrorCode` names their argument and gives them the same code;
 * - values sent as variables, every scalar and enum among them, once the operation is resolved.
 * Fails at start when the supergraph takes a custom scalar as input that no validator covers.
 */
export function scalarValidation(
  supergraphSdl: string,
  scalars: readonly GraphQLScalarType[] = GATEWAY_SCALARS,
): { validationRule: ValidationRule; plugin: ApolloServerPlugin } {
  const byName = new Map(scalars.map((s) => [s.name, s]));
  const uncovered = inputScalarsOf(supergraphSdl).filter((name) => !byName.has(name));
  if (uncovered.length > 0) {
    throw new Error(
      `scalarValidation: the supergraph takes the custom scalar${uncovered.length > 1 ? 's' : ''} ${uncovered.join(', ')} as input, which the gateway cannot check; add ${uncovered.length > 1 ? 'their' : 'its'} parse function to GATEWAY_SCALARS`,
    );
  }
  return {
    validationRule: (context) => literalRule(context, byName),
    plugin: {
      async requestDidStart() {
        return {
          async didResolveOperation({ document, schema, request, operation }) {
            if (!operation) return;
            const problems: Problem[] = [];
            const variables = request.variables ?? {};
            const typeInfo = new TypeInfo(schema);
            const check = (node: ValueNode, type: GraphQLInputType, at: ArgumentPosition) =>
              walkLiteral(node, type, at, {
                variable: (variable, variableType, where) => {
                  const name = variable.name.value;
                  // An omitted variable takes its default, a literal the validation rule has checked.
                  if (!(name in variables)) return;
                  walkValue(variables[name], variableType, { ...where, variable: name }, (value, leafType, position) => {
                    const reason = leafProblem(leafType, byName, { value });
                    if (reason) problems.push({ ...position, reason });
                  });
                },
              });
            const visitor = visitWithTypeInfo(typeInfo, {
              Argument(node) {
                const argument = typeInfo.getArgument();
                if (argument) check(node.value, argument.type, { coordinate: ownerOf(typeInfo), argument: node.name.value });
              },
            });
            visit(operation, visitor);
            for (const fragment of fragmentsUsedBy(operation, document)) visit(fragment, visitor);
            if (problems.length > 0) throw invalidArguments(problems);
          },
        };
      },
    },
  };
}

/**
 * For formatError: a validation error about a value the client wrote in an argument is
 * BAD_USER_INPUT, and says which argument; other validation errors are left alone.
 */
export function withArgumentErrorCode(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (formatted.extensions?.code !== 'GRAPHQL_VALIDATION_FAILED') return formatted;
  if (typeof formatted.extensions.argument === 'string') return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.BAD_USER_INPUT } };
  const node = error instanceof GraphQLError ? error.nodes?.[0] : undefined;
  const at = node ? literalPositions.get(node) : undefined;
  if (!at) return formatted;
  return {
    ...formatted,
    message: `${describe(at)}: ${formatted.message}`,
    extensions: { ...formatted.extensions, code: ErrorCode.BAD_USER_INPUT, ...positionExtensions(at), reason: formatted.message },
  };
}

// ---- private ----

/** Where each literal of a document being validated sits, so formatError can name the argument of graphql-js's own errors. */
const literalPositions = new WeakMap<ASTNode, ArgumentPosition>();

function literalRule(context: ValidationContext, scalars: ReadonlyMap<string, GraphQLScalarType>): ReturnType<ValidationRule> {
  const report = (node: ValueNode, type: GraphQLLeafType, at: ArgumentPosition) => {
    const reason = leafProblem(type, scalars, { literal: node });
    if (reason)
      context.reportError(new GraphQLError(`${describe(at)}: ${reason}`, { nodes: node, extensions: { ...positionExtensions(at), reason: reasonOf(reason) } }));
  };
  const walk = (node: ValueNode, type: GraphQLInputType, at: ArgumentPosition) =>
    walkLiteral(node, type, at, {
      leaf: report,
      position: (n, where) => literalPositions.set(n, where),
    });
  return {
    Argument(node) {
      const argument = context.getArgument();
      if (argument) walk(node.value, argument.type, { coordinate: ownerOf(context), argument: node.name.value });
    },
    VariableDefinition(node) {
      const type = context.getInputType();
      const name = node.variable.name.value;
      if (node.defaultValue && type) walk(node.defaultValue, type, { argument: `$${name}`, variable: name });
    },
  };
}

interface LiteralVisitors {
  /** A scalar or enum literal. */
  leaf?(node: ValueNode, type: GraphQLLeafType, at: ArgumentPosition): void;
  variable?(node: VariableNode, type: GraphQLInputType, at: ArgumentPosition): void;
  /** Every value node and input object field, with where it sits. */
  position?(node: ASTNode, at: ArgumentPosition): void;
}

function walkLiteral(node: ValueNode, type: GraphQLInputType, at: ArgumentPosition, visitors: LiteralVisitors): void {
  visitors.position?.(node, at);
  if (isNonNullType(type)) {
    walkLiteral(node, type.ofType, at, visitors);
    return;
  }
  if (node.kind === Kind.VARIABLE) {
    visitors.variable?.(node, type, at);
    return;
  }
  if (node.kind === Kind.NULL) return;
  if (isListType(type)) {
    if (node.kind !== Kind.LIST) {
      walkLiteral(node, type.ofType, at, visitors);
      return;
    }
    for (const [i, item] of node.values.entries()) walkLiteral(item, type.ofType, { ...at, argument: `${at.argument}[${i}]` }, visitors);
    return;
  }
  if (isInputObjectType(type)) {
    if (node.kind !== Kind.OBJECT) return;
    const fields = type.getFields();
    for (const field of node.fields) {
      const where = { ...at, argument: `${at.argument}.${field.name.value}` };
      visitors.position?.(field, where);
      const definition = fields[field.name.value];
      if (definition) walkLiteral(field.value, definition.type, where, visitors);
    }
    return;
  }
  if (isLeafType(type)) visitors.leaf?.(node, type, at);
}

function walkValue(
  value: unknown,
  type: GraphQLInputType,
  at: ArgumentPosition,
  leaf: (value: unknown, type: GraphQLLeafType, at: ArgumentPosition) => void,
): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) {
    walkValue(value, type.ofType, at, leaf);
    return;
  }
  if (isListType(type)) {
    if (!Array.isArray(value)) {
      walkValue(value, type.ofType, at, leaf);
      return;
    }
    for (const [i, item] of value.entries()) walkValue(item, type.ofType, { ...at, argument: `${at.argument}[${i}]` }, leaf);
    return;
  }
  if (isInputObjectType(type)) {
    // Anything but an object is graphql-js's to refuse when it coerces the variables.
    if (typeof value !== 'object' || Array.isArray(value)) return;
    for (const [name, field] of Object.entries(type.getFields())) {
      if (name in value) walkValue((value as Record<string, unknown>)[name], field.type, { ...at, argument: `${at.argument}.${name}` }, leaf);
    }
    return;
  }
  if (isLeafType(type)) leaf(value, type, at);
}

/**
 * Why a leaf value is wrong, or undefined. Custom scalars by the kit's parse functions (literal or
 * value); built-in scalars and enums only as values (graphql-js validates their literals itself).
 */
function leafProblem(
  type: GraphQLLeafType,
  scalars: ReadonlyMap<string, GraphQLScalarType>,
  input: { literal: ValueNode } | { value: unknown },
): string | undefined {
  const custom = type instanceof GraphQLScalarType && !isSpecifiedScalarType(type) ? scalars.get(type.name) : undefined;
  try {
    if ('literal' in input) custom?.parseLiteral(input.literal, undefined);
    else (custom ?? type).parseValue(input.value);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function invalidArguments(problems: readonly Problem[]): GraphQLError {
  const listed = problems.slice(0, LISTED_IN_MESSAGE).map((p) => `${describe(p)}: ${p.reason}`);
  const more = problems.length - listed.length;
  const [first] = problems;
  return new GraphQLError(`${listed.join(' ')}${more > 0 ? ` (and ${more} more)` : ''}`, {
    extensions: {
      code: ErrorCode.BAD_USER_INPUT,
      ...positionExtensions(first),
      reason: reasonOf(first.reason),
      ...(problems.length > 1 ? { problems: problems.map((p) => ({ ...positionExtensions(p), reason: reasonOf(p.reason) })) } : {}),
      http: { status: 400 },
    },
  });
}

function describe(at: ArgumentPosition): string {
  if (!at.coordinate) return `Default value of variable ${at.argument}`;
  return `Argument "${at.argument}" of ${at.coordinate}${at.variable ? ` (variable $${at.variable})` : ''}`;
}

function positionExtensions(at: ArgumentPosition): Record<string, string> {
  return { ...(at.coordinate ? { coordinate: at.coordinate } : {}), argument: at.argument, ...(at.variable ? { variable: at.variable } : {}) };
}

/** "Invalid CPR number: day 31 does not exist in 1938-02." -> "day 31 does not exist in 1938-02". */
function reasonOf(message: string): string {
  return message.replace(/^Invalid [^:]+: /, '').replace(/\.$/, '');
}

function ownerOf(info: Pick<TypeInfo, 'getDirective' | 'getParentType' | 'getFieldDef'>): string {
  const directive = info.getDirective();
  if (directive) return `@${directive.name}`;
  return `${info.getParentType()?.name ?? '?'}.${info.getFieldDef()?.name ?? '?'}`;
}

/** The fragments an operation spreads, directly or through other fragments (a fragment of another operation may use other variables). */
function fragmentsUsedBy(operation: OperationDefinitionNode, document: DocumentNode): FragmentDefinitionNode[] {
  const definitions = fragmentsOf(document.definitions);
  const used = new Map<string, FragmentDefinitionNode>();
  const pending: ASTNode[] = [operation];
  while (pending.length > 0) {
    visit(pending.pop()!, {
      FragmentSpread(spread) {
        const fragment = definitions.get(spread.name.value);
        if (fragment && !used.has(fragment.name.value)) {
          used.set(fragment.name.value, fragment);
          pending.push(fragment);
        }
      },
    });
  }
  return [...used.values()];
}

/** Custom scalars the supergraph takes as input: in field arguments and input object fields. */
function inputScalarsOf(supergraphSdl: string): string[] {
  const schema = buildASTSchema(parse(supergraphSdl), { assumeValidSDL: true });
  const found = new Set<string>();
  const note = (type: GraphQLInputType) => {
    const named = getNamedType(type);
    if (named instanceof GraphQLScalarType && !isSpecifiedScalarType(named)) found.add(named.name);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) for (const a of field.args) note(a.type);
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) note(field.type);
    }
  }
  return [...found].sort();
}
