import path from 'node:path';
import { refuseDevIssuerUnlessAllowed } from '../gateway/identity/devIssuerAllowed';
import { PERSONAS } from '../legacy/population';
import { isIsoDate } from '../domain/dateScalar';
import { systemClock } from '../platform/clock';
import { writeOutcomesReport } from './report/outcomesReport';
import { localDevIssuer } from './stack/localDevIssuer';

// npm run report -- --from 2026-01-01 --to 2026-12-31 [--out reports/<today>] [--gateway URL] [--token TOKEN]
// Asks the running graph as the analyst (REPORT_TOKEN or --token; else a development token for the
// analyst persona, refused unless NODE_ENV is unset, development or test) and writes report.md and SVGs.
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const from = args.from,
    to = args.to;
  if (!from || !to || !isIsoDate(from) || !isIsoDate(to) || from > to) usage('--from and --to are ISO dates (YYYY-MM-DD), from not after to');
  const gatewayUrl = args.gateway ?? process.env.GATEWAY_URL ?? `http://127.0.0.1:${process.env.GATEWAY_PORT ?? 4000}/graphql`;
  const madeAt = systemClock.now();
  const outDir = path.resolve(args.out ?? path.join('reports', madeAt.toISOString().slice(0, 10)));
  const token = args.token ?? process.env.REPORT_TOKEN ?? (await analystDevToken());
  const written = await writeOutcomesReport({ gatewayUrl, token, from: from!, to: to!, outDir, madeAt });
  process.stdout.write(`Wrote ${path.join(outDir, 'report.md')} and ${written.charts.length} charts.\n`);
}

async function analystDevToken(): Promise<string> {
  refuseDevIssuerUnlessAllowed(process.env.NODE_ENV, 'npm run report (without REPORT_TOKEN or --token)');
  const analyst = PERSONAS.find((p) => p.id === 'analyst');
  if (!analyst) throw new Error('no analyst persona in personas/personas.json');
  const issuer = await localDevIssuer();
  return issuer.mint(analyst);
}

function parseArgs(argv: string[]): Record<string, string | undefined> {
  const known = ['from', 'to', 'out', 'gateway', 'token'];
  const args: Record<string, string | undefined> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]?.replace(/^--/, '');
    if (!known.includes(name) || argv[i + 1] === undefined) usage(`unknown or incomplete argument ${argv[i]}`);
    args[name] = argv[i + 1];
  }
  return args;
}

function usage(why: string): never {
  process.stderr.write(`${why}\nusage: npm run report -- --from YYYY-MM-DD --to YYYY-MM-DD [--out DIR] [--gateway URL] [--token TOKEN]\n`);
  process.exit(2);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
