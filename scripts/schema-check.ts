import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { apiSchemaOf } from '../gateway/persisted/apiSchema';
import { ALLOWED_BREAKING_CHANGES_FILE, readAllowances } from '../schema/allowedBreakingChanges';
import { checkSchema } from '../schema/checkSchema';
import { readSupergraphConfig, SUPERGRAPH_CONFIG, SUPERGRAPH_FILE } from '../schema/composeSupergraph';
import { OPERATIONS_DIR, readClientOperations } from '../schema/operationChecks';
import { formatSchemaCheck } from '../schema/schemaCheckReport';

const USAGE = `Usage: npm run schema:check [-- options]
  --against <git-ref>        compare with schema/supergraph.graphql as committed at <git-ref> (CI: the base)
                             instead of the checked-in file in the working tree
  --baseline <file>          compare with this supergraph file (default schema/supergraph.graphql)
  --allow-breaking "reason"  allow every breaking change of this run, saying why (local runs; CI reads
                             schema/allowed-breaking-changes.json)
  --allow-list <file>        the allow-list (default schema/allowed-breaking-changes.json)
  --config <file>            the subgraphs (default schema/supergraph.yaml)
  --operations <dir>         the client operations (default operations/)
Exit status: 0 passed, 1 a composition error or a breaking change not allowed, 2 bad usage.`;

const ROOT = path.join(__dirname, '..');

interface Options {
  readonly against?: string;
  readonly baseline: string;
  readonly allowBreaking?: string;
  readonly allowList: string;
  readonly config: string;
  readonly operations: string;
}

function parseArgs(argv: readonly string[]): Options {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if (!['--against', '--baseline', '--allow-breaking', '--allow-list', '--config', '--operations'].includes(flag)) usage(`unknown option ${flag}`);
    const value = argv[++i];
    if (value === undefined || value.startsWith('--')) usage(`${flag} needs a value`);
    values.set(flag, value);
  }
  const allowBreaking = values.get('--allow-breaking');
  if (allowBreaking !== undefined && allowBreaking.trim().length < 10)
    usage('--allow-breaking needs a reason of at least 10 characters, e.g. --allow-breaking "the app stopped using Citizen.spouse in 3.2"');
  if (values.has('--against') && values.has('--baseline')) usage('give --against or --baseline, not both');
  return {
    against: values.get('--against'),
    baseline: path.resolve(values.get('--baseline') ?? SUPERGRAPH_FILE),
    allowBreaking: allowBreaking?.trim(),
    allowList: path.resolve(values.get('--allow-list') ?? ALLOWED_BREAKING_CHANGES_FILE),
    config: path.resolve(values.get('--config') ?? SUPERGRAPH_CONFIG),
    operations: path.resolve(values.get('--operations') ?? OPERATIONS_DIR),
  };
}

function usage(problem: string): never {
  console.error(`schema:check: ${problem}\n\n${USAGE}`);
  process.exit(2);
}

/** The baseline supergraph's text, and how to name it in the report. */
function readBaseline(options: Options): { sdl: string; name: string } {
  if (options.against === undefined)
    return { sdl: readFileSync(options.baseline, 'utf8'), name: path.relative(process.cwd(), options.baseline) || options.baseline };
  const file = path.relative(ROOT, SUPERGRAPH_FILE).split(path.sep).join('/');
  try {
    const sdl = execFileSync('git', ['show', `${options.against}:${file}`], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { sdl, name: `${file} at ${options.against}` };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    return usage(`cannot read ${file} at ${options.against}${stderr ? `: ${stderr}` : ''}`);
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const baseline = readBaseline(options);
  const result = await checkSchema({
    subgraphs: readSupergraphConfig(options.config),
    baselineSupergraphSdl: baseline.sdl,
    operations: readClientOperations(options.operations),
    allowances: readAllowances(options.allowList),
    allowBreaking: options.allowBreaking,
    apiSchemaOf,
  });
  const lines = formatSchemaCheck(result, baseline.name);
  (result.passed ? console.log : console.error)(lines.join('\n'));
  process.exit(result.passed ? 0 : 1);
}

main().catch((error) => {
  console.error(`schema:check: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
