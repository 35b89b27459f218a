import { badUserInput } from '../../platform';
import { CPR_LAYOUT_TABLE, RecordType } from '../../domain/register/cprRecords';
import type { RegisterAddress } from '../../domain/register/registerTypes';

/** Mutation.changeAddress's input, as the schema declares it (cpr and movedIn already checked by their scalars). */
export interface ChangeAddressInput {
  readonly cpr: string;
  readonly street: string;
  readonly houseNumber: string;
  readonly floor?: string | null;
  readonly door?: string | null;
  readonly postalCode: string;
  readonly city: string;
  readonly municipalityCode: string;
  readonly movedIn: string;
}

/** One thing wrong with the input, named by its field: what clients show next to the form field. */
export interface InputProblem {
  readonly field: string;
  readonly problem: string;
}

const ADDRESS_CHANGE_LAYOUT = CPR_LAYOUT_TABLE.get(RecordType.ADDRESS_CHANGE)!;
const LATIN1_PRINTABLE = /^[\x20-\x7e\xa0-\xff]*$/;
const FOUR_DIGITS = /^\d{4}$/;

/**
 * The new address as the register's 103 record will carry it: text trimmed and in Unicode NFC
 * (a decomposed "å" becomes the one ISO-8859-1 character), blank optional fields null. Anything the
 * record cannot hold is BAD_USER_INPUT listing every problem (extensions.problems), so nothing is
 * cut or refused later by the register.
 */
export function addressFromInput(input: ChangeAddressInput): RegisterAddress {
  const problems: InputProblem[] = [];
  const text = (field: keyof ChangeAddressInput, required: boolean): string | null => {
    const raw = input[field];
    const value = typeof raw === 'string' ? raw.normalize('NFC').trim() : '';
    if (value === '') {
      if (required) problems.push({ field, problem: 'is required' });
      return null;
    }
    const width = widthOf(field);
    if (value.length > width) problems.push({ field, problem: `is at most ${width} characters, got ${value.length}` });
    if (!LATIN1_PRINTABLE.test(value))
      problems.push({ field, problem: 'may hold only letters the register can write (ISO-8859-1: Danish and most Western European letters)' });
    return value;
  };
  const code = (field: 'postalCode' | 'municipalityCode'): string => {
    const value = String(input[field] ?? '').trim();
    if (!FOUR_DIGITS.test(value)) problems.push({ field, problem: 'is four digits, e.g. "0751"' });
    return value;
  };
  const address: RegisterAddress = {
    street: text('street', true)!,
    houseNumber: text('houseNumber', true)!,
    floor: text('floor', false),
    door: text('door', false),
    postalCode: code('postalCode'),
    city: text('city', true)!,
    municipalityCode: code('municipalityCode'),
    movedIn: input.movedIn,
  };
  if (problems.length > 0) {
    throw badUserInput(`The address cannot be registered: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}.`, { problems });
  }
  return address;
}

/** A field's width in the 103 record: the layout is the one source of the limits. */
function widthOf(field: string): number {
  const spec = ADDRESS_CHANGE_LAYOUT.fields.find((f) => f.name === field);
  if (!spec) throw new Error(`address change record has no field "${field}"`);
  return spec.width;
}
