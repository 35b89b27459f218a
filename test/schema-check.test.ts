import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { apiSchemaOf } from '../gateway/persisted/apiSchema';
import { type Allowance, readAllowances } from '../schema/allowedBreakingChanges';
import { checkSchema, type SchemaCheckResult } from '../schema/checkSchema';
import { readSupergraphConfig, SUPERGRAPH_FILE, type SubgraphEntry } from '../schema/composeSupergraph';
import { readClientOperations } from '../schema/operationChecks';
import { formatSchemaCheck } from '../schema/schemaCheckReport';

/**
 * `npm run schema:check` (docs/schema-checks.md): composes the subgraphs and compares the API
 * schema with the checked-in supergraph and the client operations in operations/. Every scenario
 * composes from temporary copies of the real subgraph SDL (edited in a temp dir, with a temp
 * supergraph.yaml); the real schema files are only read.
 */
const ROOT = path.join(__dirname, '..');
const BASELINE = readFileSync(SUPERGRAPH_FILE, 'utf8');
const OPERATIONS = readClientOperations();

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'schema-check-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Edits = Record<string, (sdl: string) => string>;

/** Copies every subgraph's SDL into a fresh folder, applying `edits` by subgraph name; returns the temp supergraph.yaml. */
function tempSupergraph(edits: Edits): string {
  const scenario = mkdtempSync(path.join(dir, 'scenario-'));
  const entries = readSupergraphConfig();
  const yaml = ['subgraphs:'];
  for (const s of entries) {
    const original = readFileSync(s.schemaFile, 'utf8');
    const edited = edits[s.name] ? edits[s.name](original) : original;
    if (edits[s.name]) expect(edited).not.toBe(original); // the edit found its text
    const file = path.join(scenario, `${s.name}.graphql`);
    writeFileSync(file, edited);
    yaml.push(`  ${s.name}:`, `    routing_url: ${s.url}`, '    schema:', `      file: ./${s.name}.graphql`);
  }
  const config = path.join(scenario, 'supergraph.yaml');
  writeFileSync(config, `${yaml.join('\n')}\n`);
  return config;
}

function subgraphsWith(edits: Edits): SubgraphEntry[] {
  return readSupergraphConfig(tempSupergraph(edits));
}

function check(edits: Edits, options: { allowances?: Allowance[]; allowBreaking?: string } = {}): Promise<SchemaCheckResult> {
  return checkSchema({
    subgraphs: subgraphsWith(edits),
    baselineSupergraphSdl: BASELINE,
    operations: OPERATIONS,
    allowances: options.allowances ?? [],
    allowBreaking: options.allowBreaking,
    apiSchemaOf,
  });
}

const removeSpouse: Edits = { citizen: (sdl) => sdl.replace(/\n {2}"The spouse,[^\n]*\n {2}spouse: Citizen\n/, '\n') };

const breaking = (r: SchemaCheckResult) => r.changes.filter((c) => c.level === 'BREAKING').map((c) => `${c.type} ${c.coordinate}`);

async function runCli(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      [path.join(ROOT, 'scripts', 'schema-check.ts'), ...args],
      { cwd: ROOT },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, output: (e.stdout ?? '') + (e.stderr ?? '') };
  }
}

describe('schema-check-unchanged', () => {
  it('the subgraphs as checked in: no change, every operation validates, passes', async () => {
    const result = await checkSchema({
      subgraphs: readSupergraphConfig(),
      baselineSupergraphSdl: BASELINE,
      operations: OPERATIONS,
      allowances: [],
      apiSchemaOf,
    });
    expect(result.composition).toEqual([]);
    expect(result.changes).toEqual([]);
    expect(result.operations).toEqual([]);
    expect(result.passed).toBe(true);
  });
});

describe('schema-check-breaking-removed-field', () => {
  it('removing Citizen.spouse fails, naming the field and the operation that asks for it', async () => {
    const result = await check(removeSpouse);
    expect(result.passed).toBe(false);
    expect(breaking(result)).toEqual(['FIELD_REMOVED Citizen.spouse']);
    expect(result.operations.map((o) => o.operation)).toEqual(['FamilyTree']);
    const report = formatSchemaCheck(result, 'schema/supergraph.graphql').join('\n');
    expect(report).toContain('✗ FIELD_REMOVED Citizen.spouse');
    expect(report).toContain('schema:check FAILED');
  });

  it('the command exits 1 and says so', async () => {
    const { code, output } = await runCli(['--config', tempSupergraph(removeSpouse)]);
    expect(code).toBe(1);
    expect(output).toContain('FIELD_REMOVED Citizen.spouse');
    expect(output).toContain('FamilyTree (operations/FamilyTree.graphql)');
  });

  it('removing an enum value is breaking too', async () => {
    const result = await check({ citizen: (sdl) => sdl.replace(/\n {2}"Divorced \(register code F\)."\n {2}DIVORCED/, '') });
    expect(breaking(result)).toEqual(['ENUM_VALUE_REMOVED CivilStatus.DIVORCED']);
    expect(result.passed).toBe(false);
  });
});

