import type { ServiceCatalogue, ServiceEntry } from '../../domain/catalogue/catalogue';
import type { SelfserviceContext } from './context';

/** Query.services and the Service type: straight from the catalogue in the repository. */
export function serviceResolvers(catalogue: ServiceCatalogue) {
  return {
    Query: {
      services: () => catalogue.services,
      serviceCatalogue: () => ({ version: catalogue.version, effectiveDate: catalogue.effectiveDate }),
    },
    Service: {
      nameDa: (service: ServiceEntry) => service.name.da,
      nameEn: (service: ServiceEntry) => service.name.en,
      domain: (service: ServiceEntry) => service.domain.toUpperCase(),
      mandatoryDigital: (service: ServiceEntry, { onDate }: { onDate?: string | null }, context: SelfserviceContext) =>
        catalogue.isMandatoryDigital(service.code, onDate ?? context.today),
      filing: (service: ServiceEntry) => ({ fileable: service.filing !== null, via: service.filing?.via ?? null, mutation: service.filing?.mutation ?? null }),
    },
  };
}
