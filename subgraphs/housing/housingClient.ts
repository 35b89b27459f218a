import type { AxiosResponse } from 'axios';
import { type CallKind, LegacyError, type LegacyHttp } from '../../platform';
import type { AnsoegningKvittering, AnsoegningPost, AnsoegningSide, BoligPost, BoligstoettePost, Fejl } from './housingRecords';
import { HOUSING_SYSTEM, toFiledApplication, toLegacyApplication } from './mapping';
import type { FiledHousingBenefitApplication, HousingBenefitApplicationFiling } from './types';

/** The most CPR numbers the housing system takes in one call, and its largest page. */
export const HOUSING_MAX_BATCH = 100;

/**
 * The one client for the housing-benefit system's REST/JSON API. Batch lookups take many CPR
 * numbers in one call; every failure is a LegacyError naming the system: HTTP 5xx is
 * 'unavailable', 4xx with { FEJLKODE, FEJLTEKST } is 'fault' (the code in the detail), and an
 * answer of the wrong shape is 'bad-response'. Records come back as sent; mapping.ts reads them.
 */
export class HousingClient {
  private readonly http: LegacyHttp;

  constructor(options: { readonly http: LegacyHttp }) {
    this.http = options.http;
    if (this.http.system !== HOUSING_SYSTEM) throw new Error(`HousingClient: the LegacyHttp must be for system "${HOUSING_SYSTEM}", got "${this.http.system}"`);
  }

  /** Dwellings by CPR number; citizens without one are absent from the map. */
  async dwellings(cprs: readonly string[]): Promise<Map<string, BoligPost>> {
    return this.lookup<BoligPost>('/bolig/opslag', cprs);
  }

  /** Housing-benefit cases by CPR number; citizens without one are absent from the map. */
  async housingBenefits(cprs: readonly string[]): Promise<Map<string, BoligstoettePost>> {
    return this.lookup<BoligstoettePost>('/ydelse/boligstoette/opslag', cprs);
  }

  /** The same page (1-based, legacy paging) of applications for each citizen, newest first; every CPR gets an answer. */
  async applicationPages(cprs: readonly string[], page: number, pageSize: number): Promise<Map<string, AnsoegningSide>> {
    assertPaging(page, pageSize);
    const pages = new Map<string, AnsoegningSide>();
    await Promise.all(
      chunks(cprs).map(async (chunk) => {
        const body = await this.call('POST', '/ydelse/boligstoette/ansoegning/opslag', { CPRNR_LISTE: chunk, SIDE: page, SIDESTR: pageSize }, 'read');
        const results = (body as { RESULTATER?: unknown }).RESULTATER;
        if (!Array.isArray(results)) throw badResponse('the application lookup has no RESULTATER list');
        for (const result of results) {
          const cpr = (result as { CPRNR?: unknown })?.CPRNR;
          if (typeof cpr !== 'string') throw badResponse('an application lookup result has no CPRNR');
          pages.set(cpr, readApplicationPage(result));
        }
      }),
    );
    for (const cpr of cprs) if (!pages.has(cpr)) pages.set(cpr, { ANTAL_I_ALT: 0, POSTER: [] });
    return pages;
  }

  /** One citizen's page of applications (the system's single-citizen list). */
  async applicationPage(cpr: string, page: number, pageSize: number): Promise<AnsoegningSide> {
    assertPaging(page, pageSize);
    const body = await this.call('GET', '/ydelse/boligstoette/ansoegning', undefined, 'read', { cprnr: cpr, side: page, sidestr: pageSize });
    return readApplicationPage(body);
  }

  /**
   * Files an application; the system answers with its number and status PENDING. Idempotent
   * only with a clientReference (KLIENT_REF): the same reference answers with the application
   * filed the first time and files nothing. Invalid input comes back as LegacyError 'fault'
   * with the system's FEJLKODE in the detail (ANS008: the reference was used for another CPR).
   */
  async fileApplication(filing: HousingBenefitApplicationFiling): Promise<FiledHousingBenefitApplication> {
    // Never retry a write: the legacy system may have applied it.
    const body = await this.call('POST', '/ydelse/boligstoette/ansoegning', toLegacyApplication(filing), 'write');
    return toFiledApplication(body as unknown as AnsoegningKvittering);
  }

