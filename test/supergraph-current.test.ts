import { readFileSync } from 'node:fs';
import { composeSupergraph, readSupergraphConfig, SUPERGRAPH_FILE } from '../schema/composeSupergraph';

describe('schema/supergraph.graphql', () => {
  it('is what composition of the subgraph schemas produces now (run `npm run compose` if not)', () => {
    const result = composeSupergraph(readSupergraphConfig());
    if (!result.ok) throw new Error(`composition failed:\n${result.errors.join('\n')}`);
    expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(result.supergraphSdl);
  });

  it('lists every subgraph folder that has a schema', () => {
    const names = readSupergraphConfig().map((s) => s.name).sort();
    expect(names).toEqual(['benefits', 'citizen', 'housing', 'selfservice', 'tax']);
  });
});

describe('composition errors', () => {
  it('are reported as readable lines, not thrown', () => {
    const result = composeSupergraph([{ name: 'broken', url: 'http://127.0.0.1:1/graphql', schemaFile: __filename }]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(/^broken \(.*\): Syntax Error/);
  });
});
