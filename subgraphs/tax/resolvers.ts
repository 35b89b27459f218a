import { badUserInput } from '../../platform';
import { CprScalar, DateScalar, moneyFromOre, parseCpr } from '../../domain';
import { readForCitizen } from '../kit';
import { TAX_DOMAIN } from './access';
import {
  changePreliminaryIncome,
  incomeYear,
  type ChangePreliminaryIncomeInput,
  type IncomeChangeDeps,
  type IncomeChangeOutcome,
} from './changePreliminaryIncome';
import type { TaxContext } from './context';
import { taxYearKey } from './loaders';

interface CitizenReference {
  readonly cpr: string;
}

/** The subgraph's resolvers; every citizen field is authorized in readForCitizen before the agency is asked. */
export function createResolvers(deps: IncomeChangeDeps) {
  return {
    CPR: CprScalar,
    Date: DateScalar,
    Citizen: {
      // Async so a bad representation fails only its own entity, not the whole _entities list.
      __resolveReference: async ({ cpr }: CitizenReference): Promise<CitizenReference> => {
        // Representations are untyped (_Any): check the number here, not at the agency.
        const parsed = parseCpr(String(cpr));
        if (!parsed.ok) throw badUserInput(`Invalid CPR number: ${parsed.reason}.`, { reason: parsed.reason });
        return { cpr: parsed.value.cpr };
      },
      preliminaryIncomeAssessment: ({ cpr }: CitizenReference, { year }: { year: number }, ctx: TaxContext) =>
        readForCitizen(ctx, cpr, TAX_DOMAIN, () => ctx.loaders.preliminaryAssessment.load(taxYearKey(cpr, incomeYear(year)))),
      annualTaxStatement: ({ cpr }: CitizenReference, { year }: { year: number }, ctx: TaxContext) =>
        readForCitizen(ctx, cpr, TAX_DOMAIN, () => ctx.loaders.annualStatement.load(taxYearKey(cpr, incomeYear(year)))),
    },
    Mutation: {
      changePreliminaryIncome: (_: unknown, args: { input: ChangePreliminaryIncomeInput; idempotencyKey: string }, ctx: TaxContext) =>
        changePreliminaryIncome(deps, ctx, args.input, args.idempotencyKey),
    },
    PreliminaryIncomeChangeResult: {
      receipt: (outcome: IncomeChangeOutcome) => ({
        changeId: outcome.changeId,
        incomeYear: outcome.incomeYear,
        expectedSalary: moneyFromOre(outcome.expectedSalaryOre),
        reason: outcome.reason,
        receivedAt: outcome.receivedAt,
      }),
      citizen: (outcome: IncomeChangeOutcome): CitizenReference => ({ cpr: outcome.cpr }),
      // Read after the mutation invalidated the cached assessment, so this is the agency's answer now.
      assessment: (outcome: IncomeChangeOutcome, _: unknown, ctx: TaxContext) =>
        readForCitizen(ctx, outcome.cpr, TAX_DOMAIN, () => ctx.loaders.preliminaryAssessment.load(taxYearKey(outcome.cpr, outcome.incomeYear))),
    },
  };
}
