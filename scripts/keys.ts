import { generateContextKeys } from '../subgraphs/kit/caller';

// npm run keys: a new Ed25519 key pair for caller contexts. The gateway gets the private key
// (CALLER_CONTEXT_PRIVATE_KEY), every subgraph the public one (CALLER_CONTEXT_PUBLIC_KEY).
generateContextKeys().then(({ privateJwk, publicJwk }) => {
  process.stdout.write(`CALLER_CONTEXT_PRIVATE_KEY='${JSON.stringify(privateJwk)}'\n`);
  process.stdout.write(`CALLER_CONTEXT_PUBLIC_KEY='${JSON.stringify(publicJwk)}'\n`);
});
