import { type Clock, danishDate, systemClock } from '../../platform/clock';
import type { FaultSettings } from '../kit/faults';
import { type RunningStandIn, startStandIn } from '../kit/standIn';
import type { Population } from '../population';
import { createHousingRegister } from './register';
import { fejl } from './replies';
import { createRoutes } from './routes';

export interface HousingStandInOptions {
  readonly population: Population;
  readonly port?: number;
  readonly faults?: Partial<FaultSettings>;
  /** The system's clock: the (Danish) date stamped on filed applications; tests pin it. */
  readonly clock?: Clock;
}

/** Starts the housing-benefit stand-in: REST/JSON with the old system's quirks (see routes.ts). */
export function startHousingStandIn(options: HousingStandInOptions): Promise<RunningStandIn> {
  const register = createHousingRegister(options.population);
  const clock = options.clock ?? systemClock;
  const today = () => danishDate(clock.now());
  return startStandIn(
    {
      name: 'housing',
      handle: createRoutes(register, today),
      failure: () => fejl(503, 'SYS001'),
      faults: options.faults,
    },
    options.port ?? 0,
  );
}
