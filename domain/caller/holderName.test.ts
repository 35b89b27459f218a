import { mayReadNameAsHolder } from './authorize';
import type { CallerContext } from './types';

/** holder-reads-grantor-name: the kit's rule, with the selfservice store's answer injected. */
const time = { at: '2026-11-26T10:30:00.000Z', today: '2026-11-26' };
const INGRID = '1203382258';
const MADS = '1505014207';
const FREJA = '0209144200';

const mads = (actingFor?: CallerContext['actingFor']): CallerContext => ({
  actor: { kind: 'citizen', id: 'persona:mads', cpr: MADS, scopes: [] },
  actingFor,
  channel: actingFor ? 'DELEGATE' : 'DIGITAL_SELF_SERVICE',
  requestId: 'r',
  ...time,
});

describe('mayReadNameAsHolder', () => {
  const asked: string[] = [];
  const holdsFromIngrid = async (cpr: string) => {
    asked.push(cpr);
    return cpr === INGRID;
  };
  beforeEach(() => {
    asked.length = 0;
  });

  it('a holder for themselves may read the name of a grantor in force, and of no one else', async () => {
    await expect(mayReadNameAsHolder(mads(), INGRID, holdsFromIngrid)).resolves.toBe(true);
    await expect(mayReadNameAsHolder(mads(), FREJA, holdsFromIngrid)).resolves.toBe(false);
    expect(asked).toEqual([INGRID, FREJA]);
  });

  it('not while acting for someone else, and not for anyone but a citizen: the store is not even asked', async () => {
    await expect(mayReadNameAsHolder(mads({ cpr: FREJA, basis: 'custody', grants: [] }), INGRID, holdsFromIngrid)).resolves.toBe(false);
    const caseworker: CallerContext = {
      actor: { kind: 'caseworker', id: 'cw', authority: 'municipality:0751', scopes: ['citizen:read'] },
      channel: 'ASSISTED',
      requestId: 'r',
      ...time,
    };
    const system: CallerContext = {
      actor: { kind: 'system', id: 'citizen-graph-gateway', scopes: [] },
      actingFor: { cpr: INGRID, basis: 'system-check', grants: [] },
      channel: 'DIGITAL_SELF_SERVICE',
      requestId: 'r',
      ...time,
    };
    for (const ctx of [caseworker, system]) await expect(mayReadNameAsHolder(ctx, INGRID, holdsFromIngrid)).resolves.toBe(false);
    await expect(mayReadNameAsHolder(mads(), MADS, holdsFromIngrid)).resolves.toBe(false);
    expect(asked).toEqual([]);
  });
});
