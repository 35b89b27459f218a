import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { apiSchemaOf } from '../gateway/persisted/apiSchema';
import { currentOperationTypes, GENERATED_FILE } from '../scripts/codegen';
import { generateOperationTypes } from '../scripts/codegen/generateOperationTypes';

/** `npm run codegen -- --check` as a test: the committed operation types match operations/*.graphql and the supergraph. */
describe('operation types', () => {
  it('codegen-current: operations/generated/graphql.ts is what `npm run codegen` writes now', async () => {
    expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(await currentOperationTypes());
  });

  it('codegen-checks-operations: an operation the schema does not have is refused, naming its file', async () => {
    const schema = await apiSchemaOf(readFileSync(require.resolve('../schema/supergraph.graphql'), 'utf8'));
    expect(() => generateOperationTypes(schema, [{ file: 'operations/Wrong.graphql', document: parse('query Wrong { noSuchField }') }])).toThrow(
      /operations\/Wrong\.graphql: Cannot query field "noSuchField"/,
    );
  });
});
