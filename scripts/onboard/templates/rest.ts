import { clientClassName, type ProtocolTemplate } from './protocol';
import { httpProtocol, httpStandInTs } from './httpCommon';
import type { ScaffoldPlan } from './subgraph';

/** REST/JSON: batch lookups POST a list of CPR numbers; filings POST one record with a client reference. */
export const REST: ProtocolTemplate = httpProtocol({ clientTs, standInTs, lookupOperation: 'Opslag', filingOperation: 'Indberetning' });

function clientTs(plan: ScaffoldPlan): string {
  const { name, pascal, upper } = plan.names;
  const client = clientClassName(plan.names);
  const drafted =
    plan.drafted.length > 0
      ? `
import { ${pascal}RestOperations } from './restOperations';`
      : '';
  const draftedMember =
    plan.drafted.length > 0
      ? `
  /**
   * The operations drafted from the agency's OpenAPI document (restOperations.ts), on this client's
   * transport: ${plan.drafted.join(', ')}. To serve a field from one, call it in a method
   * that takes many CPR numbers (as records() does) and return the records in records.ts's shapes.
   */
  readonly operations: ${pascal}RestOperations;
`
      : '';
  const draftedInit =
    plan.drafted.length > 0
      ? `
    this.operations = new ${pascal}RestOperations(this.http);`
      : '';
  return `import type { AxiosResponse } from 'axios';
import { type CallKind, LegacyError, type LegacyHttp } from '../../platform';
import { ${upper}_SYSTEM } from './mapping';
import type { ${pascal}LegacyRecord, ${pascal}Receipt, ${pascal}Submission } from './records';${drafted}

/** The most CPR numbers the ${name} system takes in one call. */
export const ${upper}_MAX_BATCH = 100;

/**
 * The one client for the ${name} system's REST/JSON API, on the injected transport (LegacyHttp:
 * axios on the shared keep-alive agent, timeouts, retries of reads, circuit breaker, metrics).
 *   POST /${name}/opslag        { CPRNR_LISTE }            -> { POSTER: [{ CPRNR, STATUS, DATO, KOMMUNE }] }
 *   POST /${name}/indberetning  { CPRNR, KLIENT_REF }      -> { REFERENCE, CPRNR, STATUS, MODTAGET }
 * Every failure is a LegacyError naming the system: HTTP 5xx is 'unavailable', 4xx with
 * { FEJLKODE, FEJLTEKST } is 'fault', an answer of the wrong shape is 'bad-response'.
 */
export class ${client} {
  private readonly http: LegacyHttp;
${draftedMember}
  constructor(options: { readonly http: LegacyHttp }) {
    this.http = options.http;
    if (this.http.system !== ${upper}_SYSTEM) throw new Error(\`${client}: the LegacyHttp must be for system "\${${upper}_SYSTEM}", got "\${this.http.system}"\`);${draftedInit}
  }

  /** Records by CPR number, in calls of at most ${upper}_MAX_BATCH; citizens without one are absent from the map. */
  async records(cprs: readonly string[]): Promise<Map<string, ${pascal}LegacyRecord>> {
    const found = new Map<string, ${pascal}LegacyRecord>();
    await Promise.all(chunks(cprs, ${upper}_MAX_BATCH).map(async (chunk) => {
      const body = await this.call('/${name}/opslag', { CPRNR_LISTE: chunk }, 'read');
      const { POSTER } = body as { POSTER?: unknown };
      if (!Array.isArray(POSTER)) throw badResponse('/${name}/opslag answered without POSTER');
      for (const post of POSTER) {
        const { CPRNR, STATUS, DATO, KOMMUNE } = (post ?? {}) as Record<string, unknown>;
        if (typeof CPRNR !== 'string') throw badResponse('/${name}/opslag answered a record without CPRNR');
        found.set(CPRNR, { cpr: CPRNR, status: String(STATUS ?? ''), since: String(DATO ?? ''), municipality: String(KOMMUNE ?? '') });
      }
    }));
    return found;
  }

  /** Files once per client reference (KLIENT_REF): the same reference answers with the first receipt. Never retried. */
  async submit(submission: ${pascal}Submission): Promise<${pascal}Receipt> {
    const body = await this.call('/${name}/indberetning', { CPRNR: submission.cpr, KLIENT_REF: submission.clientReference }, 'write');
    const { REFERENCE, CPRNR, STATUS, MODTAGET } = body as Record<string, unknown>;
    if (typeof REFERENCE !== 'string' || typeof CPRNR !== 'string') throw badResponse('/${name}/indberetning answered without REFERENCE and CPRNR');
    return { reference: REFERENCE, cpr: CPRNR, status: String(STATUS ?? ''), received: String(MODTAGET ?? '') };
  }

  close(): void {
    this.http.close();
  }

  /** \`kind\` is explicit: the batch lookups are POSTs that only read (and may be retried). */
  private async call(url: string, data: unknown, kind: CallKind): Promise<Record<string, unknown>> {
    const response = await this.http.request<unknown>({ method: 'POST', url, data, headers: { accept: 'application/json' } }, { kind });
    return readBody(response);
  }
}

function readBody(response: AxiosResponse<unknown>): Record<string, unknown> {
  const { status, data } = response;
  const isObject = typeof data === 'object' && data !== null && !Array.isArray(data);
  if (status >= 200 && status < 300) {
    if (!isObject) throw new LegacyError(${upper}_SYSTEM, 'bad-response', \`HTTP \${status} without a JSON object\`, status);
    return data as Record<string, unknown>;
  }
  const fejl = isObject ? (data as { FEJLKODE?: unknown; FEJLTEKST?: unknown }) : {};
  const detail = typeof fejl.FEJLKODE === 'string' ? \`\${fejl.FEJLKODE}: \${String(fejl.FEJLTEKST ?? '')}\` : \`HTTP \${status}\`;
  throw new LegacyError(${upper}_SYSTEM, status >= 500 ? 'unavailable' : 'fault', detail, status);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
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
    `REST/JSON at POST /${name}/opslag (batch lookup, call log "Opslag") and POST /${name}/indberetning (a filing, "Indberetning").`,
    "fejl(503, 'SYS001', 'Systemet er midlertidigt utilgængeligt')",
    "import type { StandInRequest, StandInResponse } from '../kit/standIn';\n",
  );
  return `${head}
function route(ledger: ${pascal}Ledger, today: () => string, request: StandInRequest): StandInResponse {
  if (request.method !== 'POST') return fejl(405, 'SYS405', 'Kun POST');
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(request.body.toString('utf8') || '{}') as Record<string, unknown>;
  } catch {
    return fejl(400, 'VAL000', 'Ugyldig JSON');
  }
  switch (request.url.pathname.replace(/\\/+$/, '')) {
    case '/${name}/opslag': {
      const cprs = body.CPRNR_LISTE;
      if (!Array.isArray(cprs) || cprs.length < 1 || cprs.length > 100 || !cprs.every((c) => typeof c === 'string' && /^\\d{10}$/.test(c))) {
        return fejl(400, 'VAL001', 'CPRNR_LISTE skal have 1 til 100 CPR-numre');
      }
      request.record('Opslag', cprs as string[]);
      const POSTER = (cprs as string[]).flatMap((cpr) => {
        const row = ledger.record(cpr);
        return row ? [{ CPRNR: row.cpr, STATUS: row.status, DATO: row.since, KOMMUNE: row.municipality }] : [];
      });
      return json(200, { ANTAL_I_ALT: POSTER.length, POSTER });
    }
    case '/${name}/indberetning': {
      const { CPRNR, KLIENT_REF } = body;
      if (typeof CPRNR !== 'string' || !/^\\d{10}$/.test(CPRNR)) return fejl(400, 'VAL002', 'CPRNR mangler');
      if (typeof KLIENT_REF !== 'string' || !/^[A-Za-z0-9._:-]{1,64}$/.test(KLIENT_REF)) return fejl(400, 'VAL003', 'KLIENT_REF mangler');
      request.record('Indberetning', [CPRNR]);
      const outcome = ledger.file(CPRNR, KLIENT_REF, today());
      if (outcome.kind === 'unknown-citizen') return fejl(404, 'IND001', 'Borgeren er ukendt');
      if (outcome.kind === 'reference-taken') return fejl(409, 'IND008', 'KLIENT_REF er brugt til en anden borger');
      const { reference, cpr, status, received } = outcome.filing;
      return json(outcome.kind === 'filed' ? 201 : 200, { REFERENCE: reference, CPRNR: cpr, STATUS: status, MODTAGET: received });
    }
    default:
      return fejl(404, 'SYS404', 'Ukendt adresse');
  }
}

function json(status: number, value: unknown): StandInResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(value) };
}

function fejl(status: number, FEJLKODE: string, FEJLTEKST: string): StandInResponse {
  return json(status, { FEJLKODE, FEJLTEKST });
}
`;
}
