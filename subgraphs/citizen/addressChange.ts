import { createHash } from 'node:crypto';
import { assertFilingAllowed, type Channel, LegacyError, notFound, type SubgraphRuntime, toGraphQLError, badUserInput } from '../kit';
import { CITIZEN_DOMAIN } from './access';
import { addressFromInput, type ChangeAddressInput } from './addressChangeInput';
import type { CitizenContext } from './context';
import type { CprClient } from './cprClient';
import { CLIENT_REFERENCE_WIDTH } from './cprRecords';
import { CPR_SYSTEM } from './cprResponse';
import { PERSON_KIND } from './loaders';
import { toAddress } from './mapping';
import type { RegisterAddress } from './registerTypes';

/** The catalogue's code for reporting a move (mandatory digital self-service since 2012). */
export const CHANGE_OF_ADDRESS = 'change-of-address';
const MUTATION = 'changeAddress';

export type AddressChangeDeps = Pick<SubgraphRuntime, 'catalogue' | 'idempotency' | 'cache' | 'selfservice' | 'logger'> & {
  readonly cprClient: Pick<CprClient, 'changeAddress'>;
};

/** What the idempotency store keeps for a move: a retry gets exactly this back. */
interface FiledMove {
  readonly cpr: string;
  readonly address: RegisterAddress;
  readonly reference: string;
  readonly channel: Channel;
  readonly exemptionUsed: boolean;
}

/**
 * Mutation.changeAddress: the filing rule first (who may file; ASSISTED needs an exemption), then
 * the input, then one register write per idempotency key. The register write sits outside the
 * idempotency transaction, so it carries a client reference the register itself is idempotent on.
 */
export function createChangeAddressResolver(deps: AddressChangeDeps) {
  return async (_root: unknown, args: { input: ChangeAddressInput; idempotencyKey: string }, context: CitizenContext) => {
    const { cpr } = args.input;
    const { exemptionUsed } = assertFilingAllowed({ ctx: context.caller, cpr, serviceCode: CHANGE_OF_ADDRESS, catalogue: deps.catalogue, today: context.today });
    const address = addressFromInput(args.input);
    const scope = `${MUTATION}:${context.caller.actor.id}`;
    const move = await deps.idempotency.run<FiledMove>({ scope, key: args.idempotencyKey, input: { cpr, ...address } }, async () => {
      const reference = clientReference(scope, args.idempotencyKey);
      const onFile = await registerMove(deps.cprClient, cpr, address, reference);
      return { cpr, address: onFile, reference, channel: context.caller.channel, exemptionUsed: exemptionUsed !== undefined };
    });
    // Also on a retry: each step is idempotent, and a retry heals a step the first attempt lost.
    await forgetCachedPerson(deps, context, cpr);
    context.access.record(cpr, CITIZEN_DOMAIN, `mutation ${MUTATION}`);
    await recordUptake(deps, context, move);
    return { cpr, address: toAddress(move.address), reference: move.reference, channel: move.channel, exemptionUsed: move.exemptionUsed };
  };
}

/** The register's idempotency key for one mutation key: sha256 of scope and key, as many hex digits as the record holds. */
export function clientReference(scope: string, idempotencyKey: string): string {
  return createHash('sha256').update(`${scope}\n${idempotencyKey}`).digest('hex').slice(0, CLIENT_REFERENCE_WIDTH);
}

async function registerMove(client: AddressChangeDeps['cprClient'], cpr: string, address: RegisterAddress, reference: string): Promise<RegisterAddress> {
  let onFile: RegisterAddress | null;
  try {
    onFile = await client.changeAddress(cpr, address, reference);
  } catch (error) {
    // 0003: the register refuses the address itself (an unknown municipality code): the caller can fix that.
    if (error instanceof LegacyError && error.kind === 'fault' && error.detail.startsWith('error record 0003')) {
      throw badUserInput('The population register refused the address: check the municipality code and the postal code.', { legacySystem: CPR_SYSTEM });
    }
    throw toGraphQLError(error);
  }
  if (!onFile) throw notFound('A citizen with this CPR number in the population register');
  return onFile;
}

/** The cached register person is stale now; the next read must ask the register. */
async function forgetCachedPerson(deps: AddressChangeDeps, context: CitizenContext, cpr: string): Promise<void> {
  context.loaders.person.clear(cpr);
  try {
    await deps.cache?.invalidate(CPR_SYSTEM, PERSON_KIND, [cpr]);
  } catch (error) {
    // The move is registered; until the entry expires, reads may show the old address.
    deps.logger.warn('address change: cache entry not invalidated', { message: error instanceof Error ? error.message : String(error), requestId: context.requestId });
  }
}

/** The filing for the uptake figures; lost (logged) if selfservice fails, since the move is registered. */
async function recordUptake(deps: AddressChangeDeps, context: CitizenContext, move: FiledMove): Promise<void> {
  try {
    await deps.selfservice.recordFiling(context.callerToken, {
      service: CHANGE_OF_ADDRESS,
      channel: move.channel,
      municipalityCode: context.caller.subjectMunicipalityCode ?? '0000',
      subjectCpr: move.cpr,
      filedAt: new Date().toISOString(),
      reference: move.reference,
    });
  } catch (error) {
    deps.logger.error('address change registered but its filing was not recorded for uptake', {
      message: error instanceof Error ? error.message : String(error),
      reference: move.reference,
      requestId: context.requestId,
    });
  }
}
