import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '../../platform/clock';
import type { FaultSettings } from '../kit/faults';
import { startStandIn, type RunningStandIn, type StandInRequest, type StandInResponse } from '../kit/standIn';
import { MUNICIPALITIES } from '../../personas/names';
import type { Address, Population } from '../population';
import { CPR_ERRORS, type CprErrorKind } from './errorCodes';
import { personRecords } from './personRecords';
import { CRLF, decode, encode, LAYOUTS, lineWidth, RecordError } from './records';
import { PopulationRegister } from './register';

export interface CprStandInOptions {
  readonly population: Population;
  readonly port?: number;
  readonly faults?: Partial<FaultSettings>;
  /** The register's clock, stamped on each batch header. */
  readonly clock?: Clock;
}

/** Largest number of CPR numbers one lookup may carry, as the register allows. */
export const MAX_LOOKUP_BATCH = 100;

const LATIN1_HEADERS = { 'content-type': 'text/plain; charset=ISO-8859-1' };
const KNOWN_MUNICIPALITIES = new Set(MUNICIPALITIES.map((m) => m.code));

/**
 * The population register stand-in: batch person lookup and address change in fixed-width
 * ISO-8859-1 records (legacy/cpr/RECORDS.md). Data lives in memory, seeded from the population.
 */
export function startCprStandIn(options: CprStandInOptions): Promise<RunningStandIn> {
  const register = new PopulationRegister(options.population);
  const sexOf = (cpr: string) => options.population.byCpr.get(cpr)?.sex ?? null;
  const clock = options.clock ?? systemClock;

  function lookup(request: StandInRequest): StandInResponse {
    const lines = requestLines(request.body);
    if (lines.length > MAX_LOOKUP_BATCH) return errorResponse(400, 'TOO_MANY');
    if (lines.some((line) => !/^\d{10}$/.test(line))) return errorResponse(400, 'MALFORMED_REQUEST');
    request.record('PersonLookup', lines);
    const records = lines.flatMap((cpr) => {
      const entry = register.find(cpr);
      return entry ? personRecords(entry, sexOf) : [notFoundRecord(cpr)];
    });
    return batchResponse(clock, request, lines.length, records);
  }

  /** Answers by client reference: a resent change gets its first answer and writes nothing. */
  const answeredChanges = new Map<string, { readonly request: string; readonly records: readonly string[] }>();

  function addressChange(request: StandInRequest): StandInResponse {
    const lines = requestLines(request.body);
    let values: Record<string, string | null>;
    try {
      if (lines.length !== 1) throw new RecordError(`an address change is one record, got ${lines.length}`);
      values = decode(LAYOUTS.addressChange, lines[0]);
    } catch (error) {
      if (error instanceof RecordError) return errorResponse(400, 'MALFORMED_REQUEST');
      throw error;
    }
    const address = toAddress(values);
    if (!values.cpr || !address) return errorResponse(400, 'INVALID_ADDRESS');
    const reference = values.clientReference;
    // The change without its reference: a resend must carry the very same change.
    const change = lines[0].slice(0, lineWidth(LAYOUTS.address));
    const answered = reference ? answeredChanges.get(reference) : undefined;
    if (answered) {
      if (answered.request !== change) return errorResponse(409, 'REFERENCE_REUSED');
      request.record('AddressChangeReplay', [values.cpr]);
      return batchResponse(clock, request, 1, answered.records);
    }
    request.record('AddressChange', [values.cpr]);
    const records = register.changeAddress(values.cpr, address)
      ? [encode(LAYOUTS.address, { cpr: values.cpr, ...address }) + CRLF]
      : [notFoundRecord(values.cpr)];
    if (reference) answeredChanges.set(reference, { request: change, records });
    return batchResponse(clock, request, 1, records);
  }

  return startStandIn(
    {
      name: 'cpr',
      faults: options.faults,
      failure: (reason) => errorResponse(503, reason === 'down' ? 'DOWN' : 'INJECTED'),
      handle: (request) => {
        if (request.method === 'POST' && request.url.pathname === '/cpr/lookup') return lookup(request);
        if (request.method === 'POST' && request.url.pathname === '/cpr/address-change') return addressChange(request);
        return errorResponse(404, 'UNKNOWN_ENDPOINT');
      },
    },
    options.port ?? 0,
  );
}

/** Header, records, trailer; the trailer counts every record, header and trailer included. */
function batchResponse(clock: Clock, request: StandInRequest, count: number, records: readonly string[]): StandInResponse {
  const header = encode(LAYOUTS.header, { requestId: requestIdOf(request), timestamp: timestamp(clock.now()), count: String(count) }) + CRLF;
  const trailer = encode(LAYOUTS.trailer, { recordCount: String(records.length + 2) }) + CRLF;
  return { status: 200, headers: LATIN1_HEADERS, body: Buffer.from(header + records.join('') + trailer, 'latin1') };
}

function errorResponse(status: number, kind: CprErrorKind): StandInResponse {
  const { code, message } = CPR_ERRORS[kind];
  return { status, headers: LATIN1_HEADERS, body: Buffer.from(encode(LAYOUTS.error, { errorCode: code, message }) + CRLF, 'latin1') };
}

function notFoundRecord(cpr: string): string {
  return encode(LAYOUTS.notFound, { cpr, reason: 'PERSON IKKE FUNDET' }) + CRLF;
}

/** Request lines, CRLF (or bare LF) separated, a final line break optional. */
function requestLines(body: Buffer): string[] {
  const lines = body.toString('latin1').split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function toAddress(values: Record<string, string | null>): Address | null {
  const { street, houseNumber, floor, door, postalCode, city, municipalityCode, movedIn } = values;
  if (!street || !houseNumber || !postalCode || !city || !municipalityCode || !movedIn) return null;
  if (!KNOWN_MUNICIPALITIES.has(municipalityCode)) return null;
  return { street, houseNumber, floor, door, postalCode, city, municipalityCode, movedIn };
}

function requestIdOf(request: StandInRequest): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && /^[\x20-\x7e]{1,36}$/.test(given) ? given : randomUUID();
}

function timestamp(now: Date): string {
  return now.toISOString().replace(/\D/g, '').slice(0, 14);
}
