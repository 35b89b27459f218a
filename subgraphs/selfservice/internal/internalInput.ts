import { DOMAINS as REGISTRY_DOMAINS } from '../../../systems/registry';
import type { ServiceCatalogue } from '../../../domain/catalogue/catalogue';
import { parseCpr } from '../../../domain/cpr';
import { isIsoDate } from '../../../domain/dateScalar';
import { MAX_ACTOR_NAME_LENGTH } from '../../kit/accessLog';
import {
  type AccessLogEntry,
  type ActingContextQuery,
  type FilingEntry,
  type GrantorsInForceQuery,
  MAX_ACCESS_LOG_ENTRIES,
  MAX_GRANTORS_PER_QUERY,
} from '../client/selfserviceClient';

/** Checks the internal endpoints' bodies; an InvalidBody becomes HTTP 400 naming the field. */
export class InvalidBody extends Error {}

const ROLES = ['DELEGATE', 'CASEWORKER', 'CUSTODIAN', 'SYSTEM'];
const DOMAINS: readonly string[] = REGISTRY_DOMAINS;
const CHANNELS = ['DIGITAL_SELF_SERVICE', 'DELEGATE', 'ASSISTED'];

export function actingContextQuery(body: unknown): ActingContextQuery {
  const b = record(body, 'body');
  return { actorCpr: cpr(b.actorCpr, 'actorCpr'), subjectCpr: cpr(b.subjectCpr, 'subjectCpr'), onDate: date(b.onDate, 'onDate') };
}

export function accessLogEntries(body: unknown): AccessLogEntry[] {
  const list = record(body, 'body').entries;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_ACCESS_LOG_ENTRIES) {
    throw new InvalidBody(`entries must be an array of 1 to ${MAX_ACCESS_LOG_ENTRIES} entries`);
  }
  return list.map((item, i) => {
    const at = `entries[${i}]`;
    const e = record(item, at);
    return {
      subjectCpr: cpr(e.subjectCpr, `${at}.subjectCpr`),
      actorId: text(e.actorId, `${at}.actorId`, 200),
      actorRole: oneOf(e.actorRole, ROLES, `${at}.actorRole`) as AccessLogEntry['actorRole'],
      actorAuthority: e.actorAuthority == null ? undefined : text(e.actorAuthority, `${at}.actorAuthority`, 100),
      actorName: e.actorName == null ? undefined : text(e.actorName, `${at}.actorName`, MAX_ACTOR_NAME_LENGTH),
      domain: oneOf(e.domain, DOMAINS, `${at}.domain`) as AccessLogEntry['domain'],
      operation: text(e.operation, `${at}.operation`, 300),
      requestId: text(e.requestId, `${at}.requestId`, 100),
      at: instant(e.at, `${at}.at`),
    };
  });
}

export function grantorsInForceQuery(body: unknown): GrantorsInForceQuery {
  const list = record(body, 'body').grantorCprs;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_GRANTORS_PER_QUERY) {
    throw new InvalidBody(`grantorCprs must be an array of 1 to ${MAX_GRANTORS_PER_QUERY} CPR numbers`);
  }
  return { grantorCprs: list.map((item, i) => cpr(item, `grantorCprs[${i}]`)) };
}

export function filingEntry(body: unknown, catalogue: ServiceCatalogue): FilingEntry {
  const e = record(record(body, 'body').entry, 'entry');
  const service = text(e.service, 'entry.service', 100);
  if (!catalogue.has(service)) throw new InvalidBody(`entry.service "${service}" is not in the service catalogue`);
  const municipalityCode = text(e.municipalityCode, 'entry.municipalityCode', 4);
  if (!/^\d{4}$/.test(municipalityCode)) throw new InvalidBody('entry.municipalityCode must be four digits');
  return {
    service,
    channel: oneOf(e.channel, CHANNELS, 'entry.channel') as FilingEntry['channel'],
    municipalityCode,
    subjectCpr: cpr(e.subjectCpr, 'entry.subjectCpr'),
    filedAt: instant(e.filedAt, 'entry.filedAt'),
    reference: text(e.reference, 'entry.reference', 200),
  };
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new InvalidBody(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

function cpr(value: unknown, what: string): string {
  const parsed = parseCpr(typeof value === 'string' ? value : '');
  if (!parsed.ok) throw new InvalidBody(`${what} must be a CPR number: ${parsed.reason}`);
  return parsed.value.cpr;
}

function date(value: unknown, what: string): string {
  if (typeof value !== 'string' || !isIsoDate(value)) throw new InvalidBody(`${what} must be an ISO date (YYYY-MM-DD)`);
  return value;
}

function instant(value: unknown, what: string): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(Date.parse(value)))
    throw new InvalidBody(`${what} must be an ISO 8601 instant`);
  return new Date(value).toISOString();
}

function text(value: unknown, what: string, max: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) throw new InvalidBody(`${what} must be a string of 1 to ${max} characters`);
  return value;
}

function oneOf(value: unknown, allowed: readonly string[], what: string): string {
  if (typeof value !== 'string' || !allowed.includes(value)) throw new InvalidBody(`${what} must be one of ${allowed.join(', ')}`);
  return value;
}
