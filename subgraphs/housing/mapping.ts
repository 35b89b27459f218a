import { LegacyError } from '../../platform';
import { type Money, isIsoDate, moneyFromOre } from '../../domain';
import type { AnsoegningKvittering, AnsoegningPost, BoligPost, BoligstoettePost } from './housingRecords';
import type {
  Dwelling,
  DwellingType,
  FiledHousingBenefitApplication,
  HousingBenefit,
  HousingBenefitApplication,
  HousingBenefitApplicationFiling,
  HousingBenefitStatus,
} from './types';

/**
 * Housing-benefit records to graph shapes: UPPERCASE keys to camelCase, øre strings to Money,
 * DDMMYYYY to ISO dates, codes to enums.
 *
 * Decision: anything we cannot read (an unknown code, an impossible date, a non-numeric amount)
 * is a LegacyError 'bad-response', never a guess. A status we do not know must not be shown as
 * one we do, and the error names the housing system so the new code gets noticed and added
 * here and to the schema enum. Only the record in question fails; its neighbours in the batch
 * are unaffected (see loaders.ts).
 */

export const HOUSING_SYSTEM = 'housing';

const DWELLING_TYPES: Readonly<Record<string, DwellingType>> = {
  LEJL: 'RENTED_APARTMENT',
  LHUS: 'RENTED_HOUSE',
  VAER: 'RENTED_ROOM',
  ANDL: 'COOPERATIVE_HOUSING',
  EJER: 'OWNER_OCCUPIED',
  AELD: 'SENIOR_HOUSING',
};

const STATUSES: Readonly<Record<string, HousingBenefitStatus>> = {
  UBH: 'PENDING',
  BEV: 'GRANTED',
  AFS: 'REJECTED',
  OPH: 'ENDED',
};

/** The system's "no date". */
const NO_DATE = '00000000';

export function toDwelling(record: BoligPost): Dwelling {
  return {
    type: code(DWELLING_TYPES, record, 'BOLIGTYPE'),
    monthlyRent: optionalMoney(record, 'HUSLEJE_ORE'),
    areaSquareMetres: count(record, 'BOLIGAREAL_M2'),
    residents: count(record, 'ANTAL_BEBOERE'),
    movedInOn: date(record, 'INDFLYTNING_DATO'),
  };
}

export function toHousingBenefit(record: BoligstoettePost): HousingBenefit {
  const from = optionalDate(record, 'PERIODE_FRA');
  const to = optionalDate(record, 'PERIODE_TIL');
  if (from === null && to !== null) throw badResponse('PERIODE_TIL is set but PERIODE_FRA is not');
  if (from !== null && to !== null && to < from) throw badResponse('PERIODE_TIL is before PERIODE_FRA');
  return {
    status: code(STATUSES, record, 'STATUS'),
    monthlyAmount: optionalMoney(record, 'BOLIGSTOETTE_ORE'),
    grantedOn: optionalDate(record, 'BEVILGET_DATO'),
    period: from === null ? null : { from, to },
  };
}

export function toApplication(record: AnsoegningPost): HousingBenefitApplication {
  const applicationNumber = field(record, 'ANSOEGNING_NR').trim();
  if (applicationNumber === '') throw badResponse('ANSOEGNING_NR is empty');
  return {
    applicationNumber,
    receivedOn: date(record, 'MODTAGET_DATO'),
    status: code(STATUSES, record, 'STATUS'),
    decidedOn: optionalDate(record, 'AFGOERELSE_DATO'),
    decisionReason: optionalText(record, 'BEGRUNDELSE'),
  };
}

export function toFiledApplication(receipt: AnsoegningKvittering): FiledHousingBenefitApplication {
  const applicationNumber = field(receipt, 'ANSOEGNING_NR').trim();
  if (applicationNumber === '') throw badResponse('ANSOEGNING_NR is empty');
  return { applicationNumber, status: code(STATUSES, receipt, 'STATUS'), receivedOn: date(receipt, 'MODTAGET_DATO') };
}

/** A filing in the system's own words: UPPERCASE keys, øre and counts as strings. */
export function toLegacyApplication(filing: HousingBenefitApplicationFiling): Record<string, string> {
  const entry = Object.entries(DWELLING_TYPES).find(([, type]) => type === filing.dwellingType);
  if (!entry) throw new Error(`toLegacyApplication: dwellingType must be one of ${Object.values(DWELLING_TYPES).join(', ')}, got ${filing.dwellingType}`);
  return {
    CPRNR: filing.cpr,
    BOLIGTYPE: entry[0],
    HUSLEJE_ORE: filing.monthlyRentOre === null ? '' : filing.monthlyRentOre.toString(),
    BOLIGAREAL_M2: String(filing.areaSquareMetres),
    ANTAL_BEBOERE: String(filing.residents),
    HUSSTANDSINDKOMST_ORE: filing.householdIncomeOre.toString(),
    ...(filing.clientReference === undefined ? {} : { KLIENT_REF: filing.clientReference }),
  };
}

/** DDMMYYYY to YYYY-MM-DD; throws bad-response unless it is a real calendar date. */
export function isoFromLegacyDate(text: string, name = 'date'): string {
  const match = /^(\d{2})(\d{2})(\d{4})$/.exec(text.trim());
  const iso = match ? `${match[3]}-${match[2]}-${match[1]}` : '';
  if (!isIsoDate(iso)) throw badResponse(`${name} is not a DDMMYYYY date: ${JSON.stringify(text)}`);
  return iso;
}

// --- private helpers: each names the field that failed, never the citizen.

type LegacyRecord = object;

function field(record: LegacyRecord, name: string): string {
  const value = (record as Record<string, unknown>)[name];
  if (typeof value !== 'string') throw badResponse(`${name} is missing or not text`);
  return value;
}

function code<T>(table: Readonly<Record<string, T>>, record: LegacyRecord, name: string): T {
  const raw = field(record, name).trim();
  const value = Object.hasOwn(table, raw) ? table[raw] : undefined;
  if (value === undefined) throw badResponse(`${name} has unknown code ${JSON.stringify(raw)}`);
  return value;
}

function date(record: LegacyRecord, name: string): string {
  return isoFromLegacyDate(field(record, name), name);
}

function optionalDate(record: LegacyRecord, name: string): string | null {
  const raw = field(record, name).trim();
  return raw === '' || raw === NO_DATE ? null : isoFromLegacyDate(raw, name);
}

function optionalMoney(record: LegacyRecord, name: string): Money | null {
  const raw = field(record, name).trim();
  if (raw === '') return null;
  if (!/^\d+$/.test(raw)) throw badResponse(`${name} is not a whole number of øre: ${JSON.stringify(raw)}`);
  return moneyFromOre(raw);
}

function count(record: LegacyRecord, name: string): number {
  const raw = field(record, name).trim();
  if (!/^\d{1,6}$/.test(raw)) throw badResponse(`${name} is not a whole number: ${JSON.stringify(raw)}`);
  return Number(raw);
}

function optionalText(record: LegacyRecord, name: string): string | null {
  const text = field(record, name).normalize('NFC').trim();
  return text === '' ? null : text;
}

function badResponse(detail: string): LegacyError {
  return new LegacyError(HOUSING_SYSTEM, 'bad-response', detail);
}
