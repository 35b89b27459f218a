import { stamped } from '../../test/support/callerContexts';
import { SignJWT } from 'jose';
import { generateContextKeys, signCallerContext } from '../kit/caller';
import { asCitizen, codes, personaCpr, startTestSelfservice, type TestSelfservice } from './testSupport';

const ingrid = personaCpr('ingrid');
const SERVICES = '{ services { code } }';

describe('caller context required (GraphQL and internal endpoints)', () => {
  let ss: TestSelfservice;
  beforeAll(async () => { ss = await startTestSelfservice(); });
  afterAll(() => ss.stop());

  it('with a valid context, Query.services answers from the catalogue', async () => {
    const answer = await ss.gql(SERVICES, {}, asCitizen(ingrid));
    expect(answer.data!.services.map((s: { code: string }) => s.code)).toContain('housing-benefit');
  });

  it('context-missing: UNAUTHENTICATED with HTTP 401', async () => {
    const answer = await ss.gql(SERVICES, {}, null);
    expect(answer.status).toBe(401);
    expect(codes(answer)).toEqual(['UNAUTHENTICATED']);
    expect(answer.data ?? null).toBeNull();
  });

  it('context-forged: signed with another key is UNAUTHENTICATED', async () => {
    const other = await generateContextKeys();
    const forged = await signCallerContext(stamped(asCitizen(ingrid), ss.clock), other.privateKey!);
    expect(codes(await ss.gql(SERVICES, {}, forged))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await ss.gql(SERVICES, {}, 'not-a-jwt'))).toEqual(['UNAUTHENTICATED']);
  });

  it('context-expired: a context signed with the trusted key but past its expiry is UNAUTHENTICATED', async () => {
    const now = Math.floor(ss.clock.now().getTime() / 1000);
    const token = (exp: number) => new SignJWT({ ctx: stamped(asCitizen(ingrid), ss.clock) }).setProtectedHeader({ alg: 'EdDSA' }).setIssuer('citizen-graph-gateway')
      .setAudience('citizen-graph-subgraphs').setIssuedAt(now - 120).setExpirationTime(exp).sign(ss.privateKey);
    expect(codes(await ss.gql(SERVICES, {}, await token(now + 60)))).toEqual([]);
    expect(codes(await ss.gql(SERVICES, {}, await token(now - 60)))).toEqual(['UNAUTHENTICATED']);
  });

  it('internal-without-context: every internal endpoint answers 401 without, or with a forged, context', async () => {
    const other = await generateContextKeys();
    const forged = await signCallerContext(stamped(asCitizen(ingrid), ss.clock), other.privateKey!);
    for (const path of ['/internal/acting-context', '/internal/access-log', '/internal/filings']) {
      expect((await ss.post(path, {}, null)).status).toBe(401);
      expect((await ss.post(path, {}, forged)).status).toBe(401);
    }
    const { rows } = await ss.sql.query<{ n: number }>('SELECT (SELECT count(*) FROM access_log)::int + (SELECT count(*) FROM filings)::int AS n');
    expect(rows[0].n).toBe(0);
  });
});
