import type { AxiosResponse } from 'axios';
import { LegacyError, type LegacyHttp } from '../../platform';
import { oreFromKroner } from '../../domain';
import { buildSoapEnvelope, childText, children, parseSoapEnvelope, SoapParseError, type SoapFaultInfo, type SoapNode } from './soapEnvelope';

/** The tax agency's service contract (legacy/tax/tax.wsdl): namespace, operations, limits. */
export const TAX_NAMESPACE = 'urn:skat:forskud:2011';
export const TAX_OPERATIONS = ['GetPreliminaryAssessments', 'GetAnnualStatements', 'SubmitIncomeChange'] as const;
export type TaxOperation = (typeof TAX_OPERATIONS)[number];
export const soapActionOf = (operation: TaxOperation): string => `${TAX_NAMESPACE}/${operation}`;
/** Most CPR numbers the agency takes in one call. */
export const MAX_CPRS_PER_CALL = 100;
export const TAX_SYSTEM = 'tax';

const XML_FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** A forskudsopgørelse as the agency writes it: amounts are kroner decimals ("452000", "455000.50"). */
export interface PreliminaryAssessmentRecord {
  readonly cpr: string;
  readonly incomeYear: string;
  readonly amIndkomst: string;
  readonly pension: string;
  readonly capitalIncome: string;
  readonly deductions: string;
  readonly personalAllowance: string;
  /** Trækprocent in percent, e.g. "37" or "37.5". */
  readonly withholdingRate: string;
  readonly monthlyAllowance: string;
  /** A, B or S. */
  readonly status: string;
  /** xsd:dateTime, with an offset or Z. */
  readonly lastChanged: string;
  readonly changeReason?: string;
}

/** An årsopgørelse as the agency writes it; at most one of residualTax and refund. */
export interface AnnualStatementRecord {
  readonly cpr: string;
  readonly incomeYear: string;
  readonly totalIncome: string;
  readonly taxableIncome: string;
  readonly taxPaid: string;
  readonly taxDue: string;
  readonly residualTax?: string;
  readonly refund?: string;
  /** E or G. */
  readonly status: string;
  /** xsd:date. */
  readonly issued: string;
}

export interface IncomeChangeRequest {
  readonly cpr: string;
  readonly year: number;
  readonly expectedSalaryOre: bigint;
  readonly reason?: string;
  /** Our reference for this change (WSDL ClientReference): resending it gets the first receipt, never a second change. */
  readonly clientReference: string;
}

export interface IncomeChangeReceipt {
  readonly changeId: string;
  readonly cpr: string;
  readonly incomeYear: number;
  readonly expectedSalaryOre: bigint;
  readonly reason?: string;
  /** xsd:dateTime as the agency wrote it. */
  readonly received: string;
}

/** WSDL type ClientReference. */
export const CLIENT_REFERENCE_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

/** A SOAP fault the agency sent for this request (faultcode Client): the request, not the system, is wrong. */
export class TaxFaultError extends LegacyError {
  constructor(
    readonly fault: SoapFaultInfo,
    readonly agencyCode: string | undefined,
    upstreamStatus: number,
  ) {
    super(TAX_SYSTEM, 'fault', `faultcode ${fault.faultcode}${agencyCode ? ` (${agencyCode})` : ''}: ${fault.faultstring}`, upstreamStatus);
    this.name = 'TaxFaultError';
  }
}

export interface TaxSoapClientOptions {
  /** The HTTP path to the agency, with system "tax"; its transport is injectable. */
  readonly http: LegacyHttp;
  /** Endpoint path on the agency's host. */
  readonly path?: string;
}

/**
 * The one client for the tax agency's SOAP 1.1 service. Batch reads take many CPR numbers for
 * one income year per call (split into calls of 100). Every failure is a LegacyError for "tax":
 * a Client fault is 'fault' (TaxFaultError, with the agency's code), a Server fault or HTTP 5xx
 * without a readable fault is 'unavailable', anything else unreadable is 'bad-response'.
 */
export class TaxSoapClient {
  private readonly http: LegacyHttp;
  private readonly path: string;

  constructor(options: TaxSoapClientOptions) {
    if (options.http.system !== TAX_SYSTEM) throw new Error(`TaxSoapClient: http.system must be "${TAX_SYSTEM}", got "${options.http.system}"`);
    this.http = options.http;
    this.path = options.path ?? '/tax';
  }

