import { type CallerContext, CALLER_CONTEXT_HEADER, generateContextKeys, type Grant, signCallerContext } from '../../subgraphs/kit/caller';
import { PERSONAS } from '../../legacy/population';

/** Test-side gateway: a key pair and ready-made caller contexts for the demo personas. */
export async function testGatewayKeys() {
  const keys = await generateContextKeys();
  return {
    publicKey: keys.publicKey,
    privateKey: keys.privateKey!,
    /** Headers a subgraph accepts: the context signed with this key. */
    async headersFor(ctx: CallerContext): Promise<Record<string, string>> {
      return { [CALLER_CONTEXT_HEADER]: await signCallerContext(ctx, keys.privateKey!) };
    },
  };
}

function persona(id: string) {
  const found = PERSONAS.find((p) => p.id === id);
  if (!found) throw new Error(`no persona "${id}" in legacy/population/personas.json`);
  return found;
}

/** A citizen persona acting for themselves. */
export function selfContext(id: string, municipalityCode = persona(id).municipalityCode): CallerContext {
  const p = persona(id);
  return { actor: { kind: 'citizen', id: `persona:${id}`, cpr: p.cpr!, scopes: [], name: p.name }, channel: 'DIGITAL_SELF_SERVICE', requestId: `test-${id}`, subjectMunicipalityCode: municipalityCode };
}

/** A citizen persona acting for another under a delegation with the given grants. */
export function delegateContext(holderId: string, grantorId: string, grants: Grant[]): CallerContext {
  const holder = persona(holderId);
  const grantor = persona(grantorId);
  return {
    actor: { kind: 'citizen', id: `persona:${holderId}`, cpr: holder.cpr!, scopes: [], name: holder.name },
    actingFor: { cpr: grantor.cpr!, basis: 'delegation', grants, delegationId: 'test-delegation' },
    channel: 'DELEGATE',
    requestId: `test-${holderId}-for-${grantorId}`,
    subjectMunicipalityCode: grantor.municipalityCode,
  };
}

/** A caseworker persona, optionally serving a citizen at the counter, with that citizen's exemptions. */
export function caseworkerContext(id: string, serving?: { citizenId: string; exemptions?: NonNullable<CallerContext['actingFor']>['exemptions'] }, scopes = persona(id).scopes ?? []): CallerContext {
  const p = persona(id);
  const citizen = serving ? persona(serving.citizenId) : undefined;
  return {
    actor: { kind: 'caseworker', id: `persona:${id}`, authority: p.authority, scopes: [...scopes], name: p.name },
    actingFor: citizen ? { cpr: citizen.cpr!, basis: 'caseworker', grants: [], exemptions: serving?.exemptions ?? [] } : undefined,
    channel: 'ASSISTED',
    requestId: `test-${id}`,
    subjectMunicipalityCode: citizen?.municipalityCode,
  };
}
