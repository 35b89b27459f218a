/**
 * The one clock. Every instant and every "today" the graph uses for domain data (policy
 * decisions, access-log entries, filings, idempotency rows, delegation and exemption dates,
 * token and caller-context lifetimes) comes from a Clock made once per process and injected.
 * Nothing else reads the machine's clock for domain data (test/clock-discipline.test.ts).
 * Monotonic timers (cache TTLs, breakers, rate-limit windows, timeouts) are not domain data.
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** The machine's clock: what production and `npm start` run on. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that stands still at a chosen instant until moved: how tests pin the clock, never the
 * calendar. `set` moves it (a later test day), `advance` forward by some milliseconds.
 */
export class PinnedClock implements Clock {
  private at: number;

  /** `at`: an ISO instant, or an ISO date (then 11:30 in Denmark that day, far from either midnight). */
  constructor(at: string | Date) {
    this.at = instantOf(at);
  }

  now(): Date {
    return new Date(this.at);
  }

  set(at: string | Date): void {
    this.at = instantOf(at);
  }

  advance(ms: number): void {
    this.at += ms;
  }
}

/** The time one request is judged by: decided once (at the gateway) and carried with it. */
export interface RequestTime {
  /** The request's instant, ISO 8601 in UTC. */
  readonly at: string;
  /** Its date in Denmark (YYYY-MM-DD): the "today" every policy decision of the request uses. */
  readonly today: string;
}

export function requestTime(clock: Clock): RequestTime {
  const now = clock.now();
  return { at: now.toISOString(), today: danishDate(now) };
}

// Built once: constructing an Intl formatter costs far more than formatting with it.
const DANISH_DATE = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' });

/** The date in Denmark at the given instant, ISO (the Swedish locale writes YYYY-MM-DD). */
export function danishDate(at: Date): string {
  return DANISH_DATE.format(at);
}

/** Seconds since the epoch, as JWT claims count them. */
export function epochSeconds(clock: Clock): number {
  return Math.floor(clock.now().getTime() / 1000);
}

function instantOf(at: string | Date): number {
  if (at instanceof Date) return at.getTime();
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(at) ? `${at}T10:30:00Z` : at);
  if (Number.isNaN(ms)) throw new Error(`PinnedClock: "${at}" is not an ISO date or instant`);
  return ms;
}
