import os from 'node:os';
import { workerCount } from './cluster';

describe('gateway workers (GATEWAY_WORKERS)', () => {
  it('gateway-workers-default: one per core unless set; 1 runs the gateway alone; anything else is refused at start', () => {
    expect(workerCount({})).toBe(os.availableParallelism());
    expect(workerCount({ GATEWAY_WORKERS: '' })).toBe(os.availableParallelism());
    expect(workerCount({ GATEWAY_WORKERS: '1' })).toBe(1);
    expect(workerCount({ GATEWAY_WORKERS: '3' })).toBe(3);
    for (const bad of ['0', '-1', '1.5', 'two', '1000']) expect(() => workerCount({ GATEWAY_WORKERS: bad })).toThrow(/GATEWAY_WORKERS/);
  });
});
