/** The register's error codes, written in 900 records (messages in Danish, as the register writes them). */
export const CPR_ERRORS = {
  MALFORMED_REQUEST: { code: '0001', message: 'FORESPØRGSLEN KAN IKKE LÆSES' },
  TOO_MANY: { code: '0002', message: 'FOR MANGE CPR-NUMRE I FORESPØRGSLEN (HØJST 100)' },
  INVALID_ADDRESS: { code: '0003', message: 'ADRESSEÆNDRINGEN ER UGYLDIG' },
  REFERENCE_REUSED: { code: '0004', message: 'KLIENTREFERENCEN ER BRUGT TIL EN ANDEN ADRESSEÆNDRING' },
  UNKNOWN_ENDPOINT: { code: '0404', message: 'UKENDT FUNKTION' },
  DOWN: { code: '0503', message: 'CPR-REGISTERET ER IKKE TILGÆNGELIGT' },
  INJECTED: { code: '0500', message: 'MIDLERTIDIG FEJL I CPR-REGISTERET' },
} as const;

export type CprErrorKind = keyof typeof CPR_ERRORS;
