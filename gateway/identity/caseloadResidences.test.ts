import type { CallerContext } from '../../domain/caller';
import { caseloadResidences } from './caseloadResidences';

const INGRID = '1203382258';
const KAREN = '0407681258';
const MADS = '1505014207';
const base = { requestId: 'r', at: '2026-11-26T10:30:00.000Z', today: '2026-11-26', channel: 'ASSISTED' } as const;
const aarhus: CallerContext = { ...base, actor: { kind: 'caseworker', id: 'lise', authority: 'municipality:0751', scopes: ['citizen:read', 'housing:read'] } };

/** A register that knows Ingrid and Karen in Aarhus; Mads is not shown to Aarhus (as the citizen subgraph refuses him). */
function register(fail = false) {
  const asked: string[][] = [];
  return {
    asked,
    residences: async (cprs: readonly string[], token: string) => {
      asked.push([...cprs]);
      expect(token).toBe('aarhus-context-for-citizen');
      if (fail) throw new Error('register down');
      return Object.fromEntries(cprs.filter((cpr) => cpr !== MADS).map((cpr) => [cpr, '0751']));
    },
  };
}
const lookup = (caller: CallerContext, directory: ReturnType<typeof register>) =>
  caseloadResidences({ caller, directory, requestId: 'r', registerContext: async () => 'aarhus-context-for-citizen' });

describe("caseloadResidences (the gateway resolves a caseworker's caseload for subgraphs without the register)", () => {
  it("caseload-lookup-once-per-citizen: asks the register in the caseworker's name, each citizen once per request", async () => {
    const directory = register();
    const residences = lookup(aarhus, directory);
    expect(await residences([INGRID, MADS])).toEqual({ [INGRID]: '0751' });
    expect(await residences([INGRID, KAREN])).toEqual({ [INGRID]: '0751', [KAREN]: '0751' });
    expect(directory.asked).toEqual([[INGRID, MADS], [KAREN]]);
  });

  it('caseload-lookup-skipped: not for the citizen served, a national authority, or without citizen:read', async () => {
    const directory = register();
    expect(await lookup({ ...aarhus, actingFor: { cpr: INGRID, basis: 'caseworker', grants: [] } }, directory)([INGRID])).toEqual({});
    expect(await lookup({ ...aarhus, actor: { ...aarhus.actor, authority: 'agency:tax' } }, directory)([INGRID])).toEqual({});
    expect(await lookup({ ...aarhus, actor: { ...aarhus.actor, scopes: ['housing:read'] } }, directory)([INGRID])).toEqual({});
    expect(await lookup({ ...base, actor: { kind: 'citizen', id: 'k', cpr: KAREN, scopes: [] } }, directory)([INGRID])).toEqual({});
    expect(directory.asked).toEqual([]);
  });

  it('caseload-lookup-register-down: the call fails as SERVICE_UNAVAILABLE rather than refusing residents as strangers', async () => {
    await expect(lookup(aarhus, register(true))([INGRID])).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
  });
});

describe("caseloadResidences learning from the register's own answer", () => {
  it('caseload-learned-from-register-answer: a citizen the citizen subgraph reported costs no lookup; one it did not is still asked', async () => {
    const directory = register();
    const residences = lookup(aarhus, directory);
    residences.learn(INGRID, '0751');
    expect(await residences([INGRID])).toEqual({ [INGRID]: '0751' });
    expect(directory.asked).toEqual([]);
    expect(await residences([INGRID, KAREN])).toEqual({ [INGRID]: '0751', [KAREN]: '0751' });
    expect(directory.asked).toEqual([[KAREN]]);
  });

  it('caseload-learn-ignored: not over an answer already asked, not for the citizen served or a national authority, not a malformed code', async () => {
    const directory = register();
    const residences = lookup(aarhus, directory);
    expect(await residences([KAREN])).toEqual({ [KAREN]: '0751' });
    residences.learn(KAREN, '0101');
    residences.learn(MADS, '07510');
    expect(await residences([KAREN, MADS])).toEqual({ [KAREN]: '0751' });
    expect(directory.asked).toEqual([[KAREN], [MADS]]);

    const serving = lookup({ ...aarhus, actingFor: { cpr: INGRID, basis: 'caseworker', grants: [] } }, directory);
    serving.learn(INGRID, '0751');
    expect(await serving([INGRID])).toEqual({});
    const national = lookup({ ...aarhus, actor: { ...aarhus.actor, authority: 'agency:tax' } }, directory);
    national.learn(INGRID, '0751');
    expect(await national([INGRID])).toEqual({});
  });
});
