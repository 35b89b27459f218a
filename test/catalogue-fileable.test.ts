import { readFileSync } from 'node:fs';
import { Kind, parse, type ObjectTypeDefinitionNode, type StringValueNode } from 'graphql';
import { SUPERGRAPH_FILE } from '../schema/composeSupergraph';
import { SERVICE_BY_BENEFIT } from '../subgraphs/benefits/applyForBenefit';
import { CHANGE_OF_ADDRESS } from '../subgraphs/citizen/addressChange';
import { HOUSING_BENEFIT_SERVICE } from '../subgraphs/housing/applyForHousingBenefit';
import { FILING_SUBGRAPHS, serviceCatalogue } from '../domain/catalogue/catalogue';
import { PRELIMINARY_INCOME_SERVICE } from '../subgraphs/tax/changePreliminaryIncome';
import { DAYCARE_SERVICE } from '../subgraphs/daycare/applyForDaycarePlace';

/**
 * catalogue-fileable: the catalogue says which services this graph files, and the graph agrees.
 * A frontend offers a "file" button only for a service marked fileable, so every such mark must
 * name a mutation that exists, and every mutation that files must be named by its service.
 */
const catalogue = serviceCatalogue();

/** Mutation fields of the composed supergraph, each with the subgraph that resolves it. */
function supergraphMutations(): { field: string; subgraph: string }[] {
  const document = parse(readFileSync(SUPERGRAPH_FILE, 'utf8'));
  const graphs = new Map<string, string>();
  const mutation = document.definitions.find((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Mutation');
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const name = value.directives?.find((d) => d.name.value === 'join__graph')?.arguments?.find((a) => a.name.value === 'name')?.value as StringValueNode;
      graphs.set(value.name.value, name.value);
    }
  }
  return (mutation?.fields ?? []).map((field) => {
    const graph = field.directives?.find((d) => d.name.value === 'join__field')?.arguments?.find((a) => a.name.value === 'graph')?.value;
    return { field: field.name.value, subgraph: graphs.get(graph?.kind === Kind.ENUM ? graph.value : '') ?? '?' };
  });
}

describe('catalogue-fileable', () => {
  const mutations = supergraphMutations();

  it('every service marked fileable names a mutation of the supergraph, resolved by the subgraph it names', () => {
    const fileable = catalogue.services.filter((s) => s.filing !== null);
    expect(fileable.length).toBeGreaterThan(0);
    for (const service of fileable) {
      expect([service.code, mutations.find((m) => m.field === service.filing!.mutation)?.subgraph]).toEqual([service.code, service.filing!.via]);
    }
  });

  it("every mutation that files (a legacy-wrapping subgraph's) is named by at least one service", () => {
    const filingMutations = mutations.filter((m) => (FILING_SUBGRAPHS as readonly string[]).includes(m.subgraph));
    expect(filingMutations.map((m) => m.field).sort()).toEqual([
      'applyForBenefit',
      'applyForDaycarePlace',
      'applyForHousingBenefit',
      'changeAddress',
      'changePreliminaryIncome',
    ]);
    for (const m of filingMutations) {
      expect([m.field, catalogue.services.filter((s) => s.filing?.mutation === m.field && s.filing.via === m.subgraph).length > 0]).toEqual([m.field, true]);
    }
  });

  it('the services each subgraph files in code are exactly those the catalogue marks as filed there', () => {
    const filedIn = (via: string) =>
      catalogue.services
        .filter((s) => s.filing?.via === via)
        .map((s) => s.code)
        .sort();
    expect(filedIn('citizen')).toEqual([CHANGE_OF_ADDRESS]);
    expect(filedIn('housing')).toEqual([HOUSING_BENEFIT_SERVICE]);
    expect(filedIn('tax')).toEqual([PRELIMINARY_INCOME_SERVICE]);
    expect(filedIn('benefits')).toEqual(Object.values(SERVICE_BY_BENEFIT).sort());
    expect(filedIn('daycare')).toEqual([DAYCARE_SERVICE]);
  });

  it('mandatory-digital services the graph cannot file are marked so (no button that cannot work)', () => {
    const notFileable = catalogue.services.filter((s) => s.mandatoryDigitalSince !== null && s.filing === null).map((s) => s.code);
    expect(notFileable).toEqual(['school-enrolment', 'health-card', 'choice-of-doctor', 'marriage-notice']);
  });
});
