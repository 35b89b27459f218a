import { GraphQLError } from 'graphql';
import { decodePaymentCursor, encodePaymentCursor, validatePageSize } from './cursor';

describe('payment cursors', () => {
  it('round-trips a position and is opaque', () => {
    const cursor = encodePaymentCursor({ date: '20261030', id: '1000001' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('20261030');
    expect(decodePaymentCursor(cursor)).toEqual({ date: '20261030', id: '1000001' });
  });

  it.each([
    ["'; DROP TABLE YDL_KRAV; --"],
    [''],
    [Buffer.from('udb1:2026103:1').toString('base64url')],
    [Buffer.from("udb1:20261030:1'--").toString('base64url')],
    [Buffer.from('udb1:20261030:1234567890123456789').toString('base64url')],
    ['A'.repeat(65)],
  ])('refuses %j with BAD_USER_INPUT', (cursor) => {
    expect(() => decodePaymentCursor(cursor)).toThrow(GraphQLError);
    expect(() => decodePaymentCursor(cursor)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
  });

  it('accepts page sizes 0 to 100 only', () => {
    expect(validatePageSize(0)).toBe(0);
    expect(validatePageSize(100)).toBe(100);
    expect(() => validatePageSize(101)).toThrow(/from 0 to 100/);
    expect(() => validatePageSize(-1)).toThrow(/from 0 to 100/);
  });
});
