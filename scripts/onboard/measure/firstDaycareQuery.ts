import { readFileSync } from 'node:fs';
import { startTestStack } from '../../../test/support/testStack';

/**
 * For docs/onboarding.md's figure "command to data in the graph": starts the whole stack as the
 * end-to-end tests do and asks the gateway for Freja's daycare record as her mother Karen (custody).
 * Prints the seconds since the instant in the file named by the first argument (written just before
 * `npm run onboard`). Run: npx tsx scripts/onboard/measure/firstDaycareQuery.ts /tmp/t0
 */
async function main(): Promise<void> {
  const t0 = Number(readFileSync(process.argv[2], 'utf8').trim());
  const started = Date.now();
  const stack = await startTestStack();
  try {
    const query = (cpr: string) => `query { citizen(cpr: "${cpr}") { cpr daycare { status since municipalityCode } } }`;
    const child = await stack.as('karen', '0209144200')(query('0209144200'));
    const own = await stack.as('peter')(query('2011660269'));
    console.log(JSON.stringify([child.body, own.body]));
    console.log(`seconds from starting the stack to the answer: ${((Date.now() - started) / 1000).toFixed(1)}`);
    console.log(`seconds from the command to data in the graph: ${(Date.now() / 1000 - t0).toFixed(1)}`);
  } finally {
    await stack.stop();
  }
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
