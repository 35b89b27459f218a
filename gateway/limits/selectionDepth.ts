import { type FragmentDefinitionNode, getIntrospectionQuery, Kind, type OperationDefinitionNode, parse, type SelectionSetNode } from 'graphql';

/** How deep an operation goes: in data, and inside introspection (`__schema`, `__type`), counted apart. */
export interface SelectionDepth {
  /** Deepest path of fields that enters no introspection field (`citizen { name { full } }` is 3). */
  readonly data: number;
  /** Deepest path of fields through `__schema` or `__type`, counted from the operation's root. */
  readonly introspection: number;
}

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/**
 * Depth on the flattened selection: only fields add a level; fragment spreads and inline fragments
 * add none, so moving a selection into a fragment never changes its depth. Each fragment is
 * measured once; a cyclic spread (which validation refuses) adds nothing.
 */
export function selectionDepth(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): SelectionDepth {
  const measured = new Map<string, SelectionDepth>();
  const measuring = new Set<string>();

  const depthOf = (set: SelectionSetNode): SelectionDepth => {
    let data = 0;
    let introspection = 0;
    const take = (inner: SelectionDepth) => {
      data = Math.max(data, inner.data);
      introspection = Math.max(introspection, inner.introspection);
    };
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const below = selection.selectionSet ? depthOf(selection.selectionSet) : { data: 0, introspection: 0 };
        if (INTROSPECTION_ROOTS.has(selection.name.value)) take({ data: 0, introspection: 1 + Math.max(below.data, below.introspection) });
        else take({ data: 1 + below.data, introspection: below.introspection > 0 ? 1 + below.introspection : 0 });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        take(depthOf(selection.selectionSet));
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || measuring.has(name)) continue;
        if (!measured.has(name)) {
          measuring.add(name);
          measured.set(name, depthOf(fragment.selectionSet));
          measuring.delete(name);
        }
        take(measured.get(name)!);
      }
    }
    return { data, introspection };
  };

  return depthOf(operation.selectionSet);
}

/**
 * The introspection depth tools need: that of graphql-js's own introspection query with every
 * option on (its `ofType` chain is the deepest part), which clients and explorers send.
 */
export const STANDARD_INTROSPECTION_DEPTH: number = (() => {
  const document = parse(
    getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
    }),
  );
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return selectionDepth(operation, fragmentsOf(document.definitions)).introspection;
})();

/** A document's fragment definitions by name. */
export function fragmentsOf(definitions: readonly { kind: string }[]): Map<string, FragmentDefinitionNode> {
  return new Map(
    definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[(d as FragmentDefinitionNode).name.value, d as FragmentDefinitionNode] as const] : [])),
  );
}
