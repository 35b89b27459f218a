import { ErrorCode } from '../../platform/errors';
import { GraphQLError } from 'graphql';
import type { ServiceCatalogue } from '../catalogue/catalogue';
import { authorize } from './authorize';
import type { CallerContext, Domain, ExemptionInForce } from './types';

export const DIGITAL_SELF_SERVICE_REQUIRED = ErrorCode.DIGITAL_SELF_SERVICE_REQUIRED;

/**
 * The mandatory-digital rule for one filing. The caller must be allowed to file the service
 * for the citizen; and a filing at the counter (ASSISTED) of a mandatory-digital service needs
 * an exemption in force covering the service's authority. Returns the exemption used, if any.
 */
export function assertFilingAllowed(input: { ctx: CallerContext; cpr: string; serviceCode: string; catalogue: ServiceCatalogue; today: string }): {
  exemptionUsed?: ExemptionInForce;
} {
  const { ctx, cpr, serviceCode, catalogue, today } = input;
  const service = catalogue.get(serviceCode);
  if (!service) throw new Error(`service "${serviceCode}" is not in the catalogue`);
  authorize(ctx, cpr, service.domain as Domain, 'file', serviceCode);
  if (ctx.channel !== 'ASSISTED' || !catalogue.isMandatoryDigital(serviceCode, today)) return {};
  if (ctx.actingFor?.cpr !== cpr) {
    throw new GraphQLError('An assisted filing must name the citizen served (the x-act-for header) so their exemptions can be checked.', {
      extensions: { code: ErrorCode.FORBIDDEN },
    });
  }
  const authority = authorityFor(service.authorityKind, ctx.subjectMunicipalityCode);
  const exemptionUsed = (ctx.actingFor.exemptions ?? []).find((e) => e.authorities === 'ALL' || (authority !== undefined && e.authorities.includes(authority)));
  if (exemptionUsed) return { exemptionUsed };
  throw new GraphQLError(
    `${service.name.en} is a mandatory digital self-service: the citizen must file it online (or a person they gave a power of attorney can). ` +
      'To be served in person the citizen needs an exemption from digital self-service, which their municipality grants on application ' +
      '(for example for a disability, lacking digital skills, or no internet at home).',
    { extensions: { code: DIGITAL_SELF_SERVICE_REQUIRED, service: serviceCode, authority } },
  );
}

/** "municipality" services are the citizen's own municipality's. */
function authorityFor(serviceAuthority: string, municipalityCode: string | undefined): string | undefined {
  if (serviceAuthority === 'municipality') return municipalityCode ? `municipality:${municipalityCode}` : undefined;
  return serviceAuthority;
}
