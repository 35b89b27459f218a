import {
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  isCompositeType,
  isListType,
  Kind,
  type OperationDefinitionNode,
  SchemaMetaFieldDef,
  type SelectionSetNode,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type ValueNode,
} from 'graphql';
import type { ListSize } from './listSizes';

/** How an operation is priced: roughly the number of values its answer can hold. */
export interface CostModel {
  /** Documented list sizes by schema coordinate (`Citizen.benefitPayments`). */
  readonly listSizes: Readonly<Record<string, ListSize>>;
  /** The length assumed for a list nothing bounds: a citizen's children, claims, the schema's types. */
  readonly assumedListSize: number;
}

/**
 * The cost of one operation: every field selected costs 1 each time it can appear in the answer,
 * so a list multiplies everything below it by its length. A page's length is what it asks for:
 * `first` as written, as the variable's value, or the argument's default, never more than the
 * documented maximum (asking more is the subgraph's BAD_USER_INPUT, not a cost); a list argument
 * (`citizens(cprs:)`) gives one item per entry; any other list counts `assumedListSize`. Fragments
 * and inline fragments add nothing of their own; introspection is priced like data.
 */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Readonly<Record<string, unknown>>,
  model: CostModel,
): number {
  const variableDefaults = new Map(
    operation.variableDefinitions?.flatMap((d) => (d.defaultValue ? [[d.variable.name.value, d.defaultValue] as const] : [])) ?? [],
  );
  // A fragment is priced once per page size it is spread under: a document spreading fragments into fragments stays linear.
  const fragmentCosts = new Map<string, number>();
  const pricing = new Set<string>();

  const selectionCost = (set: SelectionSetNode, parent: GraphQLCompositeType, page: number | undefined): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        cost += fieldCost(selection, parent, page);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        cost += selectionCost(selection.selectionSet, compositeOrElse(schema, selection.typeCondition?.name.value, parent), page);
      } else {
        const fragment = fragments.get(selection.name.value);
        const key = `${selection.name.value}:${page ?? ''}`;
        if (!fragment || pricing.has(key)) continue; // unknown or cyclic: validation refuses those
        if (!fragmentCosts.has(key)) {
          pricing.add(key);
          fragmentCosts.set(key, selectionCost(fragment.selectionSet, compositeOrElse(schema, fragment.typeCondition.name.value, parent), page));
          pricing.delete(key);
        }
        cost += fragmentCosts.get(key)!;
      }
    }
    return cost;
  };

  const fieldCost = (node: FieldNode, parent: GraphQLCompositeType, page: number | undefined): number => {
    const field = fieldOf(schema, parent, node.name.value);
    if (!field) return 1;
    const size = model.listSizes[`${parent.name}.${field.name}`];
    const ownPage = size?.kind === 'page' ? requested(node, field, size, variables, variableDefaults) : undefined;
    const isList = isListType(getNullableType(field.type));
    const length = !isList
      ? 1
      : (ownPage ?? (size?.kind === 'perArgumentEntry' ? requested(node, field, size, variables, variableDefaults) : (page ?? model.assumedListSize)));
    const named = getNamedType(field.type);
    // A connection hands its page size to the lists it returns (edges), nothing further down.
    const below = node.selectionSet && isCompositeType(named) ? selectionCost(node.selectionSet, named, isList ? undefined : ownPage) : 0;
    return length * (1 + below);
  };

  return selectionCost(operation.selectionSet, rootTypeOf(schema, operation), undefined);
}

// ---- private ----

/** How many items a field is asked for through its size argument, within the documented maximum. */
function requested(
  node: FieldNode,
  field: GraphQLField<unknown, unknown>,
  size: ListSize,
  variables: Readonly<Record<string, unknown>>,
  variableDefaults: ReadonlyMap<string, ValueNode>,
): number {
  const written = node.arguments?.find((a) => a.name.value === size.argument)?.value;
  const value = written === undefined ? field.args.find((a) => a.name === size.argument)?.defaultValue : literalValueOf(written, variables, variableDefaults);
  // Not known (a variable not sent): the most it could be.
  if (value === undefined && written !== undefined) return size.max;
  const count =
    size.kind === 'page' ? (typeof value === 'number' ? value : size.max) : Array.isArray(value) ? value.length : value === undefined || value === null ? 0 : 1;
  return Math.min(Math.max(Math.floor(count), 0), size.max);
}

/** A literal's value, a variable's (or its default's); a list as an array of its items' values. */
function literalValueOf(node: ValueNode, variables: Readonly<Record<string, unknown>>, variableDefaults: ReadonlyMap<string, ValueNode>): unknown {
  switch (node.kind) {
    case Kind.VARIABLE: {
      const name = node.name.value;
      if (name in variables) return variables[name];
      const fallback = variableDefaults.get(name);
      return fallback ? literalValueOf(fallback, variables, variableDefaults) : undefined;
    }
    case Kind.INT:
      return Number.parseInt(node.value, 10);
    case Kind.LIST:
      return node.values.map((v) => literalValueOf(v, variables, variableDefaults));
    case Kind.NULL:
      return null;
    default:
      return 'value' in node ? node.value : undefined;
  }
}

function fieldOf(schema: GraphQLSchema, parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  if (parent === schema.getQueryType() && name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
  if (parent === schema.getQueryType() && name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  return 'getFields' in parent ? parent.getFields()[name] : undefined;
}

function compositeOrElse(schema: GraphQLSchema, name: string | undefined, fallback: GraphQLCompositeType): GraphQLCompositeType {
  const type = name ? schema.getType(name) : undefined;
  return type && isCompositeType(type) ? type : fallback;
}

function rootTypeOf(schema: GraphQLSchema, operation: OperationDefinitionNode): GraphQLCompositeType {
  const root = schema.getRootType(operation.operation);
  if (!root) throw new Error(`operationCost: the schema has no ${operation.operation} type`);
  return root;
}
