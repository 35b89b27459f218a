import { assertFilingAllowed, type Channel, oreFromKroner } from '../../domain';
import { badUserInput } from '../../platform';
import { clientReference, finishFiling, logFilingIntent, type SubgraphRuntime } from '../kit';
import { TAX_DOMAIN } from './access';
import type { TaxContext } from './context';
import { PRELIMINARY_ASSESSMENT_KIND, taxGraphQLError, taxYearKey } from './loaders';
import { utcInstant } from './mapping';
import { TAX_SYSTEM, type TaxSoapClient } from './soapClient';

/** The service in the catalogue (kit/catalogue/services.json) this mutation files. */
export const PRELIMINARY_INCOME_SERVICE = 'preliminary-income-assessment';
export const CHANGE_PRELIMINARY_INCOME = 'changePreliminaryIncome';
/** The agency's limits (legacy/tax/tax.wsdl): checked here too, so a bad input never reaches it. */
export const MAX_EXPECTED_SALARY_ORE = 100_000_000_000n;
export const MAX_REASON_LENGTH = 500;
/** Years a question about income tax can sensibly be about; the agency decides which it keeps. */
export const INCOME_YEAR_RANGE = { first: 2000, last: 2100 } as const;

export type IncomeChangeDeps = Pick<SubgraphRuntime, 'cache' | 'selfservice' | 'catalogue' | 'idempotency' | 'logger'> & {
  readonly client: TaxSoapClient;
};

/** The GraphQL input, as coerced (the CPR scalar has already checked the number). */
export interface ChangePreliminaryIncomeInput {
  readonly cpr: string;
  readonly year: number;
  readonly expectedSalary: string;
  readonly reason?: string | null;
}

/** A validated change; the idempotency key's request hash is taken over this, so "450000" and "450000.00" are one request. */
export interface IncomeChange {
  readonly cpr: string;
  readonly year: number;
  readonly expectedSalaryOre: bigint;
  readonly reason?: string;
}

/** The mutation's result as stored with the idempotency key (JSON, so øre as a digit string). */
export interface IncomeChangeOutcome {
  readonly cpr: string;
  readonly changeId: string;
  readonly incomeYear: number;
  readonly expectedSalaryOre: string;
  readonly reason: string | null;
  /** ISO instant, UTC. */
  readonly receivedAt: string;
  readonly channel: Channel;
  readonly exemptionUsed: boolean;
}

/**
 * Files a change of the expected salary with the tax agency, once per idempotency key: the key's
 * row is claimed first, and the agency itself files once per client reference (derived from the
 * key), so even a retry after a lost answer or a rolled-back claim never changes twice.
 */
export async function changePreliminaryIncome(
  deps: IncomeChangeDeps,
  ctx: TaxContext,
  input: ChangePreliminaryIncomeInput,
  idempotencyKey: string,
): Promise<IncomeChangeOutcome> {
  const { exemptionUsed } = assertFilingAllowed({
    ctx: ctx.caller,
    cpr: input.cpr,
    serviceCode: PRELIMINARY_INCOME_SERVICE,
    catalogue: deps.catalogue,
    today: ctx.today,
  });
  const change = parseIncomeChange(input);
  const scope = `${CHANGE_PRELIMINARY_INCOME}:${ctx.caller.actor.id}`;
  const reference = clientReference(scope, idempotencyKey);
  const request = { cpr: change.cpr, year: change.year, expectedSalaryOre: change.expectedSalaryOre.toString(), reason: change.reason ?? null };
  await logFilingIntent({ selfservice: deps.selfservice, ctx, domain: TAX_DOMAIN, mutation: CHANGE_PRELIMINARY_INCOME, subjectCpr: change.cpr });
  const outcome = await deps.idempotency.run<IncomeChangeOutcome>({ scope, key: idempotencyKey, input: request, at: ctx.at }, async () => {
    try {
      const receipt = await deps.client.submitIncomeChange({ ...change, clientReference: reference });
      return {
        cpr: change.cpr,
        changeId: receipt.changeId,
        incomeYear: receipt.incomeYear,
        expectedSalaryOre: receipt.expectedSalaryOre.toString(),
        reason: receipt.reason ?? null,
        receivedAt: utcInstant(receipt.received),
        channel: ctx.caller.channel,
        exemptionUsed: exemptionUsed !== undefined,
      };
    } catch (error) {
      throw taxGraphQLError(error);
    }
  });

  const key = taxYearKey(change.cpr, change.year);
  ctx.loaders.preliminaryAssessment.clear(key);
  await finishFiling({
    logger: deps.logger,
    selfservice: deps.selfservice,
    ctx,
    domain: TAX_DOMAIN,
    mutation: CHANGE_PRELIMINARY_INCOME,
    invalidate: async () => {
      await deps.cache?.invalidate(TAX_SYSTEM, PRELIMINARY_ASSESSMENT_KIND, [key]);
    },
    // The agency's change ids restart with the stand-in; the client reference keeps the uptake reference unique and stable.
    filing: { service: PRELIMINARY_INCOME_SERVICE, subjectCpr: change.cpr, reference: `tax:${outcome.changeId}:${reference}`, channel: outcome.channel },
  });
  return outcome;
}

/** Checks the input the way the agency would, so its refusals are BAD_USER_INPUT naming the field. */
export function parseIncomeChange(input: ChangePreliminaryIncomeInput): IncomeChange {
  const year = incomeYear(input.year, 'input.year');
  let expectedSalaryOre: bigint;
  try {
    expectedSalaryOre = oreFromKroner(input.expectedSalary);
  } catch {
    throw badUserInput(
      `expectedSalary must be kroner as a decimal string with at most two decimals, e.g. "455000" or "455000.50"; got ${JSON.stringify(input.expectedSalary.slice(0, 40))}.`,
      { argument: 'input.expectedSalary' },
    );
  }
  if (expectedSalaryOre < 0n || expectedSalaryOre > MAX_EXPECTED_SALARY_ORE) {
    throw badUserInput('expectedSalary must be from 0 to 1000000000 kroner.', { argument: 'input.expectedSalary' });
  }
  const reason = input.reason ?? undefined;
  if (reason !== undefined && reason.length > MAX_REASON_LENGTH) {
    throw badUserInput(`reason must be at most ${MAX_REASON_LENGTH} characters, got ${reason.length}.`, { argument: 'input.reason' });
  }
  // XML 1.0 cannot carry these at all, so the agency could never record them.
  if (reason !== undefined && /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(reason)) {
    throw badUserInput('reason must not contain control characters.', { argument: 'input.reason' });
  }
  return { cpr: input.cpr, year, expectedSalaryOre, reason: reason === '' ? undefined : reason };
}

export function incomeYear(year: number, argument = 'year'): number {
  if (!Number.isInteger(year) || year < INCOME_YEAR_RANGE.first || year > INCOME_YEAR_RANGE.last) {
    throw badUserInput(`${argument} must be an income year from ${INCOME_YEAR_RANGE.first} to ${INCOME_YEAR_RANGE.last}, got ${year}.`, { argument });
  }
  return year;
}
