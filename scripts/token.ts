import { refuseDevIssuerUnlessAllowed } from '../gateway/identity/devIssuerAllowed';
import { PERSONAS } from '../legacy/population';
import { localDevIssuer } from './stack/localDevIssuer';

// npm run token -- <persona-id>: a development access token for a demo persona, alone on the
// last line. Refuses unless NODE_ENV is unset, development or test. Uses the same key as a running `npm start`.
async function main(): Promise<void> {
  refuseDevIssuerUnlessAllowed(process.env.NODE_ENV, 'npm run token');
  const id = process.argv[2];
  const persona = PERSONAS.find((p) => p.id === id);
  if (!persona) {
    process.stderr.write(`usage: npm run token -- <persona-id>\npersonas: ${PERSONAS.map((p) => p.id).join(', ')}\n`);
    process.exit(2);
  }
  const issuer = await localDevIssuer();
  const token = await issuer.mint(persona);
  process.stderr.write(`# ${persona.name} (${persona.kind}${persona.cpr ? `, CPR ${persona.cpr}` : `, ${persona.authority}`}); valid 8 hours\n`);
  process.stdout.write(`${token}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
