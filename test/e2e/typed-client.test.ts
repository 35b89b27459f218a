import { randomUUID } from 'node:crypto';
import { personaCpr } from '../../legacy/population';
import { CitizenGraphClient, errorCodes } from '../../operations/client/citizenGraphClient';
import { ApplyForHousingBenefitDocument, CaseworkerListDocument, OverviewDocument } from '../../operations/generated/graphql';
import { startTestStack, type TestStack } from '../support/testStack';

/** The generated operation types against a running gateway, through the example client frontends copy. */
describe('typed operations client', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  }, 60_000);
  afterAll(() => stack?.stop());

  it('typed-overview: a citizen runs the generated Overview and reads typed data from the four systems', async () => {
    const client = new CitizenGraphClient({ url: stack.gatewayUrl, token: await stack.tokenFor('ingrid') });
    const result = await client.execute(OverviewDocument, { cpr: personaCpr('ingrid'), year: 2026 });
    expect(result.status).toBe(200);
    const citizen = result.data!.citizen!;
    expect(citizen.name?.full).toBe('Ingrid Marie Holm');
    expect(citizen.preliminaryIncomeAssessment?.withholdingRate.percent).toEqual(expect.any(String));
    expect(citizen.housingBenefit?.status).toBe('GRANTED');
    expect(citizen.benefitPayments?.totalCount).toBeGreaterThan(0);
  });

  it('typed-caseworker-list: a caseworker reads the caseload list with the generated document', async () => {
    const client = new CitizenGraphClient({ url: stack.gatewayUrl, token: await stack.tokenFor('caseworker-aarhus') });
    const result = await client.execute(CaseworkerListDocument, { cprs: [personaCpr('ingrid')] });
    expect(result.data!.citizens![0]?.name?.full).toBe('Ingrid Marie Holm');
  });

  it('typed-refused-filing: an assisted filing without an exemption gives DIGITAL_SELF_SERVICE_REQUIRED', async () => {
    const bent = personaCpr('bent');
    const client = new CitizenGraphClient({ url: stack.gatewayUrl, token: await stack.tokenFor('caseworker-laesoe') }).actingFor(bent);
    const result = await client.execute(ApplyForHousingBenefitDocument, {
      input: {
        cpr: bent,
        dwellingType: 'RENTED_APARTMENT',
        monthlyRentKroner: '4100.00',
        areaSquareMetres: 55,
        residents: 1,
        annualHouseholdIncomeKroner: '160000',
      },
      idempotencyKey: randomUUID(),
    });
    expect(result.data?.applyForHousingBenefit ?? null).toBeNull();
    expect(errorCodes(result)).toContain('DIGITAL_SELF_SERVICE_REQUIRED');
  });
});
