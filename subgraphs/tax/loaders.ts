import { GraphQLError } from 'graphql';
import { createBatchLoader, toGraphQLError } from '../kit';
import { toAnnualTaxStatement, toPreliminaryIncomeAssessment, type AnnualTaxStatement, type PreliminaryIncomeAssessment } from './mapping';
import { TAX_SYSTEM, TaxFaultError, type TaxSoapClient } from './soapClient';

/** Loader key for one citizen's record of one income year. */
export function taxYearKey(cpr: string, year: number): string {
  return `${cpr}|${year}`;
}

/**
 * Per-request loaders over the agency's batch reads. A batch is split by income year, so a
 * request makes one SOAP call per operation and year, whatever the number of citizens. A failed
 * call fails only its year's keys; a record that does not map fails only its own key.
 */
export function createLoaders(client: TaxSoapClient) {
  return {
    preliminaryAssessment: createBatchLoader<PreliminaryIncomeAssessment | Error>({
      system: TAX_SYSTEM,
      kind: 'preliminary-assessment',
      fetchMany: byYear((year, cprs) => client.getPreliminaryAssessments(year, cprs), toPreliminaryIncomeAssessment),
    }),
    annualStatement: createBatchLoader<AnnualTaxStatement | Error>({
      system: TAX_SYSTEM,
      kind: 'annual-statement',
      fetchMany: byYear((year, cprs) => client.getAnnualStatements(year, cprs), toAnnualTaxStatement),
    }),
  };
}

export type TaxLoaders = ReturnType<typeof createLoaders>;

function byYear<R, V>(
  fetchYear: (year: number, cprs: readonly string[]) => Promise<ReadonlyMap<string, R>>,
  map: (record: R) => V,
): (keys: readonly string[]) => Promise<ReadonlyMap<string, V | Error>> {
  return async (keys) => {
    const cprsByYear = new Map<number, string[]>();
    for (const key of keys) {
      const [cpr, year] = key.split('|');
      const cprs = cprsByYear.get(Number(year)) ?? [];
      cprs.push(cpr);
      cprsByYear.set(Number(year), cprs);
    }
    const results = new Map<string, V | Error>();
    await Promise.all([...cprsByYear].map(async ([year, cprs]) => {
      try {
        const records = await fetchYear(year, cprs);
        for (const [cpr, record] of records) results.set(taxYearKey(cpr, year), mapOrError(map, record));
      } catch (error) {
        const failure = taxGraphQLError(error);
        for (const cpr of cprs) results.set(taxYearKey(cpr, year), failure);
      }
    }));
    return results;
  };
}

function mapOrError<R, V>(map: (record: R) => V, record: R): V | Error {
  try {
    return map(record);
  } catch (error) {
    return taxGraphQLError(error);
  }
}

/** The kit's legacy error, plus the agency's own fault code so clients can tell why (e.g. FS-1001: year not kept). */
export function taxGraphQLError(error: unknown): Error {
  const graphQLError = toGraphQLError(error);
  if (!(error instanceof TaxFaultError) || !(graphQLError instanceof GraphQLError)) return graphQLError;
  // Only a code-shaped value goes to clients; the fault's free text stays in the logs.
  if (!error.agencyCode || !/^[A-Za-z0-9-]{1,20}$/.test(error.agencyCode)) return graphQLError;
  return new GraphQLError(graphQLError.message, { extensions: { ...graphQLError.extensions, legacyFaultCode: error.agencyCode } });
}
