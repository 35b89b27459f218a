import { AccessRecorder, actorNameOf, MAX_ACTOR_NAME_LENGTH } from './accessLog';
import type { CallerContext } from '../../domain/caller/types';

/** access-log-actor-names: who looked, as the citizen recognises them, from the signed context only. */
const time = { at: '2026-11-26T10:30:00.000Z', today: '2026-11-26' };
const INGRID = '1203382258';
const MADS = '1505014207';

const citizen = (name?: string): CallerContext => ({
  actor: { kind: 'citizen', id: 'persona:mads', cpr: MADS, scopes: [], name },
  actingFor: { cpr: INGRID, basis: 'delegation', grants: [] },
  channel: 'DELEGATE',
  requestId: 'r',
  ...time,
});

describe('actorNameOf', () => {
  it("a citizen by their name (the register's, as the gateway signed it), never their token subject", () => {
    expect(actorNameOf(citizen('Mads Holm Jensen'))).toBe('Mads Holm Jensen');
    expect(actorNameOf(citizen())).toBeUndefined();
  });

  it('a caseworker by name and authority; without a name claim, the authority', () => {
    const caseworker = (name?: string): CallerContext => ({
      actor: { kind: 'caseworker', id: 'persona:cw', authority: 'municipality:0751', scopes: [], name },
      channel: 'ASSISTED',
      requestId: 'r',
      ...time,
    });
    expect(actorNameOf(caseworker('Lise Sagsbehandler'))).toBe('Lise Sagsbehandler (municipality:0751)');
    expect(actorNameOf(caseworker())).toBe('municipality:0751');
  });

  it('the system role as "Citizen Graph" with its purpose', () => {
    const system: CallerContext = {
      actor: { kind: 'system', id: 'citizen-graph-gateway', scopes: [] },
      channel: 'DIGITAL_SELF_SERVICE',
      requestId: 'r',
      purpose: 'checked whether Mads may act for you',
      ...time,
    };
    expect(actorNameOf(system)).toBe('Citizen Graph (checked whether Mads may act for you)');
  });

  it('never a CPR number, and never too long to be written', () => {
    expect(actorNameOf(citizen(MADS))).toBeUndefined();
    expect(actorNameOf(citizen('150501-4207'))).toBeUndefined();
    expect(actorNameOf(citizen('x'.repeat(500)))).toHaveLength(MAX_ACTOR_NAME_LENGTH);
  });

  it("every entry a subgraph writes carries it; a holder's name read carries the role given", () => {
    const recorder = new AccessRecorder(citizen('Mads Holm Jensen'));
    expect(recorder.entryFor(INGRID, 'housing', 'query Housing')).toMatchObject({ actorName: 'Mads Holm Jensen', actorRole: 'DELEGATE' });
    const holder = new AccessRecorder({ ...citizen('Mads Holm Jensen'), actingFor: undefined, channel: 'DIGITAL_SELF_SERVICE' });
    expect(holder.entryFor(INGRID, 'citizen', 'query Mine')).toBeUndefined();
    expect(holder.entryFor(INGRID, 'citizen', 'query Mine', 'DELEGATE')).toMatchObject({
      subjectCpr: INGRID,
      actorRole: 'DELEGATE',
      actorName: 'Mads Holm Jensen',
    });
  });
});
