import { PinnedClock, requestTime } from '../../platform/clock';
import type { Actor } from '../../domain/caller';
import { lookUpRegisterName, withRegisterName } from './actorName';
import type { ActingDirectory } from './resolveCallerContext';

/** access-log-actor-names at the gateway: a citizen's register name goes into the signed context. */
const time = requestTime(new PinnedClock('2026-11-26'));
const mads: Actor = { kind: 'citizen', id: 'persona:mads', cpr: '1505014207', scopes: [], name: 'M. Jensen (token claim)' };
const base: Omit<ActingDirectory, 'registerName'> = {
  actingContext: async () => ({ delegations: [], exemptions: [] }),
  registerFacts: async () => null,
  domainOfService: () => undefined,
};

describe("the actor's register name", () => {
  it("a citizen is named as the register has them, replacing the token's claim", async () => {
    const asked: string[] = [];
    const directory: ActingDirectory = {
      ...base,
      registerName: async (actor) => {
        asked.push(actor.cpr!);
        return 'Mads Holm Jensen';
      },
    };
    const name = await lookUpRegisterName(directory, mads, 'r', time);
    expect(withRegisterName(mads, name)).toEqual({ ...mads, name: 'Mads Holm Jensen' });
    expect(asked).toEqual(['1505014207']);
  });

  it("register down or no directory support: the token's claim stands, and nobody is locked out", async () => {
    const down: ActingDirectory = {
      ...base,
      registerName: async () => {
        throw new Error('cpr down');
      },
    };
    await expect(lookUpRegisterName(down, mads, 'r', time)).resolves.toBeNull();
    await expect(lookUpRegisterName(base, mads, 'r', time)).resolves.toBeNull();
    expect(withRegisterName(mads, null)).toBe(mads);
  });

  it('staff are named by their token (name and authority); the register is not asked', async () => {
    let asked = false;
    const directory: ActingDirectory = {
      ...base,
      registerName: async () => {
        asked = true;
        return 'x';
      },
    };
    const caseworker: Actor = { kind: 'caseworker', id: 'cw', authority: 'municipality:0751', scopes: [], name: 'Lise Sagsbehandler' };
    await expect(lookUpRegisterName(directory, caseworker, 'r', time)).resolves.toBeNull();
    expect(asked).toBe(false);
  });
});
