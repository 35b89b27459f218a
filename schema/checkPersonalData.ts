import { type DocumentNode, Kind, type TypeNode } from 'graphql';
import { readAccessDirectives } from '../domain/accessDirectives/readAccessDirectives';
import { type AccessDirectives, needsCaller } from '../domain/accessDirectives/types';

/** Which types hold personal data, and which types personal data may point at without being personal. */
export interface PersonalDataPolicy {
  /** Personal whatever their directives say; so is every type marked @authenticated in any subgraph. */
  readonly personalTypes: readonly string[];
  /**
   * Reachable from personal types but personal on no one: the service catalogue, and value types
   * (an amount, a page boundary) that mean nothing without the marked field that holds them.
   */
  readonly publicTypes: readonly string[];
}

export const PERSONAL_DATA_POLICY: PersonalDataPolicy = {
  personalTypes: ['Citizen'],
  publicTypes: ['Service', 'Money', 'PageInfo'],
};

export interface SubgraphSdl {
  readonly name: string;
  readonly typeDefs: DocumentNode;
}

/**
 * So that a forgotten directive exposes no one: every type reachable from a personal type (through
 * any subgraph's fields, unions and interfaces, stopping at public types) is personal, and every
 * field a subgraph declares on a personal type must carry @authenticated, on the field or on the
 * type in that subgraph. Every mutation must too: each one changes someone's data. Returns one
 * readable line per offending field (subgraph, type, field); empty when all is marked.
 */
export function unmarkedPersonalData(subgraphs: readonly SubgraphSdl[], policy: PersonalDataPolicy = PERSONAL_DATA_POLICY): string[] {
  const graph = typeGraph(subgraphs);
  const marked = subgraphs.map((s) => ({ ...s, directives: readAccessDirectives(s.typeDefs) }));
  const seeds = new Set(policy.personalTypes);
  for (const { directives } of marked) for (const type of directives.types.keys()) if (graph.composite.has(type)) seeds.add(type);
  const reachedVia = personalClosure(graph, seeds, new Set(policy.publicTypes));

  const problems: string[] = [];
  for (const { name: subgraph, typeDefs, directives } of marked) {
    for (const definition of typeDefs.definitions) {
      if (!isFieldBearing(definition)) continue;
      const type = definition.name.value;
      const personal = reachedVia.has(type);
      if (!personal && type !== 'Mutation') continue;
      for (const field of definition.fields ?? []) {
        if (covered(directives, type, field.name.value)) continue;
        problems.push(
          personal
            ? `PERSONAL_FIELD_UNMARKED: subgraph "${subgraph}", type ${type}, field ${field.name.value}: personal data (${reachedVia.get(type)}) without @authenticated. ` +
                `Add @authenticated to the field, or to type ${type} in ${subgraph}'s schema (it then covers every field there).`
            : `MUTATION_UNMARKED: subgraph "${subgraph}", type Mutation, field ${field.name.value}: every mutation changes someone's data and needs a signed-in caller. Add @authenticated to it.`,
        );
      }
    }
  }
  return problems;
}

interface TypeGraph {
  /** Object, interface and union types: the ones whose values can hold data. */
  readonly composite: Set<string>;
  /** Type -> (field or member -> named type it leads to), across every subgraph. */
  readonly edges: Map<string, Map<string, string>>;
}

function typeGraph(subgraphs: readonly SubgraphSdl[]): TypeGraph {
  const composite = new Set<string>();
  const edges = new Map<string, Map<string, string>>();
  const edge = (from: string, label: string, to: string) => {
    if (!edges.has(from)) edges.set(from, new Map());
    edges.get(from)!.set(label, to);
  };
  for (const { typeDefs } of subgraphs) {
    for (const definition of typeDefs.definitions) {
      if (isFieldBearing(definition)) {
        composite.add(definition.name.value);
        for (const field of definition.fields ?? []) edge(definition.name.value, `${definition.name.value}.${field.name.value}`, namedType(field.type));
        // A value of an interface may be any of its implementations.
        for (const implemented of definition.interfaces ?? []) edge(implemented.name.value, `implemented by ${definition.name.value}`, definition.name.value);
      } else if (definition.kind === Kind.UNION_TYPE_DEFINITION || definition.kind === Kind.UNION_TYPE_EXTENSION) {
        composite.add(definition.name.value);
        for (const member of definition.types ?? []) edge(definition.name.value, `${definition.name.value} member ${member.name.value}`, member.name.value);
      }
    }
  }
  return { composite, edges };
}

/** Every personal type, with how it was reached ("reachable from Citizen: Citizen.exemptions -> CitizenExemptions"). */
function personalClosure(graph: TypeGraph, seeds: ReadonlySet<string>, publicTypes: ReadonlySet<string>): Map<string, string> {
  const reachedVia = new Map<string, string>();
  const queue: { type: string; seed: string; labels: string[] }[] = [];
  for (const seed of seeds) {
    if (publicTypes.has(seed)) continue;
    reachedVia.set(seed, `${seed} is personal`);
    queue.push({ type: seed, seed, labels: [] });
  }
  while (queue.length > 0) {
    const { type, seed, labels } = queue.shift()!;
    for (const [label, target] of graph.edges.get(type) ?? []) {
      if (!graph.composite.has(target) || publicTypes.has(target) || reachedVia.has(target)) continue;
      const path = [...labels, label];
      reachedVia.set(target, `reachable from ${seed}: ${path.join(' -> ')} -> ${target}`);
      queue.push({ type: target, seed, labels: path });
    }
  }
  return reachedVia;
}

function covered(directives: AccessDirectives, type: string, field: string): boolean {
  const onType = directives.types.get(type);
  const onField = directives.fields.get(`${type}.${field}`);
  return Boolean((onType && needsCaller(onType)) || (onField && needsCaller(onField)));
}

type FieldBearing = Extract<
  DocumentNode['definitions'][number],
  { kind: Kind.OBJECT_TYPE_DEFINITION | Kind.OBJECT_TYPE_EXTENSION | Kind.INTERFACE_TYPE_DEFINITION | Kind.INTERFACE_TYPE_EXTENSION }
>;

function isFieldBearing(definition: DocumentNode['definitions'][number]): definition is FieldBearing {
  return (
    definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
    definition.kind === Kind.OBJECT_TYPE_EXTENSION ||
    definition.kind === Kind.INTERFACE_TYPE_DEFINITION ||
    definition.kind === Kind.INTERFACE_TYPE_EXTENSION
  );
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}
