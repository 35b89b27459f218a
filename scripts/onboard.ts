import path from 'node:path';
import { PROTOCOLS, type Protocol } from '../systems/registry';
import { onboard } from './onboard/onboard';

const USAGE = `Usage: npm run onboard -- <name> --protocol ${PROTOCOLS.join('|')} [--from openapi.json|openapi.yaml|service.wsdl]
       [--files <service-code>=<mutation>] [--title "..."] [--legacy-title "..."] [--root <dir>] [--no-compose]

Scaffolds subgraphs/<name>/ (schema, resolvers, batch loaders, client, server, main, wiring, tests) and
legacy/<name>/ (a stand-in with deterministic data), adds the system to systems/registry.ts on the next
free ports and recomposes the supergraph. See docs/onboarding.md.`;

function parse(argv: readonly string[]) {
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') flags.add('help');
    else if (arg === '--no-compose') flags.add('no-compose');
    else if (arg.startsWith('--')) {
      const [key, inline] = arg.slice(2).split(/=(.*)/s, 2);
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value\n\n${USAGE}`);
      values[key] = values[key] && key === 'files' ? `${values[key]},${value}` : value;
    } else positional.push(arg);
  }
  return { values, flags, positional };
}

try {
  const { values, flags, positional } = parse(process.argv.slice(2));
  if (flags.has('help')) {
    console.log(USAGE);
    process.exit(0);
  }
  const known = ['protocol', 'from', 'files', 'title', 'legacy-title', 'root'];
  const unknown = Object.keys(values).filter((k) => !known.includes(k));
  if (unknown.length > 0 || positional.length !== 1 || !values.protocol) throw new Error(USAGE);
  const files = Object.fromEntries(
    (values.files ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => {
        const [service, mutation] = pair.split('=');
        if (!service || !mutation) throw new Error(`--files takes <service-code>=<mutation>, got "${pair}"`);
        return [service, mutation];
      }),
  );
  onboard({
    name: positional[0],
    protocol: values.protocol as Protocol,
    root: values.root ?? path.join(__dirname, '..'),
    from: values.from,
    files,
    title: values.title,
    legacyTitle: values['legacy-title'],
    compose: !flags.has('no-compose'),
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
