import { clientClassName, type ProtocolTemplate } from './protocol';
import { httpProtocol, httpStandInTs } from './httpCommon';
import type { ScaffoldPlan } from './subgraph';

/**
 * Fixed-width records over HTTP, as the population register speaks: a 3-digit record type, then
 * fields at fixed positions (layouts are data; domain/register/fixedWidth.ts reads and writes them).
 */
export const FIXED_WIDTH: ProtocolTemplate = httpProtocol({ clientTs, standInTs, lookupOperation: 'LookupRecords', filingOperation: 'FileRecord' });

const LAYOUT_DOC = `Record layouts (positions 1-based; type in 1-3):
 *   100 lookup request   CPR 4-13
 *   200 record           CPR 4-13, STATUS 14, SINCE 15-22 (YYYYMMDD), MUNICIPALITY 23-26
 *   300 filing request   CPR 4-13, CLIENT_REF 14-77
 *   400 filing receipt   REFERENCE 4-16, CPR 17-26, STATUS 27, RECEIVED 28-35 (YYYYMMDD)
 *   900 trailer          COUNT 4-9 (records in the answer)
 *   999 error            CODE 4-7, TEXT 8-67`;

function clientTs(plan: ScaffoldPlan): string {
  const { name, pascal, upper } = plan.names;
  const client = clientClassName(plan.names);
  return `import { type CallKind, LegacyError, type LegacyHttp } from '../../platform';
import { decodeRecord, encodeRecord, FixedWidthError, layoutTable, type RecordLayout } from '../../domain/register/fixedWidth';
import { ${upper}_SYSTEM } from './mapping';
import type { ${pascal}LegacyRecord, ${pascal}Receipt, ${pascal}Submission } from './records';

/** The most CPR numbers the ${name} system takes in one call. */
export const ${upper}_MAX_BATCH = 100;

/**
 * The ${name} system's record layouts. ${LAYOUT_DOC}
 * SINCE and RECEIVED are read as digits ('number') and handed on as sent; mapping.ts reads the dates.
 */
export const ${upper}_LAYOUTS: readonly RecordLayout[] = [
  { type: '100', name: 'lookup request', fields: [{ name: 'CPR', start: 4, width: 10, kind: 'cpr' }] },
  {
    type: '200', name: 'record', fields: [
      { name: 'CPR', start: 4, width: 10, kind: 'cpr' }, { name: 'STATUS', start: 14, width: 1, kind: 'text' },
      { name: 'SINCE', start: 15, width: 8, kind: 'number' }, { name: 'MUNICIPALITY', start: 23, width: 4, kind: 'number' },
    ],
  },
  { type: '300', name: 'filing request', fields: [{ name: 'CPR', start: 4, width: 10, kind: 'cpr' }, { name: 'CLIENT_REF', start: 14, width: 64, kind: 'text' }] },
  {
    type: '400', name: 'filing receipt', fields: [
      { name: 'REFERENCE', start: 4, width: 13, kind: 'text' }, { name: 'CPR', start: 17, width: 10, kind: 'cpr' },
      { name: 'STATUS', start: 27, width: 1, kind: 'text' }, { name: 'RECEIVED', start: 28, width: 8, kind: 'number' },
    ],
  },
  { type: '900', name: 'trailer', fields: [{ name: 'COUNT', start: 4, width: 6, kind: 'number' }] },
  { type: '999', name: 'error', fields: [{ name: 'CODE', start: 4, width: 4, kind: 'text' }, { name: 'TEXT', start: 8, width: 60, kind: 'text' }] },
];
const LAYOUTS = layoutTable(${upper}_LAYOUTS);
const layout = (type: string) => LAYOUTS.get(type)!;

/**
 * The one client for the ${name} system's fixed-width records over HTTP, on the injected transport
 * (LegacyHttp: axios on the shared keep-alive agent, timeouts, retries of reads, circuit breaker, metrics).
 *   POST /${name}/records   100-lines  -> 200-lines + 900 trailer
 *   POST /${name}/filings   one 300    -> one 400
 * An error record (999) is LegacyError 'fault' (HTTP 4xx) or 'unavailable' (HTTP 5xx); a line that
 * does not fit its layout, or a trailer that does not count the records, is 'bad-response'.
 */
export class ${client} {
  private readonly http: LegacyHttp;

  constructor(options: { readonly http: LegacyHttp }) {
    this.http = options.http;
    if (this.http.system !== ${upper}_SYSTEM) throw new Error(\`${client}: the LegacyHttp must be for system "\${${upper}_SYSTEM}", got "\${this.http.system}"\`);
  }

  /** Records by CPR number, in calls of at most ${upper}_MAX_BATCH; citizens without one are absent from the map. */
  async records(cprs: readonly string[]): Promise<Map<string, ${pascal}LegacyRecord>> {
    const found = new Map<string, ${pascal}LegacyRecord>();
    const chunks: string[][] = [];
    for (let i = 0; i < cprs.length; i += ${upper}_MAX_BATCH) chunks.push(cprs.slice(i, i + ${upper}_MAX_BATCH));
    await Promise.all(chunks.map(async (chunk) => {
      const lines = await this.call('/${name}/records', chunk.map((cpr) => encodeRecord(layout('100'), { CPR: cpr })), 'read');
      const records = lines.filter((r) => r.type === '200');
      const trailer = lines.find((r) => r.type === '900');
      if (!trailer || Number(trailer.values.COUNT) !== records.length) throw badResponse('the answer has no trailer (900) counting its records');
      for (const { values } of records) {
        found.set(values.CPR!, { cpr: values.CPR!, status: values.STATUS ?? '', since: values.SINCE ?? '', municipality: values.MUNICIPALITY ?? '' });
      }
    }));
    return found;
  }

  /** Files once per client reference: the same reference answers with the first receipt. Never retried. */
  async submit(submission: ${pascal}Submission): Promise<${pascal}Receipt> {
    const lines = await this.call('/${name}/filings', [encodeRecord(layout('300'), { CPR: submission.cpr, CLIENT_REF: submission.clientReference })], 'write');
    const receipt = lines.find((r) => r.type === '400');
    if (!receipt) throw badResponse('a filing was answered without a receipt (400)');
    const v = receipt.values;
    return { reference: v.REFERENCE ?? '', cpr: v.CPR ?? '', status: v.STATUS ?? '', received: v.RECEIVED ?? '' };
  }

  close(): void {
    this.http.close();
  }

  private async call(url: string, lines: readonly string[], kind: CallKind) {
    const response = await this.http.request<string>({
      method: 'POST', url, data: \`\${lines.join('\\r\\n')}\\r\\n\`, headers: { 'content-type': 'text/plain; charset=utf-8' },
      responseType: 'text', transformResponse: [(data: unknown) => data],
    }, { kind });
    let decoded;
    try {
      decoded = String(response.data ?? '').split(/\\r?\\n/).filter((line) => line !== '').map((line) => decodeRecord(line, LAYOUTS));
    } catch (error) {
      if (!(error instanceof FixedWidthError)) throw error;
      if (response.status >= 500) throw new LegacyError(${upper}_SYSTEM, 'unavailable', \`HTTP \${response.status} without an error record\`, response.status);
      throw badResponse(error.message);
    }
    const failure = decoded.find((r) => r.type === '999');
    if (failure || response.status >= 300) {
      const detail = failure ? \`\${failure.values.CODE}: \${failure.values.TEXT ?? ''}\` : \`HTTP \${response.status}\`;
      throw new LegacyError(${upper}_SYSTEM, response.status >= 500 ? 'unavailable' : 'fault', detail, response.status);
    }
    return decoded;
  }
}

function badResponse(detail: string): LegacyError {
  return new LegacyError(${upper}_SYSTEM, 'bad-response', detail);
}
`;
}

