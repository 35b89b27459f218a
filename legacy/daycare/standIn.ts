import { type Clock, danishDate, systemClock } from '../../platform/clock';
import type { FaultSettings } from '../kit/faults';
import { type RunningStandIn, startStandIn } from '../kit/standIn';
import type { Population } from '../population';
import { DaycareLedger, type DaycareFilingRow, type OfferCode } from './data';
import type { StandInRequest, StandInResponse } from '../kit/standIn';

export interface DaycareStandInOptions {
  readonly population: Population;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly faults?: Partial<FaultSettings>;
  /** The system's clock: the (Danish) date stamped on filings; tests pin it. */
  readonly clock?: Clock;
}

export interface RunningDaycareStandIn extends RunningStandIn {
  /** Every filing it received, oldest first. */
  filings(): readonly DaycareFilingRow[];
}

/**
 * Starts the stand-in for the daycare system: the municipal daycare system's REST/JSON API:
 *   POST /daycare/opslag        { CPRNR_LISTE }                               places and waiting-list places of many
 *        children (call log "Opslag") -> { POSTER: [{ CPRNR, STATUS, TILBUD, INSTITUTION, DATO, KOMMUNE, VENTELISTE_NR }] }
 *   POST /daycare/indberetning  { CPRNR, KLIENT_REF, TILBUD, OENSKET_START }  an application ("Indberetning"): the child
 *        joins the end of the municipality's waiting list for the offer -> { REFERENCE, CPRNR, STATUS, MODTAGET, VENTELISTE_NR }
 * Its data is derived from the population (data.ts); the fault knobs and the call log are the
 * kit's (legacy/kit/standIn.ts).
 */
export async function startDaycareStandIn(options: DaycareStandInOptions): Promise<RunningDaycareStandIn> {
  const clock = options.clock ?? systemClock;
  const today = () => danishDate(clock.now());
  // Ages, and so offers, are as of the day the system starts.
  const ledger = new DaycareLedger(options.population, today());
  const running = await startStandIn(
    {
      name: 'daycare',
      handle: (request) => route(ledger, today, request),
      failure: () => fejl(503, 'SYS001', 'Systemet er midlertidigt utilgængeligt'),
      faults: options.faults,
    },
    options.port ?? 0,
  );
  return Object.assign(running, { filings: () => ledger.filings() });
}

function route(ledger: DaycareLedger, today: () => string, request: StandInRequest): StandInResponse {
  if (request.method !== 'POST') return fejl(405, 'SYS405', 'Kun POST');
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(request.body.toString('utf8') || '{}') as Record<string, unknown>;
  } catch {
    return fejl(400, 'VAL000', 'Ugyldig JSON');
  }
  switch (request.url.pathname.replace(/\/+$/, '')) {
    case '/daycare/opslag': {
      const cprs = body.CPRNR_LISTE;
      if (!Array.isArray(cprs) || cprs.length < 1 || cprs.length > 100 || !cprs.every((c) => typeof c === 'string' && /^\d{10}$/.test(c))) {
        return fejl(400, 'VAL001', 'CPRNR_LISTE skal have 1 til 100 CPR-numre');
      }
      request.record('Opslag', cprs as string[]);
      const POSTER = (cprs as string[]).flatMap((cpr) => {
        const row = ledger.record(cpr);
        if (!row) return [];
        return [
          {
            CPRNR: row.cpr,
            STATUS: row.status,
            TILBUD: row.offer,
            INSTITUTION: row.institution,
            DATO: row.since,
            KOMMUNE: row.municipality,
            VENTELISTE_NR: String(row.queue),
          },
        ];
      });
      return json(200, { ANTAL_I_ALT: POSTER.length, POSTER });
    }
    case '/daycare/indberetning': {
      const { CPRNR, KLIENT_REF, TILBUD, OENSKET_START } = body;
      if (typeof CPRNR !== 'string' || !/^\d{10}$/.test(CPRNR)) return fejl(400, 'VAL002', 'CPRNR mangler');
      if (typeof KLIENT_REF !== 'string' || !/^[A-Za-z0-9._:-]{1,64}$/.test(KLIENT_REF)) return fejl(400, 'VAL003', 'KLIENT_REF mangler');
      if (!['VUG', 'BHV', 'SFO', 'FRI'].includes(String(TILBUD))) return fejl(400, 'VAL004', 'TILBUD skal være VUG, BHV, SFO eller FRI');
      if (typeof OENSKET_START !== 'string' || !/^\d{8}$/.test(OENSKET_START)) return fejl(400, 'VAL005', 'OENSKET_START skal være ÅÅÅÅMMDD');
      request.record('Indberetning', [CPRNR]);
      const outcome = ledger.file({ cpr: CPRNR, clientReference: KLIENT_REF, offer: TILBUD as OfferCode, wantedStart: OENSKET_START }, today());
      if (outcome.kind === 'unknown-citizen') return fejl(404, 'IND001', 'Borgeren er ukendt');
      if (outcome.kind === 'reference-taken') return fejl(409, 'IND008', 'KLIENT_REF er brugt til en anden borger');
      const { reference, cpr, status, received, queue } = outcome.filing;
      return json(outcome.kind === 'filed' ? 201 : 200, { REFERENCE: reference, CPRNR: cpr, STATUS: status, MODTAGET: received, VENTELISTE_NR: String(queue) });
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
