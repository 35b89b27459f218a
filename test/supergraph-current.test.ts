import { readFileSync } from 'node:fs';
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { composeSupergraph, readSupergraphConfig, SUPERGRAPH_CONFIG, SUPERGRAPH_FILE } from '../schema/composeSupergraph';
import { renderSupergraphYaml } from '../schema/supergraphYaml';
import { SYSTEMS } from '../systems';

describe('schema/supergraph.graphql', () => {
  it('is what composition of the subgraph schemas produces now (run `npm run compose` if not)', () => {
    const result = composeSupergraph(readSupergraphConfig());
    if (!result.ok) throw new Error(`composition failed:\n${result.errors.join('\n')}`);
    expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(result.supergraphSdl);
  });

  it('supergraph.yaml is rendered from the registry of systems (run `npm run compose` if not)', () => {
    expect(readFileSync(SUPERGRAPH_CONFIG, 'utf8')).toBe(renderSupergraphYaml());
  });

  it('registry-complete: every subgraph folder with a schema is in the registry, and every registry entry has one', () => {
    const root = path.join(__dirname, '..', 'subgraphs');
    const folders = readdirSync(root)
      .filter((name) => existsSync(path.join(root, name, 'schema.graphql')))
      .sort();
    expect(SYSTEMS.map((s) => s.name).sort()).toEqual(folders);
    expect(
      readSupergraphConfig()
        .map((s) => s.name)
        .sort(),
    ).toEqual(folders);
  });

  it("registry-complete: selfservice's DataDomain enum names every domain of the registry (npm run onboard adds it)", () => {
    const schema = readFileSync(path.join(__dirname, '..', 'subgraphs', 'selfservice', 'schema.graphql'), 'utf8');
    const values = /enum DataDomain \{([^}]*)\}/
      .exec(schema)![1]
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => /^[A-Z_]+$/.test(line));
    expect(values.sort()).toEqual(SYSTEMS.map((s) => s.name.toUpperCase()).sort());
  });
});

describe('composition errors', () => {
  it('are reported as readable lines, not thrown', () => {
    const result = composeSupergraph([{ name: 'broken', url: 'http://127.0.0.1:1/graphql', schemaFile: __filename }]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(/^broken \(.*\): Syntax Error/);
  });
});
