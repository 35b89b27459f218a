import { formatServiceCredential, generateContextKeys, generateServiceCredential } from '../domain/caller';
import { FILING_SUBGRAPHS } from '../systems';

// npm run keys: a new Ed25519 key pair for caller contexts and one secret per subgraph for the
// selfservice internal endpoints. The gateway gets the private key (CALLER_CONTEXT_PRIVATE_KEY),
// every subgraph the public one (CALLER_CONTEXT_PUBLIC_KEY) and its own SERVICE_KEY, selfservice
// all of them (INTERNAL_SERVICE_KEYS).

generateContextKeys().then(({ privateJwk, publicJwk }) => {
  const credentials = FILING_SUBGRAPHS.map((name) => generateServiceCredential(name));
  process.stdout.write(`CALLER_CONTEXT_PRIVATE_KEY='${JSON.stringify(privateJwk)}'\n`);
  process.stdout.write(`CALLER_CONTEXT_PUBLIC_KEY='${JSON.stringify(publicJwk)}'\n`);
  for (const c of credentials) process.stdout.write(`# ${c.name} subgraph\nSERVICE_KEY='${formatServiceCredential(c)}'\n`);
  process.stdout.write(`# selfservice\nINTERNAL_SERVICE_KEYS='${credentials.map(formatServiceCredential).join(',')}'\n`);
});
