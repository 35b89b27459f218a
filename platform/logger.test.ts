import { createLogger } from './logger';

function capture(level: Parameters<typeof createLogger>[1] = 'debug') {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const logger = createLogger('citizen', level, (line) => { raw.push(line); lines.push(JSON.parse(line)); });
  return { logger, lines, raw };
}

describe('createLogger', () => {
  it('log-event-name-survives: a field named message cannot overwrite the event name; it is kept as detail', () => {
    const { logger, lines } = capture();
    logger.error('masked internal error', { errorId: 'abc', message: 'connect ECONNREFUSED 127.0.0.1:5432' });
    expect(lines).toEqual([{
      time: expect.any(String), level: 'error', service: 'citizen', message: 'masked internal error',
      errorId: 'abc', detail: 'connect ECONNREFUSED 127.0.0.1:5432',
    }]);
  });

  it('log-event-name-survives: fields named time, level or service never replace the line\'s own; nothing is dropped', () => {
    const { logger, lines } = capture();
    logger.warn('stop failed', { time: 'yesterday', level: 'debug', service: 'evil', message: 'boom', detail: 'both kept' });
    expect(lines[0]).toEqual({
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), level: 'warn', service: 'citizen', message: 'stop failed',
      time_: 'yesterday', level_: 'debug', service_: 'evil', detail: 'boom', detail_: 'both kept',
    });
  });

  it('keeps the line\'s keys first, so the event reads at the start of every line', () => {
    const { logger, raw } = capture();
    logger.info('gateway listening', { port: 4000 });
    expect(Object.keys(JSON.parse(raw[0]))).toEqual(['time', 'level', 'service', 'message', 'port']);
  });

  it('masks CPR numbers in the event, in renamed fields and in any other field', () => {
    const { logger, raw } = capture();
    logger.warn('lookup of 1203382258 failed', { message: 'no record for 120338-2258', cpr: '1505014207' });
    expect(raw[0]).not.toMatch(/1203382258|120338-2258|1505014207/);
    expect(JSON.parse(raw[0])).toMatchObject({ message: 'lookup of 120338-**** failed', detail: 'no record for 120338-****', cpr: '150501-****' });
  });

  it('a field named __proto__ stays an ordinary field', () => {
    const { logger, lines } = capture();
    logger.info('odd input', JSON.parse('{"__proto__": {"polluted": true}}'));
    expect(Object.prototype.hasOwnProperty.call(lines[0], '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('drops lines below its level', () => {
    const { logger, lines } = capture('warn');
    logger.info('chatty');
    logger.warn('kept');
    expect(lines.map((l) => l.message)).toEqual(['kept']);
  });
});
