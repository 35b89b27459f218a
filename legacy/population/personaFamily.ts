import { personaCpr } from '../../personas';
import type { PopulationBuilder } from './generate';

/** Puts the demo personas into the population with the relations their stories need. */
export function addPersonaFamily(builder: PopulationBuilder): void {
  const aarhus = { postalCode: '8000', city: 'Aarhus C', municipalityCode: '0751' };
  const ingrid = builder.add({
    cpr: personaCpr('ingrid'),
    firstName: 'Ingrid',
    middleName: 'Marie',
    lastName: 'Holm',
    birthDate: '1938-03-12',
    sex: 'FEMALE',
    address: { street: 'Åboulevarden', houseNumber: '41', floor: '2', door: 'th', ...aarhus, movedIn: '1979-08-01' },
  });
  ingrid.civilStatus = 'E';
  const familyHome = {
    street: 'Birkevej',
    houseNumber: '7',
    floor: null,
    door: null,
    postalCode: '8210',
    city: 'Aarhus V',
    municipalityCode: '0751',
    movedIn: '2003-04-01',
  };
  const karen = builder.add({
    cpr: personaCpr('karen'),
    firstName: 'Karen',
    middleName: 'Holm',
    lastName: 'Jensen',
    birthDate: '1968-07-04',
    sex: 'FEMALE',
    address: familyHome,
  });
  const peter = builder.add({
    cpr: personaCpr('peter'),
    firstName: 'Peter',
    middleName: null,
    lastName: 'Jensen',
    birthDate: '1966-11-20',
    sex: 'MALE',
    address: familyHome,
  });
  builder.marry(karen, peter);
  builder.relate(ingrid, karen);
  const mads = builder.add({
    cpr: personaCpr('mads'),
    firstName: 'Mads',
    middleName: 'Holm',
    lastName: 'Jensen',
    birthDate: '2001-05-15',
    sex: 'MALE',
    address: {
      street: 'Nørrebrogade',
      houseNumber: '112',
      floor: '4',
      door: 'tv',
      postalCode: '2200',
      city: 'København N',
      municipalityCode: '0101',
      movedIn: '2022-09-01',
    },
  });
  const freja = builder.add({
    cpr: personaCpr('freja'),
    firstName: 'Freja',
    middleName: 'Holm',
    lastName: 'Jensen',
    birthDate: '2014-09-02',
    sex: 'FEMALE',
    address: familyHome,
  });
  for (const child of [mads, freja]) {
    builder.relate(karen, child);
    builder.relate(peter, child);
  }
  builder.add({
    cpr: personaCpr('bent'),
    firstName: 'Bent',
    middleName: null,
    lastName: 'Knudsen',
    birthDate: '1949-01-30',
    sex: 'MALE',
    address: {
      street: 'Vestergade',
      houseNumber: '3',
      floor: null,
      door: null,
      postalCode: '9940',
      city: 'Læsø',
      municipalityCode: '0825',
      movedIn: '1988-05-01',
    },
  });
  builder.personaCount = builder.people.length;
}
