import type { StandInRequest, StandInResponse } from '../kit/standIn';
import { childText, list, readSoapRequest, SoapFault, soapFault, soapResponse, TAX_NS, type XmlContent } from './soapMessages';
import type { AnnualStatementFacts, PreliminaryAssessmentFacts } from './taxFacts';
import { AgencyRefusal, type TaxOffice } from './taxOffice';

export const TAX_OPERATIONS = ['GetPreliminaryAssessments', 'GetAnnualStatements', 'SubmitIncomeChange'] as const;
export type TaxOperation = (typeof TAX_OPERATIONS)[number];

const MAX_CPRS_PER_CALL = 100;
const CLIENT_REFERENCE_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Answers one SOAP request. Calls are recorded as the SOAP operation name with keys
 * `${cpr}|${year}`, the same keys the tax subgraph's loaders use.
 */
export function handleSoapCall(office: TaxOffice, request: StandInRequest): StandInResponse {
  try {
    const { operation, payload } = readSoapRequest(request.body.toString('utf8'));
    const known = assertOperation(operation, request.headers.soapaction);
    switch (known) {
      case 'GetPreliminaryAssessments': {
        const { year, cprs } = readCprBatch(payload, request, known);
        const assessments = cprs.map((cpr) => office.preliminaryAssessment(cpr, year));
        return soapResponse(
          known,
          resultsByKind(
            'PreliminaryAssessment',
            cprs,
            assessments.map((a) => a && writePreliminaryAssessment(a)),
          ),
        );
      }
      case 'GetAnnualStatements': {
        const { year, cprs } = readCprBatch(payload, request, known);
        const statements = cprs.map((cpr) => office.annualStatement(cpr, year));
        return soapResponse(
          known,
          resultsByKind(
            'AnnualStatement',
            cprs,
            statements.map((s) => s && writeAnnualStatement(s)),
          ),
        );
      }
      case 'SubmitIncomeChange': {
        const cpr = readCpr(childText(payload, 'CPR'));
        const year = readYear(payload);
        request.record(known, [`${cpr}|${year}`]);
        const salaryOre = readKroner(childText(payload, 'ExpectedAMIndkomst'));
        const reasonText = childText(payload, 'Reason');
        const change = office.submitIncomeChange({
          cpr,
          year,
          expectedSalaryOre: salaryOre,
          reason: reasonText === '' ? undefined : reasonText,
          clientReference: readClientReference(payload),
        });
        return soapResponse(known, {
          Receipt: {
            ChangeId: change.changeId,
            CPR: change.cpr,
            IncomeYear: change.year,
            ExpectedAMIndkomst: kronerText(change.expectedSalaryOre, false),
            Reason: change.reason,
            Received: change.received,
            ClientReference: change.clientReference,
          },
        });
      }
    }
  } catch (error) {
    if (error instanceof SoapFault) return soapFault(error);
    if (error instanceof AgencyRefusal) return soapFault(new SoapFault('Client', error.message, error.code));
    throw error;
  }
}

function assertOperation(operation: string, soapActionHeader: string | string[] | undefined): TaxOperation {
  if (!(TAX_OPERATIONS as readonly string[]).includes(operation)) {
    throw new SoapFault('Client', `unknown operation ${operation}; known: ${TAX_OPERATIONS.join(', ')}`, 'FS-1004');
  }
  if (typeof soapActionHeader !== 'string') throw new SoapFault('Client', 'the SOAPAction header is required (SOAP 1.1 over HTTP)', 'FS-1004');
  const action = soapActionHeader.trim().replace(/^"(.*)"$/, '$1');
  if (action !== '' && action !== `${TAX_NS}/${operation}`) {
    throw new SoapFault('Client', `SOAPAction ${action} does not match the body element ${operation}`, 'FS-1004');
  }
  return operation as TaxOperation;
}

function readCprBatch(payload: XmlContent, request: StandInRequest, operation: TaxOperation): { year: number; cprs: string[] } {
  const year = readYear(payload);
  const cprs = typeof payload === 'string' ? [] : list(payload.CPR).map((value) => readCpr(typeof value === 'string' ? value : undefined));
  request.record(
    operation,
    cprs.map((cpr) => `${cpr}|${year}`),
  );
  if (cprs.length < 1 || cprs.length > MAX_CPRS_PER_CALL) {
    throw new SoapFault('Client', `a call takes 1 to ${MAX_CPRS_PER_CALL} CPR numbers, got ${cprs.length}`, 'FS-1002');
  }
  return { year, cprs };
}