  close(): void {
    this.http.close();
  }

  // --- private

  /** A batch lookup: chunks of at most 100, each asked for as one page holding all answers. */
  private async lookup<T extends { CPRNR: string }>(path: string, cprs: readonly string[]): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    await Promise.all(
      chunks(cprs).map(async (chunk) => {
        // The system pages every list (20 by default); one page as large as the batch holds all answers.
        const body = await this.call('POST', path, { CPRNR_LISTE: chunk, SIDE: 1, SIDESTR: chunk.length }, 'read');
        const { ANTAL_I_ALT, POSTER } = body as { ANTAL_I_ALT?: unknown; POSTER?: unknown };
        if (!Array.isArray(POSTER) || typeof ANTAL_I_ALT !== 'number') throw badResponse(`${path} answered without ANTAL_I_ALT and POSTER`);
        if (ANTAL_I_ALT !== POSTER.length) throw badResponse(`${path} answered ${POSTER.length} of ${ANTAL_I_ALT} records on one page`);
        for (const record of POSTER) {
          const cpr = (record as { CPRNR?: unknown })?.CPRNR;
          if (typeof cpr !== 'string') throw badResponse(`${path} answered a record without CPRNR`);
          found.set(cpr, record as T);
        }
      }),
    );
    return found;
  }

  /** `kind` is explicit on every call: the batch lookups are POSTs that only read. */
  private async call(method: 'GET' | 'POST', url: string, data: unknown, kind: CallKind, params?: Record<string, unknown>): Promise<Record<string, unknown>> {
    const response = await this.http.request<unknown>({ method, url, data, params, headers: { accept: 'application/json' } }, { kind });
    return readBody(response);
  }
}

function readBody(response: AxiosResponse<unknown>): Record<string, unknown> {
  const { status, data } = response;
  const isObject = typeof data === 'object' && data !== null && !Array.isArray(data);
  if (status >= 200 && status < 300) {
    if (!isObject) throw new LegacyError(HOUSING_SYSTEM, 'bad-response', `HTTP ${status} without a JSON object`, status);
    return data as Record<string, unknown>;
  }
  const fejl = isObject && typeof (data as Partial<Fejl>).FEJLKODE === 'string' ? (data as Fejl) : undefined;
  const detail = fejl ? `${fejl.FEJLKODE}: ${fejl.FEJLTEKST}` : `HTTP ${status}`;
  throw new LegacyError(HOUSING_SYSTEM, status >= 500 ? 'unavailable' : 'fault', detail, status);
}

function readApplicationPage(value: unknown): AnsoegningSide {
  const { ANTAL_I_ALT, POSTER } = (value ?? {}) as { ANTAL_I_ALT?: unknown; POSTER?: unknown };
  if (typeof ANTAL_I_ALT !== 'number' || !Array.isArray(POSTER)) throw badResponse('an application page has no ANTAL_I_ALT and POSTER');
  return { ANTAL_I_ALT, POSTER: POSTER as AnsoegningPost[] };
}

function chunks(cprs: readonly string[]): string[][] {
  const result: string[][] = [];
  for (let i = 0; i < cprs.length; i += HOUSING_MAX_BATCH) result.push(cprs.slice(i, i + HOUSING_MAX_BATCH));
  return result;
}

function assertPaging(page: number, pageSize: number): void {
  if (!Number.isInteger(page) || page < 1) throw new Error(`HousingClient: page is 1-based, got ${page}`);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > HOUSING_MAX_BATCH)
    throw new Error(`HousingClient: pageSize must be 1..${HOUSING_MAX_BATCH}, got ${pageSize}`);
}

function badResponse(detail: string): LegacyError {
  return new LegacyError(HOUSING_SYSTEM, 'bad-response', detail);
}
