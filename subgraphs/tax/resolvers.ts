import { badUserInput, CprScalar, DateScalar, parseCpr } from '../kit';
import { taxYearKey, type TaxLoaders } from './loaders';

export interface TaxContext {
  readonly requestId: string;
  readonly loaders: TaxLoaders;
}

interface CitizenReference {
  readonly cpr: string;
}

/** Years a question about income tax can sensibly be about; the agency decides which it keeps. */
export const INCOME_YEAR_RANGE = { first: 2000, last: 2100 } as const;

export const resolvers = {
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
    preliminaryIncomeAssessment: ({ cpr }: CitizenReference, { year }: { year: number }, { loaders }: TaxContext) =>
      loaders.preliminaryAssessment.load(taxYearKey(cpr, incomeYear(year))),
    annualTaxStatement: ({ cpr }: CitizenReference, { year }: { year: number }, { loaders }: TaxContext) =>
      loaders.annualStatement.load(taxYearKey(cpr, incomeYear(year))),
  },
};

function incomeYear(year: number): number {
  if (year < INCOME_YEAR_RANGE.first || year > INCOME_YEAR_RANGE.last) {
    throw badUserInput(`year must be an income year from ${INCOME_YEAR_RANGE.first} to ${INCOME_YEAR_RANGE.last}, got ${year}.`, { argument: 'year' });
  }
  return year;
}
