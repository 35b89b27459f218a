/** Policy configuration: expiry and limits are policy data, not constants in code. */
export interface SelfservicePolicy {
  /** An exemption granted without an end date runs this many years; null grants open-ended (lifelong). */
  readonly exemptionDefaultYears: number | null;
  /** The longest a delegation may run, from its first day. */
  readonly delegationMaxYears: number;
  /** A citizen must be at least this old to grant a delegation. */
  readonly delegationMinGrantorAge: number;
}

export const DEFAULT_SELFSERVICE_POLICY: SelfservicePolicy = {
  exemptionDefaultYears: 2,
  delegationMaxYears: 5,
  delegationMinGrantorAge: 15,
};

/** Fills defaults and checks each field, so a bad policy fails at start. */
export function resolvePolicy(policy: Partial<SelfservicePolicy> = {}): SelfservicePolicy {
  const resolved = { ...DEFAULT_SELFSERVICE_POLICY, ...policy };
  if (resolved.exemptionDefaultYears !== null) wholeYears('exemptionDefaultYears', resolved.exemptionDefaultYears, 1, 100);
  wholeYears('delegationMaxYears', resolved.delegationMaxYears, 1, 100);
  wholeYears('delegationMinGrantorAge', resolved.delegationMinGrantorAge, 0, 130);
  return resolved;
}

function wholeYears(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`selfservice policy: ${name} must be a whole number of years from ${min} to ${max}, got ${value}`);
}
