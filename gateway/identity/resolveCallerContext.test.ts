import { PinnedClock, requestTime } from '../../platform/clock';
import type { Actor } from '../../domain/caller';
import { type ActingDirectory, resolveCallerContext, withOwnMunicipality } from './resolveCallerContext';

const INGRID = '1203382258';
const KAREN = '0407681258';
const MADS = '1505014207';
const FREJA = '0209144200';

function directory(overrides: Partial<ActingDirectory> = {}): ActingDirectory {
  return {
    actingContext: async () => ({ delegations: [], exemptions: [] }),
    registerFacts: async (cpr) => (cpr === FREJA ? { parentCprs: [KAREN], municipalityCode: '0751' } : { parentCprs: [], municipalityCode: '0751' }),
    domainOfService: (code) => (code === 'housing-benefit' ? 'housing' : code === 'preliminary-income-assessment' ? 'tax' : undefined),
    ...overrides,
  };
}

const citizen = (cpr: string): Actor => ({ kind: 'citizen', id: `persona:${cpr}`, cpr, scopes: [] });

const timeOn = (day: string) => requestTime(new PinnedClock(day));

describe('resolveCallerContext', () => {
  it('citizen-self: a citizen without x-act-for acts for themselves over the digital channel (their municipality is asked only for a mutation)', async () => {
    const asked: string[] = [];
    const dir = directory({
      registerFacts: async (cpr) => {
        asked.push(cpr);
        return { parentCprs: [], municipalityCode: '0751' };
      },
    });
    const ctx = await resolveCallerContext({ actor: citizen(MADS), requestId: 'r', time: timeOn('2026-11-26'), directory: dir });
    expect(asked).toEqual([]);
    expect(ctx).toEqual({
      actor: citizen(MADS),
      channel: 'DIGITAL_SELF_SERVICE',
      requestId: 'r',
      at: '2026-11-26T10:30:00.000Z',
      today: '2026-11-26',
    });
  });

  it('delegate-with-delegation: grants exactly the delegated services, plus seeing whom they act for', async () => {
    const dir = directory({
      actingContext: async () => ({ delegations: [{ id: 'd1', services: ['housing-benefit'], actions: ['read', 'file'] }], exemptions: [] }),
    });
    const ctx = await resolveCallerContext({ actor: citizen(MADS), actFor: INGRID, requestId: 'r', time: timeOn('2026-11-26'), directory: dir });
    expect(ctx.channel).toBe('DELEGATE');
    expect(ctx.actingFor).toMatchObject({ cpr: INGRID, basis: 'delegation', delegationId: 'd1' });
    expect(ctx.actingFor?.grants).toEqual([
      { domain: 'citizen', actions: ['read'] },
      { domain: 'housing', actions: ['read', 'file'], services: ['housing-benefit'] },
    ]);
  });

  it('delegate-without-delegation: refused with FORBIDDEN', async () => {
    await expect(
      resolveCallerContext({ actor: citizen(MADS), actFor: INGRID, requestId: 'r', time: timeOn('2026-11-26'), directory: directory() }),
    ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  it('parent-custody-under-15: a parent acts for a child under 15 without a delegation', async () => {
    const ctx = await resolveCallerContext({ actor: citizen(KAREN), actFor: FREJA, requestId: 'r', time: timeOn('2026-11-26'), directory: directory() });
    expect(ctx.actingFor).toMatchObject({ cpr: FREJA, basis: 'custody' });
  });

  it('parent-custody-ends-at-15: on the 15th birthday custody no longer gives access', async () => {
    await expect(
      resolveCallerContext({ actor: citizen(KAREN), actFor: FREJA, requestId: 'r', time: timeOn('2029-09-02'), directory: directory() }),
    ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await expect(
      resolveCallerContext({ actor: citizen(KAREN), actFor: FREJA, requestId: 'r', time: timeOn('2029-09-01'), directory: directory() }),
    ).resolves.toMatchObject({ actingFor: { basis: 'custody' } });
  });

  it('custody needs the register to name the actor as a parent', async () => {
    await expect(
      resolveCallerContext({ actor: citizen(MADS), actFor: FREJA, requestId: 'r', time: timeOn('2026-11-26'), directory: directory() }),
    ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  it("caseworker-assisted: scopes become grants, the subject's exemptions travel along, channel ASSISTED", async () => {
    const dir = directory({
      actingContext: async () => ({ delegations: [], exemptions: [{ authorities: 'ALL', reason: 'NO_INTERNET_AT_HOME', validTo: null }] }),
    });
    const caseworker: Actor = {
      kind: 'caseworker',
      id: 'cw',
      authority: 'municipality:0751',
      scopes: ['housing:read', 'housing:assist', 'citizen:read', 'openid'],
    };
    const ctx = await resolveCallerContext({ actor: caseworker, actFor: INGRID, requestId: 'r', time: timeOn('2026-11-26'), directory: dir });
    expect(ctx.channel).toBe('ASSISTED');
    expect(ctx.actingFor?.grants).toEqual([
      { domain: 'housing', actions: ['read', 'file'] },
      { domain: 'citizen', actions: ['read'] },
    ]);
    expect(ctx.actingFor?.exemptions).toHaveLength(1);
    expect(ctx.subjectMunicipalityCode).toBe('0751');
  });

  it('invalid-cpr in x-act-for: BAD_USER_INPUT', async () => {
    await expect(
      resolveCallerContext({ actor: citizen(MADS), actFor: '3102801234', requestId: 'r', time: timeOn('2026-11-26'), directory: directory() }),
    ).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('withOwnMunicipality (the contexts of a mutation)', () => {
  it("adds a citizen's own municipality for their filings; anyone else is returned as they are, unasked", async () => {
    const asked: string[] = [];
    const dir = directory({
      registerFacts: async (cpr) => {
        asked.push(cpr);
        return { parentCprs: [], municipalityCode: '0101' };
      },
    });
    const time = timeOn('2026-11-26');
    const self = await resolveCallerContext({ actor: citizen(MADS), requestId: 'r', time, directory: dir });
    expect(await withOwnMunicipality(self, { directory: dir, time })).toEqual({ ...self, subjectMunicipalityCode: '0101' });
    expect(asked).toEqual([MADS]);
    const caseworker = { ...self, actor: { kind: 'caseworker', id: 'cw', authority: 'municipality:0751', scopes: [] } as Actor, channel: 'ASSISTED' as const };
    expect(await withOwnMunicipality(caseworker, { directory: dir, time })).toBe(caseworker);
    const acting = { ...self, actingFor: { cpr: INGRID, basis: 'delegation' as const, grants: [] } };
    expect(await withOwnMunicipality(acting, { directory: dir, time })).toBe(acting);
    expect(asked).toEqual([MADS]);
  });
});

describe('resolveCallerContext when the register is down', () => {
  const down = directory({
    registerFacts: async () => {
      throw new Error('cpr down');
    },
  });
  it('still lets a citizen act for themselves, and file (the municipality is only a label)', async () => {
    const ctx = await resolveCallerContext({ actor: citizen(MADS), requestId: 'r', time: timeOn('2026-11-26'), directory: down });
    expect(ctx.channel).toBe('DIGITAL_SELF_SERVICE');
    expect(ctx.subjectMunicipalityCode).toBeUndefined();
    await expect(withOwnMunicipality(ctx, { directory: down, time: timeOn('2026-11-26') })).resolves.toBe(ctx);
  });
  it('fails closed on custody, which only the register can confirm', async () => {
    await expect(resolveCallerContext({ actor: citizen(KAREN), actFor: FREJA, requestId: 'r', time: timeOn('2026-11-26'), directory: down })).rejects.toThrow(
      'cpr down',
    );
  });
});
