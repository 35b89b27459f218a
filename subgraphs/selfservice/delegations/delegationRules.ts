import { ErrorCode } from '../../../platform/errors';
import { GraphQLError } from 'graphql';
import { ageOn, parseCpr } from '../../../domain/cpr';
import { badUserInput } from '../../../platform/errors';
import type { Action } from '../../../domain/caller/types';
import type { ServiceCatalogue } from '../../../domain/catalogue/catalogue';
import type { RegisterLookup } from '../../../domain/register/registerLookup';
import { addYears } from '../dates';
import type { NewDelegation } from './delegationStore';
import type { SelfservicePolicy } from '../policy';

export interface GrantDelegationArgs {
  readonly holderCpr: string;
  readonly services: readonly string[];
  readonly actions: readonly ('READ' | 'FILE')[];
  readonly validFrom?: string | null;
  readonly validTo: string;
}

/** The delegation to store, after every rule of the power of attorney holds. */
export function newDelegation(
  input: GrantDelegationArgs,
  grantorCpr: string,
  today: string,
  policy: SelfservicePolicy,
  catalogue: ServiceCatalogue,
): NewDelegation {
  const grantor = parseCpr(grantorCpr);
  if (!grantor.ok) throw badUserInput(`The signed-in citizen's CPR number is malformed: ${grantor.reason}.`);
  if (ageOn(grantor.value.birthDate, today) < policy.delegationMinGrantorAge) {
    throw new GraphQLError(`A citizen must be ${policy.delegationMinGrantorAge} or older to grant a power of attorney.`, {
      extensions: { code: ErrorCode.FORBIDDEN, reason: 'GRANTOR_TOO_YOUNG', minimumAge: policy.delegationMinGrantorAge },
    });
  }
  if (input.holderCpr === grantor.value.cpr) throw badUserInput('You cannot grant a power of attorney to yourself.', { field: 'holderCpr' });
  const services = checkedServices(input.services, catalogue);
  if (input.actions.length === 0) throw badUserInput('Name at least one action (READ, FILE).', { field: 'actions' });
  const validFrom = input.validFrom ?? today;
  if (validFrom < today) throw badUserInput('validFrom may not be in the past.', { field: 'validFrom' });
  if (input.validTo < validFrom) throw badUserInput('validTo may not be before validFrom.', { field: 'validTo' });
  const latest = addYears(validFrom, policy.delegationMaxYears);
  if (input.validTo > latest)
    throw badUserInput(`A power of attorney runs at most ${policy.delegationMaxYears} years: validTo may be ${latest} at the latest.`, {
      field: 'validTo',
      latest,
    });
  return {
    grantorCpr: grantor.value.cpr,
    holderCpr: input.holderCpr,
    services,
    actions: [...new Set(input.actions)].map((a) => a.toLowerCase() as Action),
    validFrom,
    validTo: input.validTo,
  };
}

/**
 * The holder must be a person the population register knows, so no power of attorney points at a
 * number nobody holds. Asked after every other rule; when the register cannot answer, the
 * LegacyError (system "cpr") refuses the grant: nothing is granted unchecked.
 */
export async function assertHolderInRegister(register: RegisterLookup, holderCpr: string): Promise<void> {
  const known = await register.known([holderCpr]);
  if (!known.has(holderCpr)) {
    throw badUserInput('The population register does not know the CPR number given as holderCpr; check the number.', {
      field: 'holderCpr',
      reason: 'HOLDER_NOT_IN_REGISTER',
    });
  }
}

function checkedServices(codes: readonly string[], catalogue: ServiceCatalogue): string[] {
  const unique = [...new Set(codes)];
  if (unique.length === 0) throw badUserInput('Name at least one service.', { field: 'services' });
  const unknown = unique.filter((code) => !catalogue.has(code));
  if (unknown.length > 0) throw badUserInput(`No such service: ${unknown.join(', ')}. See Query.services.`, { field: 'services', unknownServices: unknown });
  const notDelegable = unique.filter((code) => !catalogue.get(code)!.delegable);
  if (notDelegable.length > 0) throw badUserInput(`These services cannot be delegated: ${notDelegable.join(', ')}.`, { field: 'services', notDelegable });
  return unique;
}