function readYear(payload: XmlContent): number {
  const text = childText(payload, 'IncomeYear');
  if (!text || !/^\d{4}$/.test(text)) throw new SoapFault('Client', 'IncomeYear must be a four-digit year', 'FS-1000');
  return Number(text);
}

function readCpr(text: string | undefined): string {
  if (!text || !/^\d{10}$/.test(text)) throw new SoapFault('Client', 'a CPR element must hold ten digits', 'FS-1003');
  return text;
}

/** Optional; when sent, 1 to 64 characters of letters, digits and . _ : - (WSDL type ClientReference). */
function readClientReference(payload: XmlContent): string | undefined {
  if (typeof payload === 'string' || !('ClientReference' in payload)) return undefined;
  const text = childText(payload, 'ClientReference');
  if (!text || !CLIENT_REFERENCE_PATTERN.test(text)) {
    throw new SoapFault('Client', 'ClientReference must be 1 to 64 letters, digits or . _ : -', 'FS-1000');
  }
  return text;
}

function readKroner(text: string | undefined): bigint {
  const match = text ? /^(-?)(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text) : null;
  if (!match) throw new SoapFault('Client', 'ExpectedAMIndkomst must be kroner with at most two decimals', 'FS-1006');
  const ore = BigInt(match[2]) * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -ore : ore;
}

/** Found records under their element name, the rest as NotFound, both in request order. */
function resultsByKind(element: string, cprs: readonly string[], records: readonly (Record<string, unknown> | null)[]): Record<string, unknown> {
  const found = records.filter((record): record is Record<string, unknown> => record !== null);
  const missing = cprs.filter((_, index) => records[index] === null).map((cpr) => ({ CPR: cpr }));
  return { [element]: found, NotFound: missing };
}

function writePreliminaryAssessment(a: PreliminaryAssessmentFacts): Record<string, unknown> {
  return {
    CPR: a.cpr,
    IncomeYear: a.year,
    AMIndkomst: kronerText(a.salaryOre, false),
    Pension: kronerText(a.pensionOre, false),
    CapitalIncome: kronerText(a.capitalIncomeOre, false),
    Deductions: kronerText(a.deductionsOre, false),
    PersonalAllowance: kronerText(a.personalAllowanceOre, false),
    WithholdingRate: percentText(a.withholdingRateBasisPoints),
    MonthlyAllowance: kronerText(a.monthlyAllowanceOre, false),
    Status: a.status,
    LastChanged: a.lastChanged,
    ChangeReason: a.changeReason,
  };
}

function writeAnnualStatement(s: AnnualStatementFacts): Record<string, unknown> {
  const balance = s.taxDueOre - s.taxPaidOre;
  return {
    CPR: s.cpr,
    IncomeYear: s.year,
    TotalIncome: kronerText(s.totalIncomeOre, true),
    TaxableIncome: kronerText(s.taxableIncomeOre, true),
    TaxPaid: kronerText(s.taxPaidOre, true),
    TaxDue: kronerText(s.taxDueOre, true),
    ResidualTax: balance > 0n ? kronerText(balance, true) : undefined,
    Refund: balance < 0n ? kronerText(-balance, true) : undefined,
    Status: s.status,
    Issued: s.issued,
  };
}

/** The agency writes whole kroner on assessments ("452000") and kroner with øre on statements ("452000.50"). */
export function kronerText(ore: bigint, withOre: boolean): string {
  const sign = ore < 0n ? '-' : '';
  const abs = ore < 0n ? -ore : ore;
  const fraction = abs % 100n;
  if (!withOre && fraction === 0n) return `${sign}${abs / 100n}`;
  return `${sign}${abs / 100n}.${String(fraction).padStart(2, '0')}`;
}

function percentText(basisPoints: number): string {
  return basisPoints % 100 === 0 ? String(basisPoints / 100) : (basisPoints / 100).toFixed(2);
}