  /** Preliminary assessments by CPR; a CPR the agency answered NotFound for is absent. */
  async getPreliminaryAssessments(year: number, cprs: readonly string[]): Promise<Map<string, PreliminaryAssessmentRecord>> {
    const found = await this.batched('GetPreliminaryAssessments', year, cprs, 'PreliminaryAssessment');
    return new Map(
      found.map((node) => {
        const record = readPreliminaryAssessment(node);
        return [record.cpr, record];
      }),
    );
  }

  /** Annual statements by CPR; a CPR the agency answered NotFound for is absent. */
  async getAnnualStatements(year: number, cprs: readonly string[]): Promise<Map<string, AnnualStatementRecord>> {
    const found = await this.batched('GetAnnualStatements', year, cprs, 'AnnualStatement');
    return new Map(
      found.map((node) => {
        const record = readAnnualStatement(node);
        return [record.cpr, record];
      }),
    );
  }

  /**
   * Changes the expected salary on a preliminary assessment. The agency files one change per
   * clientReference, so resending the same request after a lost answer is safe.
   */
  async submitIncomeChange(request: IncomeChangeRequest): Promise<IncomeChangeReceipt> {
    const { cpr, year, expectedSalaryOre, reason, clientReference } = request;
    if (expectedSalaryOre < 0n) throw new RangeError(`submitIncomeChange: expectedSalaryOre must be >= 0, got ${expectedSalaryOre}`);
    if (!CLIENT_REFERENCE_PATTERN.test(clientReference)) {
      throw new RangeError(`submitIncomeChange: clientReference must be 1 to 64 letters, digits or . _ : -, got ${JSON.stringify(clientReference)}`);
    }
    // Escaping cannot help here: XML 1.0 has no way to carry these characters at all.
    if (reason !== undefined && XML_FORBIDDEN_CHARACTERS.test(reason)) {
      throw new RangeError('submitIncomeChange: reason contains control characters XML cannot carry');
    }
    const content = await this.call('SubmitIncomeChange', {
      CPR: cpr,
      IncomeYear: year,
      ExpectedAMIndkomst: kronerFromOre(expectedSalaryOre),
      Reason: reason,
      ClientReference: clientReference,
    });
    const receipt = children(content, 'Receipt')[0];
    const received = required(receipt, 'Receipt', ['ChangeId', 'CPR', 'IncomeYear', 'ExpectedAMIndkomst', 'Received']);
    return {
      changeId: received.ChangeId,
      cpr: received.CPR,
      incomeYear: Number(received.IncomeYear),
      expectedSalaryOre: oreFromKronerText(received.ExpectedAMIndkomst),
      reason: childText(receipt, 'Reason'),
      received: received.Received,
    };
  }

  close(): void {
    this.http.close();
  }

  private async batched(operation: TaxOperation, year: number, cprs: readonly string[], element: string): Promise<SoapNode[]> {
    const chunks: string[][] = [];
    for (let i = 0; i < cprs.length; i += MAX_CPRS_PER_CALL) chunks.push(cprs.slice(i, i + MAX_CPRS_PER_CALL));
    const answers = await Promise.all(chunks.map((chunk) => this.call(operation, { IncomeYear: year, CPR: chunk })));
    return answers.flatMap((content) => [...children(content, element)]);
  }

  private async call(operation: TaxOperation, body: Record<string, unknown>): Promise<SoapNode> {
    // Never retry a write: the legacy system may have applied it. Every other operation only reads.
    const kind = operation === 'SubmitIncomeChange' ? 'write' : 'read';
    const response = await this.http.request<string>(
      {
        method: 'POST',
        url: this.path,
        headers: { 'content-type': 'text/xml; charset=utf-8', SOAPAction: `"${soapActionOf(operation)}"` },
        data: buildSoapEnvelope(operation, TAX_NAMESPACE, body),
        responseType: 'text',
        // The body is XML: keep axios from trying JSON on it.
        transformResponse: [(data: unknown) => data],
      },
      { kind, systemFailed: isSystemFailure },
    );
    const status = response.status;
    let message: ReturnType<typeof parseSoapEnvelope>;
    try {
      message = parseSoapEnvelope(typeof response.data === 'string' ? response.data : String(response.data ?? ''));
    } catch (error) {
      if (!(error instanceof SoapParseError)) throw error;
      // A 5xx without a SOAP fault is a proxy or a crashed service, not a malformed answer.
      if (status >= 500) throw new LegacyError(TAX_SYSTEM, 'unavailable', `HTTP ${status} without a SOAP fault`, status);
      throw new LegacyError(TAX_SYSTEM, 'bad-response', `${operation}: ${error.message}`, status);
    }
    if (message.kind === 'fault') throw faultError(message.fault, status);
    if (status < 200 || status >= 300) {
      throw new LegacyError(TAX_SYSTEM, status >= 500 ? 'unavailable' : 'bad-response', `HTTP ${status} with a SOAP body`, status);
    }
    if (message.element !== `${operation}Response`) {
      throw new LegacyError(TAX_SYSTEM, 'bad-response', `${operation} was answered with ${message.element}`, status);
    }
    return message.content;
  }
}

