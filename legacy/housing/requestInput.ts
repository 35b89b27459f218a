import type { StandInRequest } from '../kit/standIn';
import { DEFAULT_SIDESTR, type Fejlkode, MAX_SIDESTR } from './replies';

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: Fejlkode };

export const MAX_CPRNR_PER_REQUEST = 100;
const CPRNR = /^\d{10}$/;

/** A JSON body, or VAL004. */
export function jsonBody(request: StandInRequest): Parsed<Record<string, unknown>> {
  try {
    const value: unknown = JSON.parse(request.body.toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? { ok: true, value: value as Record<string, unknown> } : { ok: false, code: 'VAL004' };
  } catch {
    return { ok: false, code: 'VAL004' };
  }
}

/** Distinct CPR numbers in request order; 1 to 100 of them, each ten digits. */
export function cprList(raw: unknown): Parsed<string[]> {
  const list = typeof raw === 'string' ? raw.split(',').map((c) => c.trim()) : raw;
  if (!Array.isArray(list) || list.length === 0) return { ok: false, code: 'VAL001' };
  if (!list.every((c): c is string => typeof c === 'string' && CPRNR.test(c))) return { ok: false, code: 'VAL001' };
  const distinct = [...new Set(list)];
  return distinct.length > MAX_CPRNR_PER_REQUEST ? { ok: false, code: 'VAL002' } : { ok: true, value: distinct };
}

/** SIDE (from 1) and SIDESTR (1..100, default 20), from query or body; absent means default. */
export function paging(rawPage: unknown, rawSize: unknown): Parsed<{ page: number; size: number }> {
  const page = rawPage === undefined || rawPage === null ? 1 : Number(rawPage);
  const size = rawSize === undefined || rawSize === null ? DEFAULT_SIDESTR : Number(rawSize);
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(size) || size < 1 || size > MAX_SIDESTR) return { ok: false, code: 'VAL003' };
  return { ok: true, value: { page, size } };
}

export function query(request: StandInRequest, name: string): string | undefined {
  return request.url.searchParams.get(name) ?? undefined;
}
