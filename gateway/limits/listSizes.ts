import { buildASTSchema, type GraphQLField, type GraphQLSchema, isInterfaceType, isObjectType, parse } from 'graphql';

/** How long a list field's answer can get, as its schema description documents it. */
export type ListSize =
  /** A page: `argument` (first) asks for up to `max` items, in the lists the field returns (a connection's edges). */
  | { readonly kind: 'page'; readonly argument: string; readonly max: number }
  /** One item per entry of a list argument (`citizens(cprs:)`), at most `max`. */
  | { readonly kind: 'perArgumentEntry'; readonly argument: string; readonly max: number };

/**
 * The documented sizes, by schema coordinate. Every field of this project's supergraph taking
 * `first` must be here (limits.test.ts checks it, so a new paged field is priced at its page size
 * from the day it is composed); lists without an entry are priced at the cost model's assumed list
 * size, which is also how the gateway prices a supergraph of someone else's.
 */
export const DOCUMENTED_LIST_SIZES: Readonly<Record<string, ListSize>> = {
  'Citizen.benefitPayments': { kind: 'page', argument: 'first', max: 100 },
  'Citizen.housingBenefitApplications': { kind: 'page', argument: 'first', max: 100 },
  'Citizen.accessLog': { kind: 'page', argument: 'first', max: 100 },
  'BenefitClaim.payments': { kind: 'page', argument: 'first', max: 100 },
  'Query.citizens': { kind: 'perArgumentEntry', argument: 'cprs', max: 100 },
};

/** The page-size argument every paged field takes. */
const PAGE_ARGUMENT = 'first';

/** The entries that name a field of this supergraph: the gateway serves any valid supergraph, ours or another. */
export function listSizesIn(supergraphSdl: string, sizes: Readonly<Record<string, ListSize>> = DOCUMENTED_LIST_SIZES): Record<string, ListSize> {
  const schema = buildASTSchema(parse(supergraphSdl), { assumeValidSDL: true });
  return Object.fromEntries(
    Object.entries(sizes).filter(([coordinate, size]) => fieldAt(schema, coordinate)?.args.some((a) => a.name === size.argument) ?? false),
  );
}

/** Checks the table against the supergraph: each entry names a real field and argument, and every paged field has one. */
export function checkListSizes(supergraphSdl: string, sizes: Readonly<Record<string, ListSize>> = DOCUMENTED_LIST_SIZES): void {
  const schema = buildASTSchema(parse(supergraphSdl), { assumeValidSDL: true });
  const problems: string[] = [];
  for (const [coordinate, size] of Object.entries(sizes)) {
    const field = fieldAt(schema, coordinate);
    if (!field) problems.push(`${coordinate} is not a field of the supergraph`);
    else if (!field.args.some((a) => a.name === size.argument)) problems.push(`${coordinate} has no argument "${size.argument}"`);
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      if (field.args.some((a) => a.name === PAGE_ARGUMENT) && !sizes[coordinate])
        problems.push(`${coordinate} takes "${PAGE_ARGUMENT}" but has no documented maximum page size`);
    }
  }
  if (problems.length > 0) throw new Error(`list sizes (gateway/limits/listSizes.ts): ${problems.join('; ')}`);
}

/** The field a schema coordinate ("Type.field") names, if the schema has it. */
function fieldAt(schema: GraphQLSchema, coordinate: string): GraphQLField<unknown, unknown> | undefined {
  const [typeName, fieldName] = coordinate.split('.');
  const type = schema.getType(typeName);
  return type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[fieldName] : undefined;
}