/** HTTP 5xx, except a fault the agency blames on the request (faultcode Client): SOAP 1.1 sends every fault as 500. */
function isSystemFailure(response: AxiosResponse): boolean {
  if (response.status < 500) return false;
  try {
    const message = parseSoapEnvelope(typeof response.data === 'string' ? response.data : String(response.data ?? ''));
    return message.kind !== 'fault' || message.fault.faultcode.split('.')[0] === 'Server';
  } catch {
    return true;
  }
}

function faultError(fault: SoapFaultInfo, status: number): LegacyError {
  // SOAP 1.1 faultcodes may carry dotted subcodes: "Server.Busy" is still the server's fault.
  if (fault.faultcode.split('.')[0] === 'Server') {
    return new LegacyError(TAX_SYSTEM, 'unavailable', `faultcode ${fault.faultcode}: ${fault.faultstring}`, status);
  }
  const agencyError = children(fault.detail, 'AgencyError')[0];
  return new TaxFaultError(fault, childText(agencyError, 'Code'), status);
}

function readPreliminaryAssessment(node: SoapNode): PreliminaryAssessmentRecord {
  const v = required(node, 'PreliminaryAssessment', [
    'CPR',
    'IncomeYear',
    'AMIndkomst',
    'Pension',
    'CapitalIncome',
    'Deductions',
    'PersonalAllowance',
    'WithholdingRate',
    'MonthlyAllowance',
    'Status',
    'LastChanged',
  ]);
  return {
    cpr: v.CPR,
    incomeYear: v.IncomeYear,
    amIndkomst: v.AMIndkomst,
    pension: v.Pension,
    capitalIncome: v.CapitalIncome,
    deductions: v.Deductions,
    personalAllowance: v.PersonalAllowance,
    withholdingRate: v.WithholdingRate,
    monthlyAllowance: v.MonthlyAllowance,
    status: v.Status,
    lastChanged: v.LastChanged,
    ...optional(node, 'ChangeReason', 'changeReason'),
  };
}

function readAnnualStatement(node: SoapNode): AnnualStatementRecord {
  const v = required(node, 'AnnualStatement', ['CPR', 'IncomeYear', 'TotalIncome', 'TaxableIncome', 'TaxPaid', 'TaxDue', 'Status', 'Issued']);
  return {
    cpr: v.CPR,
    incomeYear: v.IncomeYear,
    totalIncome: v.TotalIncome,
    taxableIncome: v.TaxableIncome,
    taxPaid: v.TaxPaid,
    taxDue: v.TaxDue,
    status: v.Status,
    issued: v.Issued,
    ...optional(node, 'ResidualTax', 'residualTax'),
    ...optional(node, 'Refund', 'refund'),
  };
}

/** The texts of the named child elements; a missing one makes the whole answer unreadable. */
function required<K extends string>(node: SoapNode | undefined, element: string, names: readonly K[]): Record<K, string> {
  const values = {} as Record<K, string>;
  for (const name of names) {
    const text = childText(node, name);
    if (text === undefined) throw new LegacyError(TAX_SYSTEM, 'bad-response', `${element} lacks ${name}`);
    values[name] = text;
  }
  return values;
}

function optional<K extends string>(node: SoapNode, name: string, key: K): Partial<Record<K, string>> {
  const text = childText(node, name);
  return text === undefined ? {} : ({ [key]: text } as Record<K, string>);
}

function kronerFromOre(ore: bigint): string {
  return `${ore / 100n}.${String(ore % 100n).padStart(2, '0')}`;
}

function oreFromKronerText(text: string): bigint {
  try {
    return oreFromKroner(text);
  } catch {
    throw new LegacyError(TAX_SYSTEM, 'bad-response', 'a receipt amount is not kroner with at most two decimals');
  }
}
