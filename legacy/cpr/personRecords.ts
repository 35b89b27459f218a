import { CRLF, encode, LAYOUTS } from './records';
import type { RegisterEntry } from './register';

/** The register's sex code: M (mand) or K (kvinde). */
const SEX_CODE = { MALE: 'M', FEMALE: 'K' } as const;

/** The 001-005 records for one person, in the order the register writes them, each ending CRLF. */
export function personRecords(entry: RegisterEntry, relatedSex: (cpr: string) => 'FEMALE' | 'MALE' | null): string[] {
  const { person, address } = entry;
  const lines = [
    encode(LAYOUTS.person, { cpr: person.cpr, birthDate: person.birthDate, sex: SEX_CODE[person.sex], status: entry.status }),
    encode(LAYOUTS.name, { cpr: person.cpr, first: person.firstName, middle: person.middleName, last: person.lastName }),
    encode(LAYOUTS.address, { cpr: person.cpr, ...address }),
    encode(LAYOUTS.civilStatus, { cpr: person.cpr, code: entry.civilStatus, spouseCpr: entry.spouseCpr, since: entry.civilStatusSince }),
  ];
  for (const parent of person.parentCprs) {
    const sex = relatedSex(parent);
    if (sex) lines.push(encode(LAYOUTS.relation, { cpr: person.cpr, relationType: sex === 'FEMALE' ? 'M' : 'F', relatedCpr: parent }));
  }
  for (const child of person.childCprs) {
    lines.push(encode(LAYOUTS.relation, { cpr: person.cpr, relationType: 'B', relatedCpr: child }));
  }
  return lines.map((line) => line + CRLF);
}
