import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, getNamedType, isInputObjectType, Kind, TypeInfo, visit, visitWithTypeInfo, type GraphQLInputType, type ValueNode } from 'graphql';
import { parseCpr } from '../../subgraphs/kit/cpr';

/**
 * Rejects malformed CPR numbers at the edge with BAD_USER_INPUT and a reason, before any
 * subgraph is called. The supergraph knows `CPR` only as a name; this gives it its rules.
 */
export function createCprValidationPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, schema, request, operation }) {
          const typeInfo = new TypeInfo(schema);
          const problems: string[] = [];
          const variables = request.variables ?? {};
          const variableTypes = new Map<string, string>();
          for (const definition of operation?.variableDefinitions ?? []) {
            variableTypes.set(definition.variable.name.value, namedTypeOf(definition.type));
          }
          for (const [name, typeName] of variableTypes) {
            checkValue(variables[name], typeName === 'CPR' ? 'CPR' : null, schema.getType(typeName) as GraphQLInputType | undefined, `$${name}`, problems);
          }
          visit(document, visitWithTypeInfo(typeInfo, {
            Argument(node) {
              const type = typeInfo.getInputType();
              if (type) checkLiteral(node.value, type, node.name.value, problems);
            },
          }));
          if (problems.length > 0) {
            throw new GraphQLError(`Invalid CPR number: ${problems.join('; ')}.`, { extensions: { code: 'BAD_USER_INPUT', reason: problems[0], http: { status: 400 } } });
          }
        },
      };
    },
  };
}

function namedTypeOf(node: { kind: string; type?: unknown; name?: { value: string } }): string {
  return node.kind === Kind.NAMED_TYPE ? (node.name as { value: string }).value : namedTypeOf(node.type as never);
}

function checkLiteral(node: ValueNode, type: GraphQLInputType, where: string, problems: string[]): void {
  const named = getNamedType(type);
  if (node.kind === Kind.LIST) return node.values.forEach((v) => checkLiteral(v, type, where, problems));
  if (named.name === 'CPR' && node.kind === Kind.STRING) {
    const parsed = parseCpr(node.value);
    if (!parsed.ok) problems.push(`${where}: ${parsed.reason}`);
    return;
  }
  if (isInputObjectType(named) && node.kind === Kind.OBJECT) {
    const fields = named.getFields();
    for (const field of node.fields) {
      const fieldType = fields[field.name.value]?.type;
      if (fieldType) checkLiteral(field.value, fieldType, `${where}.${field.name.value}`, problems);
    }
  }
}

function checkValue(value: unknown, cprType: 'CPR' | null, type: GraphQLInputType | undefined, where: string, problems: string[]): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) return value.forEach((v, i) => checkValue(v, cprType, type, `${where}[${i}]`, problems));
  if (cprType === 'CPR') {
    const parsed = typeof value === 'string' ? parseCpr(value) : { ok: false as const, reason: 'a CPR number must be a string' };
    if (!parsed.ok) problems.push(`${where}: ${parsed.reason}`);
    return;
  }
  const named = type ? getNamedType(type) : undefined;
  if (named && isInputObjectType(named) && typeof value === 'object') {
    for (const [key, field] of Object.entries(named.getFields())) {
      const fieldNamed = getNamedType(field.type);
      checkValue((value as Record<string, unknown>)[key], fieldNamed.name === 'CPR' ? 'CPR' : null, field.type, `${where}.${key}`, problems);
    }
  }
}