describe('schema-check-additive-passes', () => {
  it('a new field and a new enum value pass: the field listed as safe, the enum value as dangerous', async () => {
    const result = await check({
      citizen: (sdl) =>
        sdl
          .replace(
            'type Address @authenticated {\n',
            'type Address @authenticated {\n  "Care of (c/o): the name the post is addressed through; null when none."\n  careOf: String\n',
          )
          .replace('  DIVORCED\n', '  DIVORCED\n  "Separated, not yet divorced (register code S)."\n  SEPARATED\n'),
    });
    expect(result.composition).toEqual([]);
    expect(breaking(result)).toEqual([]);
    expect(result.changes.filter((c) => c.level === 'NON_BREAKING').map((c) => `${c.type} ${c.coordinate}`)).toContain('FIELD_ADDED Address.careOf');
    expect(result.changes.filter((c) => c.level === 'DANGEROUS').map((c) => `${c.type} ${c.coordinate}`)).toEqual(['ENUM_VALUE_ADDED CivilStatus.SEPARATED']);
    expect(result.operations).toEqual([]);
    expect(result.passed).toBe(true);
    expect(formatSchemaCheck(result, 'schema/supergraph.graphql').join('\n')).toContain('schema:check passed.');
  });
});

describe('schema-check-tightened-nullability', () => {
  it('an argument made required, an output made nullable and a required argument added are breaking', async () => {
    const result = await check({
      benefits: (sdl) =>
        sdl.replace('first: Int = 20', 'first: Int!').replace('benefitClaims: [BenefitClaim!]', 'benefitClaims(since: Date!): [BenefitClaim!]'),
      citizen: (sdl) =>
        sdl.replace(
          'type Address @authenticated {\n  "Street name, e.g. \\"Åboulevarden\\"."\n  street: String!',
          'type Address @authenticated {\n  "Street name, e.g. \\"Åboulevarden\\"."\n  street: String',
        ),
    });
    expect(result.composition).toEqual([]);
    expect(breaking(result).sort()).toEqual([
      'FIELD_ARGUMENT_ADDED Citizen.benefitClaims.since',
      'FIELD_ARGUMENT_TYPE_CHANGED Citizen.benefitPayments.first',
      'FIELD_TYPE_CHANGED Address.street',
    ]);
    // Overview asks for benefitClaims without the new required argument.
    expect(result.operations.map((o) => o.operation)).toEqual(['Overview']);
    expect(result.passed).toBe(false);
  });

  it('an output made non-null is safe; an optional argument added is dangerous, and passes', async () => {
    const result = await check({
      citizen: (sdl) =>
        sdl
          .replace('null for a house."\n  floor: String\n', 'null for a house."\n  floor: String!\n')
          .replace('me: Citizen @authenticated', 'me(asOf: Date): Citizen @authenticated'),
    });
    expect(breaking(result)).toEqual([]);
    expect(result.changes.map((c) => `${c.level} ${c.type} ${c.coordinate}`)).toEqual([
      'DANGEROUS FIELD_ARGUMENT_ADDED Query.me.asOf',
      'NON_BREAKING FIELD_TYPE_CHANGED Address.floor',
    ]);
    expect(result.passed).toBe(true);
  });
});

describe('schema-check-operation-no-longer-validates', () => {
  it('a shipped operation that stops validating fails even when the schema change itself is allowed, with file, line and message', async () => {
    const result = await check(removeSpouse, { allowances: [{ coordinate: 'Citizen.spouse', reason: 'the register stops giving spouses to third parties' }] });
    expect(breaking(result)).toEqual(['FIELD_REMOVED Citizen.spouse']);
    expect(result.changes[0].allowed).toBeDefined();
    expect(result.operations).toEqual([
      {
        operation: 'FamilyTree',
        file: path.relative(process.cwd(), path.join(ROOT, 'operations', 'FamilyTree.graphql')),
        errors: [{ message: 'Cannot query field "spouse" on type "Citizen".', line: expect.any(Number), column: 5 }],
      },
    ]);
    expect(result.passed).toBe(false);
  });
});

