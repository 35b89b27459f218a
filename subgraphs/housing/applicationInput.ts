import { badUserInput } from '../../platform';
import { oreFromKroner } from '../../domain';
import type { DwellingType, HousingBenefitApplicationFiling } from './types';

/** The mutation's input as GraphQL hands it over (the CPR already checked by its scalar). */
export interface HousingBenefitApplicationInput {
  readonly cpr: string;
  readonly dwellingType: DwellingType;
  readonly monthlyRentKroner?: string | null;
  readonly areaSquareMetres: number;
  readonly residents: number;
  readonly annualHouseholdIncomeKroner: string;
}

/** The housing system takes amounts of at most ten digits of øre. */
const MAX_ORE = 9_999_999_999n;

/**
 * Checks the input before anything is sent, so the applicant gets a BAD_USER_INPUT naming the
 * field instead of the housing system's FEJLKODE; the same limits as the system applies.
 */
export function readApplicationInput(input: HousingBenefitApplicationInput): HousingBenefitApplicationFiling {
  const owned = input.dwellingType === 'OWNER_OCCUPIED';
  const rent = input.monthlyRentKroner ?? null;
  if (owned && rent !== null) throw invalid('monthlyRentKroner', 'An owner-occupied dwelling has no rent: leave monthlyRentKroner out.');
  if (!owned && rent === null) throw invalid('monthlyRentKroner', `monthlyRentKroner is required for a ${input.dwellingType} dwelling.`);
  if (!Number.isInteger(input.areaSquareMetres) || input.areaSquareMetres < 1 || input.areaSquareMetres > 999) {
    throw invalid('areaSquareMetres', `areaSquareMetres must be a whole number from 1 to 999, got ${input.areaSquareMetres}.`);
  }
  if (!Number.isInteger(input.residents) || input.residents < 1 || input.residents > 99) {
    throw invalid('residents', `residents must be a whole number from 1 to 99 (the citizen included), got ${input.residents}.`);
  }
  return {
    cpr: input.cpr,
    dwellingType: input.dwellingType,
    monthlyRentOre: rent === null ? null : amount('monthlyRentKroner', rent),
    areaSquareMetres: input.areaSquareMetres,
    residents: input.residents,
    householdIncomeOre: amount('annualHouseholdIncomeKroner', input.annualHouseholdIncomeKroner),
  };
}

/** The filing as plain JSON (øre as strings): what the idempotency key's request hash is taken over. */
export function filingFingerprint(filing: HousingBenefitApplicationFiling): Record<string, string | number | null> {
  return {
    cpr: filing.cpr,
    dwellingType: filing.dwellingType,
    monthlyRentOre: filing.monthlyRentOre === null ? null : filing.monthlyRentOre.toString(),
    areaSquareMetres: filing.areaSquareMetres,
    residents: filing.residents,
    householdIncomeOre: filing.householdIncomeOre.toString(),
  };
}

function amount(field: string, kroner: string): bigint {
  let ore: bigint;
  try {
    ore = oreFromKroner(kroner);
  } catch {
    throw invalid(field, `${field} is kroner as a decimal string with at most two decimals, like "6472.50"; got ${JSON.stringify(kroner)}.`);
  }
  if (ore < 0n) throw invalid(field, `${field} cannot be negative.`);
  if (ore > MAX_ORE) throw invalid(field, `${field} is larger than the housing-benefit system accepts (at most 99999999.99 kroner).`);
  return ore;
}

function invalid(field: string, message: string) {
  return badUserInput(message, { field });
}
