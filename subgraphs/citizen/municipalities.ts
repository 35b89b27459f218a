/**
 * Municipality names by the register's four-digit municipality code (kommunekode). The
 * subgraph owns this table: the register sends only codes. Unknown codes get no name.
 */
const MUNICIPALITY_NAMES: Readonly<Record<string, string>> = {
  '0101': 'København',
  '0147': 'Frederiksberg',
  '0157': 'Gentofte',
  '0461': 'Odense',
  '0561': 'Esbjerg',
  '0621': 'Kolding',
  '0630': 'Vejle',
  '0751': 'Aarhus',
  '0791': 'Viborg',
  '0825': 'Læsø',
  '0840': 'Rebild',
  '0851': 'Aalborg',
};

export function municipalityName(code: string): string | null {
  return MUNICIPALITY_NAMES[code] ?? null;
}