describe('schema-check-allowed-breaking', () => {
  const allowList = (entries: unknown) => {
    const file = path.join(mkdtempSync(path.join(dir, 'allow-')), 'allowed-breaking-changes.json');
    writeFileSync(file, JSON.stringify({ allowed: entries }));
    return file;
  };

  it('allow-list entries with reasons for the change and the operation let it pass, and the report names them', async () => {
    const allowances = readAllowances(
      allowList([
        { coordinate: 'Citizen.spouse', change: 'FIELD_REMOVED', reason: 'the register stops giving spouses to third parties' },
        { operation: 'FamilyTree', reason: 'the app drops the spouse from the family tree in 4.0' },
        { coordinate: 'Citizen.name', reason: 'matches nothing in this change' },
      ]),
    );
    const result = await check(removeSpouse, { allowances });
    expect(result.passed).toBe(true);
    expect(result.unusedAllowances).toEqual([{ coordinate: 'Citizen.name', reason: 'matches nothing in this change' }]);
    const report = formatSchemaCheck(result, 'schema/supergraph.graphql').join('\n');
    expect(report).toContain('✓ allowed FIELD_REMOVED Citizen.spouse');
    expect(report).toContain('the register stops giving spouses to third parties');
    expect(report).toContain('schema:check passed (2 breaking item(s) allowed explicitly).');
    expect(report).toContain('Allow-list entries that matched nothing');
  });

  it('an entry for another change type at the coordinate does not allow it', async () => {
    const result = await check(removeSpouse, {
      allowances: [
        { coordinate: 'Citizen.spouse', change: 'FIELD_TYPE_CHANGED', reason: 'a different change' },
        { operation: 'FamilyTree', reason: 'the app drops the spouse' },
      ],
    });
    expect(result.passed).toBe(false);
  });

  it('an entry without a reason is refused', () => {
    expect(() => readAllowances(allowList([{ coordinate: 'Citizen.spouse' }]))).toThrow(/allowed\[0\]: needs a "reason"/);
    expect(() => readAllowances(allowList([{ coordinate: 'Citizen.spouse', operation: 'FamilyTree', reason: 'both at once is ambiguous' }]))).toThrow(
      /exactly one of/,
    );
  });

  it('--allow-breaking "reason" passes the run and prints the reason; without a reason it is refused', async () => {
    const config = tempSupergraph(removeSpouse);
    const allowed = await runCli(['--config', config, '--allow-breaking', 'spouse leaves the API in release 4.0']);
    expect(allowed.code).toBe(0);
    expect(allowed.output).toContain('allowed by --allow-breaking: spouse leaves the API in release 4.0');
    const refused = await runCli(['--config', config, '--allow-breaking', '']);
    expect(refused.code).toBe(2);
  });
});

describe('composition-error-names-subgraph-field', () => {
  it('a shared field typed differently in one subgraph names that subgraph, the type, the field, the file and line, with a hint', async () => {
    const result = await check({ tax: (sdl) => sdl.replace(/(type Money @shareable \{[^}]*?)kroner: String!/, '$1kroner: Int!') });
    expect(result.passed).toBe(false);
    expect(result.composition).toHaveLength(1);
    const [problem] = result.composition;
    expect(problem).toMatchObject({ code: 'FIELD_TYPE_MISMATCH', subgraph: 'tax', type: 'Money', field: 'kroner' });
    expect(problem.hint).toMatch(/same type in each/);
    const tax = problem.locations.find((l) => l.subgraph === 'tax');
    expect(tax).toMatchObject({ type: 'Money', field: 'kroner', line: expect.any(Number), column: 3 });
    expect(tax?.file).toMatch(/tax\.graphql$/);
    const report = formatSchemaCheck(result, 'schema/supergraph.graphql').join('\n');
    expect(report).toContain('✗ FIELD_TYPE_MISMATCH (subgraph "tax", type Money, field kroner)');
    expect(report).toMatch(/at .*tax\.graphql:\d+:3 \[tax\] Money\.kroner/);
    expect(report).toContain('hint: ');
  });

  it("a subgraph's own error (a @key on a field it lacks) names the subgraph and type", async () => {
    const result = await check({ tax: (sdl) => sdl.replace('type Citizen @key(fields: "cpr")', 'type Citizen @key(fields: "cprNumber")') });
    expect(result.composition.map((p) => ({ code: p.code, subgraph: p.subgraph, type: p.type }))).toEqual([
      { code: 'KEY_INVALID_FIELDS', subgraph: 'tax', type: 'Citizen' },
    ]);
    expect(result.composition[0].hint).toMatch(/@key/);
  });

  it('an error without locations (a field declared twice) still names subgraph, file, type and field', async () => {
    const result = await check({
      citizen: (sdl) => sdl.replace('null for a house."\n  floor: String\n', 'null for a house."\n  floor: String\n  floor: String\n'),
    });
    expect(result.composition).toHaveLength(1);
    expect(result.composition[0]).toMatchObject({ code: 'INVALID_GRAPHQL', subgraph: 'citizen', type: 'Address', field: 'floor' });
    expect(result.composition[0].locations[0].file).toMatch(/citizen\.graphql$/);
  });

  it('a syntax error names the subgraph, file, line and column', async () => {
    const result = await check({ housing: (sdl) => sdl.replace('type Citizen', 'type Citizen {{') });
    expect(result.composition).toHaveLength(1);
    expect(result.composition[0]).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED', subgraph: 'housing' });
    expect(result.composition[0].locations[0]).toMatchObject({ subgraph: 'housing', line: expect.any(Number), column: expect.any(Number) });
  });

  it('an unmarked personal field (the personal-data check) is named by subgraph, type and field', async () => {
    const result = await check({ citizen: (sdl) => sdl.replace('type Address @authenticated {\n', 'type Address {\n  careOf: String\n') });
    expect(result.passed).toBe(false);
    expect(
      result.composition.some((p) => p.code === 'PERSONAL_FIELD_UNMARKED' && p.subgraph === 'citizen' && p.type === 'Address' && p.field === 'careOf'),
    ).toBe(true);
  });
});
