import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { apiSchemaOf } from './apiSchema';
import { buildSafelistManifest } from './buildSafelistManifest';
import { Safelist, sha256Hex } from './Safelist';

const ROOT = path.join(__dirname, '..', '..');
// Every operation the frontends ship (operations/*.graphql), as npm run safelist reads them.
const OPERATIONS = readdirSync(path.join(ROOT, 'operations'))
  .filter((f) => f.endsWith('.graphql'))
  .map((f) => f.replace(/\.graphql$/, ''))
  .sort();

describe('the safelist manifest', () => {
  let schema: Awaited<ReturnType<typeof apiSchemaOf>>;
  beforeAll(async () => {
    schema = await apiSchemaOf(readFileSync(path.join(ROOT, 'schema', 'supergraph.graphql'), 'utf8'));
  });

  it('operations/safelist.json is what npm run safelist builds from operations/ now (run it if not)', () => {
    const sources = OPERATIONS.map((name) => ({
      file: `operations/${name}.graphql`,
      text: readFileSync(path.join(ROOT, 'operations', `${name}.graphql`), 'utf8'),
    }));
    const result = buildSafelistManifest(sources, schema);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(readFileSync(path.join(ROOT, 'operations', 'safelist.json'), 'utf8')).toBe(`${JSON.stringify(result.manifest, null, 2)}\n`);
  });

  it('includes the fragments an operation uses, from any file, and hashes the printed document', () => {
    const result = buildSafelistManifest(
      [
        { file: 'a.graphql', text: 'query Names($cpr: CPR!) { citizen(cpr: $cpr) { ...Naming } }' },
        { file: 'b.graphql', text: 'fragment Naming on Citizen { name { full } }' },
      ],
      schema,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [entry] = result.manifest.operations;
    expect(entry).toMatchObject({ name: 'Names', type: 'query' });
    expect(entry.body).toContain('fragment Naming on Citizen');
    expect(entry.id).toBe(sha256Hex(entry.body));
  });

  it('lists every problem instead of writing a manifest: unknown fields, anonymous and duplicate operations, missing fragments', () => {
    const result = buildSafelistManifest(
      [
        { file: 'bad.graphql', text: 'query Typo { citizn(cpr: "1203382258") { cpr } }' },
        { file: 'anon.graphql', text: '{ __typename }' },
        { file: 'dup1.graphql', text: 'query Twice { __typename }' },
        { file: 'dup2.graphql', text: 'query Twice { __typename }' },
        { file: 'frag.graphql', text: 'query Lost { me { ...Missing } }' },
        { file: 'syntax.graphql', text: 'query {' },
      ],
      schema,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^bad\.graphql: Typo: Cannot query field "citizn"/),
        expect.stringMatching(/^anon\.graphql: every operation needs a name/),
        'dup2.graphql: operation Twice is defined twice',
        expect.stringMatching(/^frag\.graphql: fragment Missing is not defined/),
        expect.stringMatching(/^syntax\.graphql: Syntax Error/),
      ]),
    );
  });

  it('a manifest whose id is not the hash of its body is refused at start', () => {
    expect(
      () =>
        new Safelist({
          format: 'apollo-persisted-query-manifest',
          version: 1,
          operations: [{ id: 'f'.repeat(64), name: 'X', type: 'query', body: '{ __typename }' }],
        }),
    ).toThrow(/X's id is not the sha256 of its body/);
    expect(() => new Safelist({} as never)).toThrow(/apollo-persisted-query-manifest/);
  });
});
