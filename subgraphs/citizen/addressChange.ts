import { assertFilingAllowed, type Channel } from '../../domain';
import { badUserInput, LegacyError, notFound, toGraphQLError } from '../../platform';
import { clientReference, finishFiling, logFilingIntent, type SubgraphRuntime } from '../kit';
import { CITIZEN_DOMAIN } from './access';
import { addressFromInput, type ChangeAddressInput } from './addressChangeInput';
import type { CitizenContext } from './context';
import type { CprClient } from '../../domain/register/cprClient';
import { CLIENT_REFERENCE_WIDTH } from '../../domain/register/cprRecords';
import { CPR_SYSTEM } from '../../domain/register/cprResponse';
import { PERSON_KIND } from './loaders';
import { toAddress } from './mapping';
import type { RegisterAddress } from '../../domain/register/registerTypes';

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
    const { exemptionUsed } = assertFilingAllowed({
      ctx: context.caller,
      cpr,
      serviceCode: CHANGE_OF_ADDRESS,
      catalogue: deps.catalogue,
      today: context.today,
    });
    const address = addressFromInput(args.input);
    const scope = `${MUTATION}:${context.caller.actor.id}`;
    await logFilingIntent({ selfservice: deps.selfservice, ctx: context, domain: CITIZEN_DOMAIN, mutation: MUTATION, subjectCpr: cpr });
    const move = await deps.idempotency.run<FiledMove>({ scope, key: args.idempotencyKey, input: { cpr, ...address }, at: context.at }, async () => {
      const reference = clientReference(scope, args.idempotencyKey, CLIENT_REFERENCE_WIDTH);
      const onFile = await registerMove(deps.cprClient, cpr, address, reference);
      return { cpr, address: onFile, reference, channel: context.caller.channel, exemptionUsed: exemptionUsed !== undefined };
    });
    context.loaders.person.clear(cpr);
    await finishFiling({
      logger: deps.logger,
      selfservice: deps.selfservice,
      ctx: context,
      domain: CITIZEN_DOMAIN,
      mutation: MUTATION,
      invalidate: async () => {
        await deps.cache?.invalidate(CPR_SYSTEM, PERSON_KIND, [cpr]);
      },
      filing: { service: CHANGE_OF_ADDRESS, subjectCpr: cpr, reference: move.reference, channel: move.channel },
    });
    return { cpr, address: toAddress(move.address), reference: move.reference, channel: move.channel, exemptionUsed: move.exemptionUsed };
  };
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
