import type { Clock } from '../../platform/clock';
import type { FaultSettings } from '../kit/faults';
import { startStandIn, type RunningStandIn, type StandInRequest, type StandInResponse } from '../kit/standIn';
import type { Population } from '../population';
import { handleSoapCall } from './operations';
import { SoapFault, soapFault } from './soapMessages';
import { type IncomeChange, TaxOffice } from './taxOffice';
import { wsdlResponse } from './wsdl';

export interface TaxStandInOptions {
  readonly population: Population;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly faults?: Partial<FaultSettings>;
  /** The agency's clock, stamped on income changes. */
  readonly clock?: Clock;
}

/** The endpoint path: POST SOAP 1.1 here, GET ?wsdl for the contract. */
export const TAX_ENDPOINT_PATH = '/tax';

export interface RunningTaxStandIn extends RunningStandIn {
  /** Every income change filed with it, oldest first: what "no change was filed twice" is checked on. */
  incomeChanges(): readonly IncomeChange[];
}

/** Starts the tax agency stand-in: SOAP 1.1 at /tax, WSDL at GET /tax?wsdl. */
export async function startTaxStandIn(options: TaxStandInOptions): Promise<RunningTaxStandIn> {
  const office = new TaxOffice(options.population, options.clock);
  const running = await startStandIn(
    {
      name: 'tax',
      handle: (request) => route(office, request),
      failure: () => soapFault(new SoapFault('Server', 'Service temporarily unavailable', 'FS-9000')),
      faults: options.faults,
    },
    options.port ?? 0,
  );
  return Object.assign(running, { incomeChanges: () => office.incomeChanges() });
}

function route(office: TaxOffice, request: StandInRequest): StandInResponse {
  if (request.url.pathname !== TAX_ENDPOINT_PATH) return plain(404, `no service at ${request.url.pathname}; the tax service is at ${TAX_ENDPOINT_PATH}`);
  if (request.method === 'GET' && request.url.searchParams.has('wsdl')) return wsdlResponse(request.url);
  if (request.method !== 'POST') return plain(405, 'POST a SOAP 1.1 envelope, or GET ?wsdl');
  return handleSoapCall(office, request);
}

function plain(status: number, text: string): StandInResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text };
}
