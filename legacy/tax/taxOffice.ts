import { type Clock, systemClock } from '../../platform/clock';
import type { Population } from '../population';
import {
  ANNUAL_YEARS,
  PRELIMINARY_YEARS,
  annualStatementFor,
  hasTaxRecords,
  preliminaryAssessmentFor,
  type AnnualStatementFacts,
  type PreliminaryAssessmentFacts,
} from './taxFacts';

export interface IncomeChangeRequest {
  readonly cpr: string;
  readonly year: number;
  readonly expectedSalaryOre: bigint;
  readonly reason?: string;
  /** The caller's reference for this change: sending it again returns the first receipt and changes nothing. */
  readonly clientReference?: string;
}

export interface IncomeChange extends IncomeChangeRequest {
  readonly changeId: string;
  /** xsd:dateTime, UTC. */
  readonly received: string;
}

/** Why the agency refuses a request; the SOAP layer turns it into a Client fault. */
export class AgencyRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AgencyRefusal';
  }
}

export const MAX_REASON_LENGTH = 500;

/**
 * The tax agency's records: derived figures for everyone, plus the income changes citizens
 * submitted to this running stand-in (kept in memory, lost on restart).
 */
export class TaxOffice {
  /** The latest change per `${cpr}|${year}`: what assessments show. */
  private readonly changes = new Map<string, IncomeChange>();
  private readonly byReference = new Map<string, IncomeChange>();
  private readonly history: IncomeChange[] = [];
  private sequence = 0;

  constructor(
    private readonly population: Population,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The assessment, or null when the agency has none (unknown CPR, or under 15). */
  preliminaryAssessment(cpr: string, year: number): PreliminaryAssessmentFacts | null {
    assertYear(year, PRELIMINARY_YEARS, 'preliminary assessments');
    const person = this.population.byCpr.get(cpr);
    if (!person || !hasTaxRecords(person, year)) return null;
    const facts = preliminaryAssessmentFor(person, year);
    const change = this.changes.get(`${cpr}|${year}`);
    if (!change) return facts;
    return { ...facts, salaryOre: change.expectedSalaryOre, status: 'B', lastChanged: change.received, changeReason: change.reason };
  }

  annualStatement(cpr: string, year: number): AnnualStatementFacts | null {
    assertYear(year, ANNUAL_YEARS, 'annual statements');
    const person = this.population.byCpr.get(cpr);
    if (!person || !hasTaxRecords(person, year)) return null;
    return annualStatementFor(person, year);
  }

  /**
   * Files a change. A clientReference already filed returns that first change and writes nothing,
   * so a caller may resend after a lost answer; the same reference for a different change is FS-1008.
   */
  submitIncomeChange(request: IncomeChangeRequest): IncomeChange {
    const { cpr, year, expectedSalaryOre, reason, clientReference } = request;
    const earlier = clientReference === undefined ? undefined : this.byReference.get(clientReference);
    if (earlier) {
      if (!sameChange(earlier, request)) throw new AgencyRefusal('FS-1008', 'this ClientReference was already used for a different income change');
      return earlier;
    }
    if (!this.preliminaryAssessment(cpr, year)) {
      throw new AgencyRefusal('FS-1005', `no preliminary assessment for this citizen in ${year}`);
    }
    if (expectedSalaryOre < 0n || expectedSalaryOre > 100_000_000_000n) {
      throw new AgencyRefusal('FS-1006', 'expected salary must be between 0 and 1,000,000,000 kroner');
    }
    if (reason !== undefined && reason.length > MAX_REASON_LENGTH) {
      throw new AgencyRefusal('FS-1007', `reason is longer than ${MAX_REASON_LENGTH} characters`);
    }
    this.sequence += 1;
    const change: IncomeChange = {
      changeId: `FS-${year}-${String(this.sequence).padStart(6, '0')}`,
      cpr,
      year,
      expectedSalaryOre,
      reason,
      clientReference,
      received: this.clock.now().toISOString(),
    };
    this.changes.set(`${cpr}|${year}`, change);
    this.history.push(change);
    if (clientReference !== undefined) this.byReference.set(clientReference, change);
    return change;
  }

  /** Every change filed with this running stand-in, oldest first; a resent reference adds nothing. */
  incomeChanges(): readonly IncomeChange[] {
    return [...this.history];
  }
}

function sameChange(a: IncomeChangeRequest, b: IncomeChangeRequest): boolean {
  return a.cpr === b.cpr && a.year === b.year && a.expectedSalaryOre === b.expectedSalaryOre && (a.reason ?? '') === (b.reason ?? '');
}

function assertYear(year: number, range: { first: number; last: number }, what: string): void {
  if (!Number.isInteger(year) || year < range.first || year > range.last) {
    throw new AgencyRefusal('FS-1001', `income year ${year} is not available for ${what} (${range.first}-${range.last})`);
  }
}
