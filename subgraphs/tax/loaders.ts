import type DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import { createBatchLoader, type LoaderCaching } from '../kit';
import { toGraphQLError } from '../../platform';
import { toAnnualTaxStatement, toPreliminaryIncomeAssessment, type AnnualTaxStatement, type PreliminaryIncomeAssessment } from './mapping';
import { TAX_SYSTEM, TaxFaultError, type AnnualStatementRecord, type PreliminaryAssessmentRecord, type TaxSoapClient } from './soapClient';

/** Loader key for one citizen's record of one income year. */
export function taxYearKey(cpr: string, year: number): string {
  return `${cpr}|${year}`;
}

/** Cache kinds (part of cache keys): a write invalidates its kind's `${cpr}|${year}` entry. */
export const PRELIMINARY_ASSESSMENT_KIND = 'preliminary-assessment';
export const ANNUAL_STATEMENT_KIND = 'annual-statement';

/** Loads one citizen's record of one income year by `taxYearKey`; null when the agency holds none. */
export interface TaxYearLoader<V> {
  load(key: string): Promise<V | null>;
  /** Forgets this request's answer for the key, e.g. after a write changed it. */
  clear(key: string): void;
}

/**
 * Per-request loaders over the agency's batch reads: one DataLoader per income year, so a
 * request makes one SOAP call per operation and year, whatever the number of citizens, and a
 * failed call fails (or is served stale from the cache) only its own year. The cache holds the
 * agency's records as sent; the kit maps them after it (BatchLoaderOptions.map).
 */
export function createLoaders(client: TaxSoapClient, caching: LoaderCaching = {}) {
  return {
    preliminaryAssessment: yearlyLoader<PreliminaryAssessmentRecord, PreliminaryIncomeAssessment>(
      PRELIMINARY_ASSESSMENT_KIND,
      (year, cprs) => client.getPreliminaryAssessments(year, cprs),
      toPreliminaryIncomeAssessment,
      caching,
    ),
    annualStatement: yearlyLoader<AnnualStatementRecord, AnnualTaxStatement>(
      ANNUAL_STATEMENT_KIND,
      (year, cprs) => client.getAnnualStatements(year, cprs),
      toAnnualTaxStatement,
      caching,
    ),
  };
}

export type TaxLoaders = ReturnType<typeof createLoaders>;

function yearlyLoader<R, V>(
  kind: string,
  fetchYear: (year: number, cprs: readonly string[]) => Promise<ReadonlyMap<string, R>>,
  map: (record: R) => V,
  { cache, freshness }: LoaderCaching,
): TaxYearLoader<V> {
  const loaders = new Map<number, DataLoader<string, V | null>>();
  const loaderFor = (year: number): DataLoader<string, V | null> => {
    let loader = loaders.get(year);
    if (!loader) {
      loader = createBatchLoader<R, V>({
        system: TAX_SYSTEM,
        kind,
        cache,
        freshness,
        map,
        fetchMany: async (keys) => {
          let records: ReadonlyMap<string, R>;
          try {
            records = await fetchYear(year, keys.map(cprOf));
          } catch (error) {
            // Thrown (not returned per key), so the cache can serve stale entries and stores nothing.
            throw taxGraphQLError(error);
          }
          return new Map([...records].map(([cpr, record]) => [taxYearKey(cpr, year), record]));
        },
      });
      loaders.set(year, loader);
    }
    return loader;
  };
  return {
    load: (key) => loaderFor(yearOf(key)).load(key),
    clear(key) {
      loaders.get(yearOf(key))?.clear(key);
    },
  };
}

function cprOf(key: string): string {
  return key.slice(0, key.indexOf('|'));
}

function yearOf(key: string): number {
  return Number(key.slice(key.indexOf('|') + 1));
}

/** The kit's legacy error, plus the agency's own fault code so clients can tell why (e.g. FS-1001: year not kept). */
export function taxGraphQLError(error: unknown): Error {
  const graphQLError = toGraphQLError(error);
  if (!(error instanceof TaxFaultError) || !(graphQLError instanceof GraphQLError)) return graphQLError;
  // Only a code-shaped value goes to clients; the fault's free text stays in the logs.
  if (!error.agencyCode || !/^[A-Za-z0-9-]{1,20}$/.test(error.agencyCode)) return graphQLError;
  return new GraphQLError(graphQLError.message, { extensions: { ...graphQLError.extensions, legacyFaultCode: error.agencyCode } });
}
