import type { StandInRequest, StandInResponse } from '../kit/standIn';
import { readApplication } from './applicationForm';
import type { HousingRegister } from './register';
import { fejl, json, side } from './replies';
import { cprList, jsonBody, paging, query } from './requestInput';

/** Operation names as recorded in the call log (what batching tests assert on). */
export const OPERATIONS = {
  dwellings: 'BoligOpslag',
  benefits: 'BoligstoetteOpslag',
  applicationList: 'AnsoegningListe',
  applicationLookup: 'AnsoegningOpslag',
  fileApplication: 'IndgivAnsoegning',
} as const;

/**
 * The housing-benefit system's REST API:
 *   GET  /bolig?cprnr=a,b&side=&sidestr=                 dwellings (batch, paged)
 *   POST /bolig/opslag {CPRNR_LISTE, SIDE?, SIDESTR?}      dwellings (batch, paged)
 *   GET  /ydelse/boligstoette?cprnr=a,b&side=&sidestr=    housing benefit (batch, paged)
 *   POST /ydelse/boligstoette/opslag {CPRNR_LISTE, ...}    housing benefit (batch, paged)
 *   GET  /ydelse/boligstoette/ansoegning?cprnr=&side=&sidestr=   one citizen's applications (paged)
 *   POST /ydelse/boligstoette/ansoegning/opslag {CPRNR_LISTE, SIDE?, SIDESTR?}  the same page for many citizens
 *   POST /ydelse/boligstoette/ansoegning {CPRNR, BOLIGTYPE, ..., KLIENT_REF?}  file an application
 *        (201; 200 with the first application when KLIENT_REF was seen before; 409 ANS008 if it was for another CPRNR)
 */
export function createRoutes(register: HousingRegister, today: () => string) {
  return (request: StandInRequest): StandInResponse => {
    const route = `${request.method} ${request.url.pathname.replace(/\/+$/, '')}`;
    switch (route) {
      case 'GET /bolig':
        return batch(request, OPERATIONS.dwellings, query(request, 'cprnr'), query(request, 'side'), query(request, 'sidestr'), register.dwelling);
      case 'POST /bolig/opslag':
        return withBody(request, (b) => batch(request, OPERATIONS.dwellings, b.CPRNR_LISTE, b.SIDE, b.SIDESTR, register.dwelling));
      case 'GET /ydelse/boligstoette':
        return batch(request, OPERATIONS.benefits, query(request, 'cprnr'), query(request, 'side'), query(request, 'sidestr'), register.benefit);
      case 'POST /ydelse/boligstoette/opslag':
        return withBody(request, (b) => batch(request, OPERATIONS.benefits, b.CPRNR_LISTE, b.SIDE, b.SIDESTR, register.benefit));
      case 'GET /ydelse/boligstoette/ansoegning':
        return applicationList(request, register);
      case 'POST /ydelse/boligstoette/ansoegning/opslag':
        return withBody(request, (b) => applicationLookup(request, register, b));
      case 'POST /ydelse/boligstoette/ansoegning':
        return withBody(request, (b) => {
          const application = readApplication(b, register.knows);
          if (!application.ok) return fejl(400, application.code);
          request.record(OPERATIONS.fileApplication, [application.value.CPRNR]);
          const outcome = register.file(application.value, today());
          if (outcome.kind === 'reference-taken') return fejl(409, 'ANS008');
          const { ANSOEGNING_NR, CPRNR, STATUS, MODTAGET_DATO } = outcome.application;
          // 200, not 201: a KLIENT_REF seen before answers with the application it filed, filing nothing new.
          return json(outcome.kind === 'filed' ? 201 : 200, { ANSOEGNING_NR, CPRNR, STATUS, MODTAGET_DATO });
        });
      default:
        return fejl(404, 'SYS404');
    }
  };
}

function withBody(request: StandInRequest, handle: (body: Record<string, unknown>) => StandInResponse): StandInResponse {
  const body = jsonBody(request);
  return body.ok ? handle(body.value) : fejl(400, body.code);
}

/** Records for many citizens in one paged list; citizens without a record are simply absent. */
function batch<T>(
  request: StandInRequest,
  operation: string,
  rawCprs: unknown,
  rawPage: unknown,
  rawSize: unknown,
  find: (cpr: string) => T | undefined,
): StandInResponse {
  const cprs = cprList(rawCprs);
  if (!cprs.ok) return fejl(400, cprs.code);
  const paged = paging(rawPage, rawSize);
  if (!paged.ok) return fejl(400, paged.code);
  request.record(operation, cprs.value);
  const found = cprs.value.map(find).filter((r): r is T => r !== undefined);
  return json(200, side(found, paged.value.page, paged.value.size));
}

function applicationList(request: StandInRequest, register: HousingRegister): StandInResponse {
  const cprs = cprList(query(request, 'cprnr'));
  if (!cprs.ok || cprs.value.length !== 1) return fejl(400, 'VAL001');
  const paged = paging(query(request, 'side'), query(request, 'sidestr'));
  if (!paged.ok) return fejl(400, paged.code);
  request.record(OPERATIONS.applicationList, cprs.value);
  return json(200, side(register.applications(cprs.value[0]), paged.value.page, paged.value.size));
}

/** The same page of applications for each of many citizens: { SIDE, SIDESTR, RESULTATER: [{ CPRNR, ANTAL_I_ALT, POSTER }] }. */
function applicationLookup(request: StandInRequest, register: HousingRegister, body: Record<string, unknown>): StandInResponse {
  const cprs = cprList(body.CPRNR_LISTE);
  if (!cprs.ok) return fejl(400, cprs.code);
  const paged = paging(body.SIDE, body.SIDESTR);
  if (!paged.ok) return fejl(400, paged.code);
  request.record(OPERATIONS.applicationLookup, cprs.value);
  const { page, size } = paged.value;
  const RESULTATER = cprs.value.map((cpr) => {
    const { ANTAL_I_ALT, POSTER } = side(register.applications(cpr), page, size);
    return { CPRNR: cpr, ANTAL_I_ALT, POSTER };
  });
  return json(200, { SIDE: page, SIDESTR: size, RESULTATER });
}
