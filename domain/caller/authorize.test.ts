import { isAllowed } from './authorize';
import type { CallerContext } from './types';

const INGRID = '1203382258';
const MADS = '1505014207';
const base = { requestId: 'r', at: '2026-11-26T10:30:00.000Z', today: '2026-11-26' } as const;

const self: CallerContext = { ...base, actor: { kind: 'citizen', id: 'm', cpr: MADS, scopes: [] }, channel: 'DIGITAL_SELF_SERVICE' };
const delegate: CallerContext = {
  ...base,
  actor: { kind: 'citizen', id: 'm', cpr: MADS, scopes: [] },
  actingFor: {
    cpr: INGRID,
    basis: 'delegation',
    grants: [
      { domain: 'citizen', actions: ['read'] },
      { domain: 'housing', actions: ['read', 'file'], services: ['housing-benefit'] },
    ],
  },
  channel: 'DELEGATE',
};
const caseworker: CallerContext = {
  ...base,
  actor: { kind: 'caseworker', id: 'c', authority: 'municipality:0751', scopes: ['housing:read'] },
  channel: 'ASSISTED',
};
const analyst: CallerContext = {
  ...base,
  actor: { kind: 'analyst', id: 'a', authority: 'ministry', scopes: ['uptake:read'] },
  channel: 'DIGITAL_SELF_SERVICE',
};

describe('isAllowed', () => {
  it("lets citizens do anything with their own data and nothing with others' on their own", () => {
    expect(isAllowed(self, MADS, 'tax', 'file')).toBe(true);
    expect(isAllowed(self, INGRID, 'citizen', 'read')).toBe(false);
  });
  it('lets a delegate do exactly what the delegation grants, for the grantor only', () => {
    expect(isAllowed(delegate, INGRID, 'housing', 'file', 'housing-benefit')).toBe(true);
    expect(isAllowed(delegate, INGRID, 'housing', 'file', 'child-benefit')).toBe(false);
    expect(isAllowed(delegate, INGRID, 'tax', 'read')).toBe(false);
    expect(isAllowed(delegate, INGRID, 'citizen', 'file')).toBe(false);
    expect(isAllowed(delegate, '0407681258', 'housing', 'read')).toBe(false);
  });
  it('lets caseworkers act within their scopes, for citizens they reach', () => {
    const serving: CallerContext = { ...caseworker, actingFor: { cpr: INGRID, basis: 'caseworker', grants: [] } };
    expect(isAllowed(serving, INGRID, 'housing', 'read')).toBe(true);
    expect(isAllowed(serving, INGRID, 'housing', 'file')).toBe(false);
    expect(isAllowed(serving, INGRID, 'tax', 'read')).toBe(false);
  });
  it('never lets analysts read a citizen', () => {
    expect(isAllowed(analyst, INGRID, 'citizen', 'read')).toBe(false);
  });
});
