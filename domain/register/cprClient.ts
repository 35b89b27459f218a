import { LegacyError } from '../../platform/errors';
import type { CallKind, LegacyHttp } from '../../platform/legacyHttp';
import { encodeRecord, FixedWidthError } from './fixedWidth';
import { CPR_LAYOUT_TABLE, RecordType } from './cprRecords';
import { CPR_SYSTEM, decodeAddressChangeResponse, decodeLookupResponse, readErrorRecord, type AddressChangeAnswer } from './cprResponse';
import type { RegisterAddress, RegisterPerson } from './registerTypes';

/** The register accepts at most this many CPR numbers in one lookup. */
export const CPR_LOOKUP_MAX_BATCH = 100;

const LATIN1_TEXT = 'text/plain; charset=ISO-8859-1';

export interface CprClientOptions {
  /** The transport, for system "cpr" (retries, breaker, timeouts and metrics are its settings). */
  readonly http: LegacyHttp;
}

/**
 * The one client for the population register: fixed-width ISO-8859-1 records over HTTP.
 * Every failure is a LegacyError naming system "cpr".
 */
export class CprClient {
  private readonly http: LegacyHttp;

  constructor(options: CprClientOptions) {
    if (options.http.system !== CPR_SYSTEM) throw new Error(`CprClient: the LegacyHttp must be for system "${CPR_SYSTEM}", got "${options.http.system}"`);
    this.http = options.http;
  }

  /** Looks people up in batches of at most 100 (one register call each); absent from the map = not found. */
  async lookup(cprs: readonly string[]): Promise<ReadonlyMap<string, RegisterPerson>> {
    const unique = [...new Set(cprs)];
    const chunks: string[][] = [];
    for (let i = 0; i < unique.length; i += CPR_LOOKUP_MAX_BATCH) chunks.push(unique.slice(i, i + CPR_LOOKUP_MAX_BATCH));
    const answers = await Promise.all(chunks.map((chunk) => this.lookupBatch(chunk)));
    return new Map(answers.flatMap((answer) => [...answer]));
  }

  /**
   * Registers a move; returns the address now on file, or null when the register does not know
   * the person. Resending the same change with the same clientReference is safe: the register
   * answers it again without moving the person twice.
   */
  async changeAddress(cpr: string, address: RegisterAddress, clientReference: string): Promise<AddressChangeAnswer> {
    let line: string;
    try {
      line = encodeRecord(CPR_LAYOUT_TABLE.get(RecordType.ADDRESS_CHANGE)!, { cpr, ...address, clientReference });
    } catch (error) {
      // A value the register's record cannot hold is the caller's mistake, not the register's.
      if (error instanceof FixedWidthError) throw new RangeError(`address change cannot be sent: ${error.message}`);
      throw error;
    }
    // Never retry a write: the legacy system may have applied it.
    const body = await this.post('/cpr/address-change', `${line}\r\n`, 'write');
    return decodeAddressChangeResponse(body, cpr);
  }

  close(): void {
    this.http.close();
  }

  private async lookupBatch(cprs: readonly string[]): Promise<ReadonlyMap<string, RegisterPerson>> {
    if (cprs.length === 0) return new Map();
    for (const cpr of cprs) {
      if (!/^\d{10}$/.test(cpr)) throw new RangeError('CprClient.lookup takes normalized CPR numbers (ten digits)');
    }
    // A lookup only reads, though the register takes it as a POST.
    const body = await this.post('/cpr/lookup', cprs.map((cpr) => `${cpr}\r\n`).join(''), 'read');
    return decodeLookupResponse(body, cprs).persons;
  }

  /** Sends a latin1 body; returns the answer's bytes for a 200, throws a LegacyError otherwise. */
  private async post(url: string, text: string, kind: CallKind): Promise<Buffer> {
    const response = await this.http.request<ArrayBuffer>(
      {
        method: 'POST',
        url,
        data: Buffer.from(text, 'latin1'),
        headers: { 'content-type': LATIN1_TEXT, accept: 'text/plain' },
        responseType: 'arraybuffer',
      },
      { kind },
    );
    const body = Buffer.from(response.data ?? new ArrayBuffer(0));
    const errorRecord = response.status === 200 ? null : readErrorRecord(body);
    const detail = errorRecord ? `error record ${errorRecord.errorCode}: ${errorRecord.message}` : `HTTP ${response.status}`;
    if (response.status >= 500) throw new LegacyError(CPR_SYSTEM, 'unavailable', detail, response.status);
    if (response.status !== 200) throw new LegacyError(CPR_SYSTEM, errorRecord ? 'fault' : 'bad-response', detail, response.status);
    const contentType = String(response.headers['content-type'] ?? '');
    if (!/charset=iso-8859-1/i.test(contentType)) {
      throw new LegacyError(CPR_SYSTEM, 'bad-response', `expected ${LATIN1_TEXT}, got "${contentType}"`);
    }
    return body;
  }
}
