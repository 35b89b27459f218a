import type { AxiosResponse } from 'axios';
import { type CallKind, LegacyError, type LegacyHttp } from '../../platform';
import { DAYCARE_SYSTEM } from './mapping';
import type { DaycareLegacyRecord, DaycareReceipt, DaycareSubmission } from './records';

/** The most CPR numbers the daycare system takes in one call. */
export const DAYCARE_MAX_BATCH = 100;

/**
 * The one client for the daycare system's REST/JSON API, on the injected transport (LegacyHttp:
 * axios on the shared keep-alive agent, timeouts, retries of reads, circuit breaker, metrics).
 *   POST /daycare/opslag        { CPRNR_LISTE }                              -> { POSTER: [{ CPRNR, STATUS, TILBUD, INSTITUTION, DATO, KOMMUNE, VENTELISTE_NR }] }
 *   POST /daycare/indberetning  { CPRNR, KLIENT_REF, TILBUD, OENSKET_START } -> { REFERENCE, CPRNR, STATUS, MODTAGET, VENTELISTE_NR }
 * Every failure is a LegacyError naming the system: HTTP 5xx is 'unavailable', 4xx with
 * { FEJLKODE, FEJLTEKST } is 'fault', an answer of the wrong shape is 'bad-response'.
 */
export class DaycareClient {
  private readonly http: LegacyHttp;

  constructor(options: { readonly http: LegacyHttp }) {
    this.http = options.http;
    if (this.http.system !== DAYCARE_SYSTEM) throw new Error(`DaycareClient: the LegacyHttp must be for system "${DAYCARE_SYSTEM}", got "${this.http.system}"`);
  }

  /** Records by CPR number, in calls of at most DAYCARE_MAX_BATCH; citizens without one are absent from the map. */
  async records(cprs: readonly string[]): Promise<Map<string, DaycareLegacyRecord>> {
    const found = new Map<string, DaycareLegacyRecord>();
    await Promise.all(
      chunks(cprs, DAYCARE_MAX_BATCH).map(async (chunk) => {
        const body = await this.call('/daycare/opslag', { CPRNR_LISTE: chunk }, 'read');
        const { POSTER } = body as { POSTER?: unknown };
        if (!Array.isArray(POSTER)) throw badResponse('/daycare/opslag answered without POSTER');
        for (const post of POSTER) {
          const { CPRNR, STATUS, TILBUD, INSTITUTION, DATO, KOMMUNE, VENTELISTE_NR } = (post ?? {}) as Record<string, unknown>;
          if (typeof CPRNR !== 'string') throw badResponse('/daycare/opslag answered a record without CPRNR');
          found.set(CPRNR, {
            cpr: CPRNR,
            status: String(STATUS ?? ''),
            offer: String(TILBUD ?? ''),
            institution: String(INSTITUTION ?? ''),
            since: String(DATO ?? ''),
            municipality: String(KOMMUNE ?? ''),
            queue: String(VENTELISTE_NR ?? ''),
          });
        }
      }),
    );
    return found;
  }

  /** Files once per client reference (KLIENT_REF): the same reference answers with the first receipt. Never retried. */
  async submit(submission: DaycareSubmission): Promise<DaycareReceipt> {
    const { cpr, clientReference, offer, wantedStart } = submission;
    const body = await this.call('/daycare/indberetning', { CPRNR: cpr, KLIENT_REF: clientReference, TILBUD: offer, OENSKET_START: wantedStart }, 'write');
    const { REFERENCE, CPRNR, STATUS, MODTAGET, VENTELISTE_NR } = body as Record<string, unknown>;
    if (typeof REFERENCE !== 'string' || typeof CPRNR !== 'string') throw badResponse('/daycare/indberetning answered without REFERENCE and CPRNR');
    return { reference: REFERENCE, cpr: CPRNR, status: String(STATUS ?? ''), received: String(MODTAGET ?? ''), queue: String(VENTELISTE_NR ?? '') };
  }

  close(): void {
    this.http.close();
  }

  /** `kind` is explicit: the batch lookups are POSTs that only read (and may be retried). */
  private async call(url: string, data: unknown, kind: CallKind): Promise<Record<string, unknown>> {
    const response = await this.http.request<unknown>({ method: 'POST', url, data, headers: { accept: 'application/json' } }, { kind });
    return readBody(response);
  }
}

function readBody(response: AxiosResponse<unknown>): Record<string, unknown> {
  const { status, data } = response;
  const isObject = typeof data === 'object' && data !== null && !Array.isArray(data);
  if (status >= 200 && status < 300) {
    if (!isObject) throw new LegacyError(DAYCARE_SYSTEM, 'bad-response', `HTTP ${status} without a JSON object`, status);
    return data as Record<string, unknown>;
  }
  const fejl = isObject ? (data as { FEJLKODE?: unknown; FEJLTEKST?: unknown }) : {};
  const detail = typeof fejl.FEJLKODE === 'string' ? `${fejl.FEJLKODE}: ${String(fejl.FEJLTEKST ?? '')}` : `HTTP ${status}`;
  throw new LegacyError(DAYCARE_SYSTEM, status >= 500 ? 'unavailable' : 'fault', detail, status);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

function badResponse(detail: string): LegacyError {
  return new LegacyError(DAYCARE_SYSTEM, 'bad-response', detail);
}
