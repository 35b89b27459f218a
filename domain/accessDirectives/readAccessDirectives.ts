import { type ConstDirectiveNode, type ConstValueNode, type DocumentNode, Kind } from 'graphql';
import { type AccessDirectives, type AccessRequirement, combine, PUBLIC, type ScopeAlternatives, SIGNED_IN } from './types';

const SPECS = 'https://specs.apollo.dev/';
/** Where the directives may stand: types (all their fields, and fields returning them) and fields. */
const TYPE_KINDS = new Set<string>([
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.OBJECT_TYPE_EXTENSION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_EXTENSION,
  Kind.SCALAR_TYPE_DEFINITION,
  Kind.SCALAR_TYPE_EXTENSION,
  Kind.ENUM_TYPE_DEFINITION,
  Kind.ENUM_TYPE_EXTENSION,
  Kind.UNION_TYPE_DEFINITION,
  Kind.UNION_TYPE_EXTENSION,
]);
/** Security features whose meaning is not ours to decide: @inaccessible is applied by the API schema itself. */
const HANDLED_ELSEWHERE = ['inaccessible'];

/**
 * Reads @authenticated and @requiresScopes from a supergraph (linked as
 * `https://specs.apollo.dev/authenticated/v0.1` and `.../requiresScopes/v0.1`, for: SECURITY) or from a
 * subgraph's SDL (imported from `https://specs.apollo.dev/federation/v2.5`, or as `@federation__authenticated`),
 * honouring renames (`as`). A document that links neither has no requirements: every field is public.
 *
 * Fail closed: a document that applies @policy, or links a security feature this reader does not know,
 * is refused with an Error naming it, because what it protects could not be enforced.
 */
export function readAccessDirectives(document: DocumentNode): AccessDirectives {
  const names = directiveNames(document);
  const types = new Map<string, AccessRequirement>();
  const fields = new Map<string, AccessRequirement>();
  for (const definition of document.definitions) {
    if (!TYPE_KINDS.has(definition.kind) || !('name' in definition) || !definition.name) continue;
    const type = definition.name.value;
    const directives = 'directives' in definition ? (definition.directives as readonly ConstDirectiveNode[] | undefined) : undefined;
    types.set(type, combine(types.get(type) ?? PUBLIC, requirementOf(directives, names, type)));
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_EXTENSION
    )
      continue;
    for (const field of definition.fields ?? []) {
      const coordinate = `${type}.${field.name.value}`;
      fields.set(coordinate, combine(fields.get(coordinate) ?? PUBLIC, requirementOf(field.directives, names, coordinate)));
    }
  }
  return { types: dropPublic(types), fields: dropPublic(fields) };
}

interface DirectiveNames {
  readonly authenticated: Set<string>;
  readonly requiresScopes: Set<string>;
  /** Applied anywhere, these refuse the document. */
  readonly unenforceable: Map<string, string>;
}

function directiveNames(document: DocumentNode): DirectiveNames {
  const names: DirectiveNames = { authenticated: new Set(), requiresScopes: new Set(), unenforceable: new Map() };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of definition.directives ?? []) {
      if (link.name.value !== 'link') continue;
      const url = stringArgument(link, 'url') ?? '';
      if (!url.startsWith(SPECS)) continue;
      const [feature] = url.slice(SPECS.length).split('/');
      const as = stringArgument(link, 'as');
      if (feature === 'federation') {
        federationImports(link, as ?? 'federation', names);
      } else if (feature === 'authenticated') {
        names.authenticated.add(as ?? 'authenticated');
      } else if (feature === 'requiresScopes') {
        names.requiresScopes.add(as ?? 'requiresScopes');
      } else if (enumArgument(link, 'for') === 'SECURITY' && !HANDLED_ELSEWHERE.includes(feature)) {
        throw new Error(
          `readAccessDirectives: the schema links the security feature ${url}, which this gateway cannot enforce; ` +
            'remove it or use @authenticated / @requiresScopes instead.',
        );
      } else if (feature === 'policy') {
        names.unenforceable.set(as ?? 'policy', url);
      }
    }
  }
  return names;
}

/** In a subgraph: imported names ("@authenticated", or { name, as }) and the namespaced ones (federation__authenticated). */
function federationImports(link: ConstDirectiveNode, prefix: string, names: DirectiveNames): void {
  names.authenticated.add(`${prefix}__authenticated`);
  names.requiresScopes.add(`${prefix}__requiresScopes`);
  names.unenforceable.set(`${prefix}__policy`, '@policy');
  const imports = link.arguments?.find((a) => a.name.value === 'import')?.value;
  if (imports?.kind !== Kind.LIST) return;
  for (const item of imports.values) {
    const original = item.kind === Kind.STRING ? item.value : item.kind === Kind.OBJECT ? objectString(item, 'name') : undefined;
    const local = (item.kind === Kind.OBJECT ? objectString(item, 'as') : undefined) ?? original;
    if (!original || !local) continue;
    const name = local.replace(/^@/, '');
    if (original === '@authenticated') names.authenticated.add(name);
    if (original === '@requiresScopes') names.requiresScopes.add(name);
    if (original === '@policy') names.unenforceable.set(name, '@policy');
  }
}

function requirementOf(directives: readonly ConstDirectiveNode[] | undefined, names: DirectiveNames, where: string): AccessRequirement {
  let requirement = PUBLIC;
  for (const directive of directives ?? []) {
    const name = directive.name.value;
    if (names.unenforceable.has(name)) {
      throw new Error(
        `readAccessDirectives: ${where} carries @${name} (${names.unenforceable.get(name)}), which this gateway cannot enforce; ` +
          'use @authenticated or @requiresScopes instead.',
      );
    }
    if (names.authenticated.has(name)) requirement = combine(requirement, SIGNED_IN);
    if (names.requiresScopes.has(name)) requirement = combine(requirement, { authenticated: true, scopes: [scopesArgument(directive, where)] });
  }
  return requirement;
}

function scopesArgument(directive: ConstDirectiveNode, where: string): ScopeAlternatives {
  const value = directive.arguments?.find((a) => a.name.value === 'scopes')?.value;
  const asList = (node: ConstValueNode | undefined): readonly ConstValueNode[] => {
    if (node?.kind === Kind.LIST) return node.values;
    // GraphQL input coercion: a single value stands for a list of one.
    if (node) return [node];
    throw new Error(`readAccessDirectives: @${directive.name.value} on ${where} has no scopes argument`);
  };
  return asList(value).map((all) =>
    asList(all).map((scope) => {
      if (scope.kind !== Kind.STRING) throw new Error(`readAccessDirectives: @${directive.name.value} on ${where} lists a scope that is not a string`);
      return scope.value;
    }),
  );
}

function stringArgument(directive: ConstDirectiveNode, name: string): string | undefined {
  const value = directive.arguments?.find((a) => a.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
}

function enumArgument(directive: ConstDirectiveNode, name: string): string | undefined {
  const value = directive.arguments?.find((a) => a.name.value === name)?.value;
  return value?.kind === Kind.ENUM ? value.value : undefined;
}

function objectString(node: ConstValueNode, field: string): string | undefined {
  if (node.kind !== Kind.OBJECT) return undefined;
  const value = node.fields.find((f) => f.name.value === field)?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
}

function dropPublic(map: Map<string, AccessRequirement>): Map<string, AccessRequirement> {
  return new Map([...map].filter(([, r]) => r.authenticated || r.scopes.length > 0));
}
