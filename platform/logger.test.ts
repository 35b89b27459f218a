import { PinnedClock } from './clock';
import { createLogger } from './logger';
import { withRequestId } from './requestId';

function capture(level: Parameters<typeof createLogger>[1] = 'debug') {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const logger = createLogger('citizen', level, (line) => {
    raw.push(line);
    lines.push(JSON.parse(line));
  });
  return { logger, lines, raw };
}

describe('createLogger', () => {
  it('log-event-name-survives: a field named message cannot overwrite the event name; it is kept as detail', () => {
    const { logger, lines } = capture();
    logger.error('masked internal error', { errorId: 'abc', message: 'connect ECONNREFUSED 127.0.0.1:5432' });
    expect(lines).toEqual([
      {
        time: expect.any(String),
        level: 'error',
        service: 'citizen',
        message: 'masked internal error',
        errorId: 'abc',
        detail: 'connect ECONNREFUSED 127.0.0.1:5432',
      },
    ]);
  });

  it("log-event-name-survives: fields named time, level or service never replace the line's own; nothing is dropped", () => {
    const { logger, lines } = capture();
    logger.warn('stop failed', { time: 'yesterday', level: 'debug', service: 'evil', message: 'boom', detail: 'both kept' });
    expect(lines[0]).toEqual({
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      level: 'warn',
      service: 'citizen',
      message: 'stop failed',
      time_: 'yesterday',
      level_: 'debug',
      service_: 'evil',
      detail: 'boom',
      detail_: 'both kept',
    });
  });

  it("keeps the line's keys first, so the event reads at the start of every line", () => {
    const { logger, raw } = capture();
    logger.info('gateway listening', { port: 4000 });
    // pino writes level and time first (its timestamp option appends to the level), then the service.
    expect(Object.keys(JSON.parse(raw[0]))).toEqual(['level', 'time', 'service', 'message', 'port']);
  });

  it('masks CPR numbers in the event, in renamed fields and in any other field', () => {
    const { logger, raw } = capture();
    logger.warn('lookup of 1203382258 failed', { message: 'no record for 120338-2258', cpr: '1505014207' });
    expect(raw[0]).not.toMatch(/1203382258|120338-2258|1505014207/);
    expect(JSON.parse(raw[0])).toMatchObject({ message: 'lookup of 120338-**** failed', detail: 'no record for 120338-****', cpr: '150501-****' });
  });

  it('a field named __proto__ stays an ordinary field (renamed __proto___, as pino looks fields up in plain objects)', () => {
    const { logger, lines } = capture();
    logger.info('odd input', JSON.parse('{"__proto__": {"polluted": true}, "constructor": "x"}'));
    expect(lines[0]).toMatchObject({ __proto___: { polluted: true }, constructor_: 'x' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('drops lines below its level', () => {
    const { logger, lines } = capture('warn');
    logger.info('chatty');
    logger.warn('kept');
    expect(lines.map((l) => l.message)).toEqual(['kept']);
  });
});

describe('createLogger on pino', () => {
  it('log-redacts-cpr-in-nested-fields: CPR numbers are masked however deep they sit, in arrays and errors too', () => {
    const { logger, raw, lines } = capture();
    logger.error('lookup failed', {
      request: { variables: { subject: { cpr: '1203382258' }, others: ['150501-4207', 'no cpr here'] } },
      error: new Error('no record for 0101901234').message,
    });
    expect(raw[0]).not.toMatch(/1203382258|1505014207|150501-4207|0101901234/);
    expect(lines[0]).toMatchObject({
      request: { variables: { subject: { cpr: '120338-****' }, others: ['150501-****', 'no cpr here'] } },
      error: 'no record for 010190-****',
    });
  });

  it('log-redacts-authorization-header: authorization, cookies, caller contexts and tokens never reach a line, by key or by value', () => {
    const { logger, raw, lines } = capture();
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    logger.warn('refused', {
      authorization: `Bearer ${jwt}`,
      headers: { authorization: 'Bearer abc.def.ghi', cookie: 'session=s3cr3t', 'x-caller-context': jwt, accept: 'application/json' },
      upstream: { request: { headers: { authorization: 'Basic dXNlcjpwYXNz' } } },
      detail: `the client sent Bearer ${jwt} again`,
      callerToken: jwt,
      person: { fullName: 'Karen Hansen' },
    });
    expect(raw[0]).not.toMatch(/eyJ|abc\.def\.ghi|s3cr3t|dXNlcjpwYXNz|Karen/);
    expect(lines[0]).toMatchObject({
      authorization: '[redacted]',
      headers: { authorization: '[redacted]', cookie: '[redacted]', 'x-caller-context': '[redacted]', accept: 'application/json' },
      // Deeper than two objects down the key rule stops; the value rule still masks the credential.
      upstream: { request: { headers: { authorization: 'Basic [redacted]' } } },
      detail: 'the client sent Bearer [redacted] again',
      callerToken: '[redacted]',
      person: { fullName: '[redacted]' },
    });
  });

  it('takes its timestamps from the injected clock', () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('citizen', 'info', (line) => lines.push(JSON.parse(line)), new PinnedClock('2026-03-01T10:00:00.000Z'));
    logger.info('tick');
    expect(lines[0]).toMatchObject({ time: '2026-03-01T10:00:00.000Z', level: 'info', service: 'citizen', message: 'tick' });
  });

  it('puts the current request id on every line written inside a request, and none outside', async () => {
    const { logger, lines } = capture();
    await withRequestId('req-1', async () => {
      logger.info('first');
      await new Promise((resolve) => setImmediate(resolve));
      logger.warn('after an await', { system: 'cpr' });
    });
    logger.info('outside');
    expect(lines.map((l) => [l.message, l.requestId])).toEqual([
      ['first', 'req-1'],
      ['after an await', 'req-1'],
      ['outside', undefined],
    ]);
  });
});