function standInTs(plan: ScaffoldPlan): string {
  const { name, pascal } = plan.names;
  const head = httpStandInTs(
    plan,
    `fixed-width records over HTTP at POST /${name}/records (call log "LookupRecords") and POST /${name}/filings ("FileRecord").
 * ${LAYOUT_DOC}`,
    "error(503, 'S001', 'SYSTEMET ER IKKE TILGAENGELIGT')",
    "import type { StandInRequest, StandInResponse } from '../kit/standIn';\n",
  );
  return `${head}
function route(ledger: ${pascal}Ledger, today: () => string, request: StandInRequest): StandInResponse {
  if (request.method !== 'POST') return error(405, 'M001', 'KUN POST');
  const lines = request.body.toString('utf8').split(/\\r?\\n/).filter((line) => line !== '');
  switch (request.url.pathname) {
    case '/${name}/records': {
      if (lines.length < 1 || lines.length > 100 || !lines.every((line) => /^100\\d{10}$/.test(line))) return error(400, 'V001', 'FORVENTER 1-100 LINJER AF TYPE 100');
      const cprs = lines.map((line) => line.slice(3, 13));
      request.record('LookupRecords', cprs);
      const records = cprs.flatMap((cpr) => {
        const row = ledger.record(cpr);
        return row ? [\`200\${row.cpr}\${row.status}\${row.since}\${row.municipality}\`] : [];
      });
      return answer(200, [...records, \`900\${String(records.length).padStart(6, '0')}\`]);
    }
    case '/${name}/filings': {
      if (lines.length !== 1 || !/^300\\d{10}.{64}$/.test(lines[0])) return error(400, 'V002', 'FORVENTER EN LINJE AF TYPE 300');
      const cpr = lines[0].slice(3, 13);
      const reference = lines[0].slice(13).trimEnd();
      if (!/^[A-Za-z0-9._:-]{1,64}$/.test(reference)) return error(400, 'V003', 'KLIENTREFERENCE MANGLER');
      request.record('FileRecord', [cpr]);
      const outcome = ledger.file(cpr, reference, today());
      if (outcome.kind === 'unknown-citizen') return error(404, 'F001', 'BORGEREN ER UKENDT');
      if (outcome.kind === 'reference-taken') return error(409, 'F008', 'KLIENTREFERENCE BRUGT TIL ANDEN BORGER');
      const { reference: number, status, received } = outcome.filing;
      return answer(outcome.kind === 'filed' ? 201 : 200, [\`400\${number.padEnd(13)}\${cpr}\${status}\${received}\`]);
    }
    default:
      return error(404, 'A404', 'UKENDT ADRESSE');
  }
}

function answer(status: number, lines: readonly string[]): StandInResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: \`\${lines.join('\\r\\n')}\\r\\n\` };
}

function error(status: number, code: string, text: string): StandInResponse {
  return answer(status, [\`999\${code}\${text.padEnd(60).slice(0, 60)}\`]);
}
`;
}
