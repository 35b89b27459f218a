/** The example operations the explorer opens with: one tab each, and which persona to pick for it. */
export interface ExampleTab {
  readonly query: string;
  readonly variables?: string;
}

const overview = `# The citizen overview: one citizen across the four legacy systems.
# Persona: "Ingrid (citizen)", or "Caseworker, Aarhus" (her municipality's caseload).
query Overview($cpr: CPR!, $year: Int!) {
  citizen(cpr: $cpr) {
    name { full }
    address { street city municipality { name } }
    children { name { full } children { name { full } age } }
    preliminaryIncomeAssessment(year: $year) { withholdingRate { percent } personalAllowance { kroner } }
    housingBenefit { status monthlyAmount { kroner } }
    benefitClaims { type status monthlyAmount { kroner } }
    benefitPayments(first: 3) { totalCount edges { node { date amount { kroner } } } pageInfo { hasNextPage endCursor } }
  }
}
`;

const caseworkerList = `# A caseworker's list: residents of the caseworker's own municipality.
# Persona: "Caseworker, Aarhus".
query CaseworkerList($cprs: [CPR!]!) {
  citizens(cprs: $cprs) {
    cpr
    name { full }
    address { street city municipality { code name } }
    housingBenefit { status monthlyAmount { kroner } }
  }
}
`;

const refusedFiling = `# An assisted filing at the counter, refused: housing benefit is mandatory-digital and
# Bent holds no exemption yet, so this is DIGITAL_SELF_SERVICE_REQUIRED.
# Persona: "Caseworker, Læsø, serving Bent" (sends x-act-for: 3001493239).
mutation RefusedFiling {
  applyForHousingBenefit(
    input: { cpr: "3001493239", dwellingType: RENTED_APARTMENT, monthlyRentKroner: "4100.00", areaSquareMetres: 55, residents: 1, annualHouseholdIncomeKroner: "160000" }
    idempotencyKey: "explorer-bent-refused"
  ) { application { applicationNumber status } channel exemptionUsed }
}
`;

const allowedFiling = `# The same filing, allowed: Bent's municipality (Læsø) grants his exemption first.
# Persona: "Caseworker, Læsø, serving Bent". Run GrantExemption, then FileWithExemption.
mutation GrantExemption {
  grantExemption(input: { citizenCpr: "3001493239", reason: NO_INTERNET_AT_HOME }, idempotencyKey: "explorer-bent-exemption") { id validTo }
}

mutation FileWithExemption {
  applyForHousingBenefit(
    input: { cpr: "3001493239", dwellingType: RENTED_APARTMENT, monthlyRentKroner: "4100.00", areaSquareMetres: 55, residents: 1, annualHouseholdIncomeKroner: "160000" }
    idempotencyKey: "explorer-bent-allowed"
  ) { application { applicationNumber status } channel exemptionUsed }
}
`;

const catalogue = `# The public service catalogue: no token needed (persona "Anonymous").
query PublicCatalogue {
  serviceCatalogue { version }
  services { code nameEn mandatoryDigital delegable }
}
`;

export const EXAMPLE_TABS: readonly ExampleTab[] = [
  { query: overview, variables: JSON.stringify({ cpr: '1203382258', year: 2026 }, null, 2) },
  { query: caseworkerList, variables: JSON.stringify({ cprs: ['1203382258', '0407681258'] }, null, 2) },
  { query: refusedFiling },
  { query: allowedFiling },
  { query: catalogue },
];
