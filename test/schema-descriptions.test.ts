import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedDirective,
  isSpecifiedScalarType,
} from 'graphql';
import { apiSchemaOf } from '../gateway/persisted/apiSchema';

/**
 * The schema is the documentation frontend teams read in the explorer: every type, field,
 * argument, enum value and directive of the API schema (the supergraph without federation's
 * machinery) says what it is. Descriptions go in the subgraphs' SDL, then `npm run compose`.
 */
function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    if (!type.description?.trim()) missing.push(`type ${type.name}`);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description?.trim()) missing.push(`field ${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) if (!arg.description?.trim()) missing.push(`argument ${type.name}.${field.name}(${arg.name})`);
      }
    }
    if (isEnumType(type)) for (const value of type.getValues()) if (!value.description?.trim()) missing.push(`enum value ${type.name}.${value.name}`);
  }
  for (const directive of schema.getDirectives()) {
    if (!isSpecifiedDirective(directive) && !directive.description?.trim()) missing.push(`directive @${directive.name}`);
  }
  return missing;
}

describe('schema descriptions', () => {
  it('schema-described: every type, field, argument and enum value of the supergraph has a description', async () => {
    const schema = await apiSchemaOf(readFileSync(path.join(__dirname, '..', 'schema', 'supergraph.graphql'), 'utf8'));
    expect(undescribed(schema)).toEqual([]);
  });
});
