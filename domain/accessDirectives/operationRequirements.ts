import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getNamedType,
  type GraphQLNamedType,
  type GraphQLSchema,
  isAbstractType,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { type AccessDirectives, type AccessRequirement, combine, needsCaller, PUBLIC, SIGNED_IN } from './types';

/**
 * Every field the operation selects that asks something of its caller, by schema coordinate
 * ("Query.me", "Citizen.name"), with what it asks. Walks fragments (each once) and inline
 * fragments; on an interface or union a field asks what it asks on every possible type.
 * A field asks what its own directives, its parent type's and its return type's ask.
 * `__schema` / `__type` are left to the server's introspection setting.
 */
export function operationRequirements(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  directives: AccessDirectives,
): Map<string, AccessRequirement> {
  const found = new Map<string, AccessRequirement>();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const walkedFragments = new Set<string>();
  const root = schema.getRootType(operation.operation);
  // Fail closed: an operation kind the schema does not have was refused by validation; if not, refuse it here.
  if (!root) return new Map([[operation.operation, SIGNED_IN]]);

  const fieldRequirement = (parent: GraphQLNamedType, name: string): AccessRequirement => {
    const owners = isAbstractType(parent) ? [parent, ...schema.getPossibleTypes(parent)] : [parent];
    let requirement = PUBLIC;
    for (const owner of owners) {
      requirement = combine(requirement, directives.types.get(owner.name));
      if (name === '__typename' || !(isObjectType(owner) || isInterfaceType(owner))) continue;
      requirement = combine(requirement, directives.fields.get(`${owner.name}.${name}`));
      // An object's field also asks what the interface field it implements asks.
      for (const implemented of owner.getInterfaces()) requirement = combine(requirement, directives.fields.get(`${implemented.name}.${name}`));
      const field = owner.getFields()[name];
      if (field) requirement = combine(requirement, directives.types.get(getNamedType(field.type).name));
    }
    return requirement;
  };

  const walk = (parent: GraphQLNamedType, selectionSet: SelectionSetNode): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (parent === root && (name === '__schema' || name === '__type')) continue;
        const requirement = fieldRequirement(parent, name);
        const coordinate = `${parent.name}.${name}`;
        if (needsCaller(requirement)) found.set(coordinate, requirement);
        if (!selection.selectionSet) continue;
        const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
        // Validation guarantees the field; if it somehow is not there, its sub-selection cannot be judged: refuse.
        if (!field) found.set(coordinate, combine(requirement, SIGNED_IN));
        else walk(getNamedType(field.type), selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const narrowed = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        walk(narrowed ?? parent, selection.selectionSet);
      } else {
        const name = selection.name.value;
        if (walkedFragments.has(name)) continue;
        walkedFragments.add(name);
        const fragment = fragments.get(name);
        const on = fragment && schema.getType(fragment.typeCondition.name.value);
        if (!fragment || !on) found.set(`...${name}`, SIGNED_IN);
        else walk(on, fragment.selectionSet);
      }
    }
  };

  walk(root, operation.selectionSet);
  return found;
}
