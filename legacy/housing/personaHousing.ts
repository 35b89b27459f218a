import { personaCpr } from '../population';
import type { BenefitCase } from './deriveBenefit';
import { application } from './deriveBenefit';
import { type BoligPost, NO_DATE } from './records';

/**
 * The personas' housing, fixed so their stories hold (personas.json): Ingrid, a widow living
 * alone in a rented flat in Aarhus, has housing benefit and has re-applied every December
 * since 2001 (25 applications: more than one page, refused once in 2003).
 */
export function personaHousing(cpr: string): { dwelling: BoligPost; benefitCase: BenefitCase } | undefined {
  if (cpr !== personaCpr('ingrid')) return undefined;
  const applications = [];
  for (let year = 2025; year >= 2001; year--) {
    applications.push(application(cpr, `${year}-12-01`, year === 2003 ? 'AFS' : 'BEV', 0));
  }
  return {
    dwelling: { CPRNR: cpr, BOLIGTYPE: 'LEJL', HUSLEJE_ORE: '647250', BOLIGAREAL_M2: '068', ANTAL_BEBOERE: '01', INDFLYTNING_DATO: '01081979' },
    benefitCase: {
      benefit: {
        CPRNR: cpr,
        BOLIGSTOETTE_ORE: '218450',
        STATUS: 'BEV',
        STATUS_TEKST: 'Bevilget',
        BEVILGET_DATO: '21122025',
        PERIODE_FRA: '01012026',
        PERIODE_TIL: NO_DATE,
      },
      applications,
    },
  };
}
