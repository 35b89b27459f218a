import pino from 'pino';
import { type Clock, systemClock } from './clock';
import { currentRequestId } from './requestId';

/** The logger every service takes by injection: one JSON line per event, CPR numbers never in clear. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/** Ten digits that could be a CPR number, with or without the hyphen. */
const CPR_LIKE = /\b(\d{6})-?\d{4}\b/g;
/** A bearer credential or a JWT (three base64url parts, the first a JSON header), wherever it appears in a value. */
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT_LIKE = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

/** Masks anything shaped like a CPR number: "120338-****". Applied to every log line. */
export function redactCprs(text: string): string {
  return text.replace(CPR_LIKE, '$1-****');
}

/** Masks CPR numbers, bearer credentials and JWTs anywhere in a serialized line, nested fields included. */
export function redactValues(text: string): string {
  return redactCprs(text).replace(BEARER, '$1 [redacted]').replace(JWT_LIKE, '[redacted-token]');
}

/** Keys whose values never reach a log, at the top level or one object down (headers.authorization). */
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-caller-context',
  'token',
  'accessToken',
  'idToken',
  'refreshToken',
  'callerToken',
  'password',
  'secret',
  'privateKey',
  'serviceKey',
  'apiKey',
];
/** Keys that hold a person's name (names are personal data; CPR numbers are masked by value instead). */
const NAME_KEYS = ['fullName', 'firstName', 'lastName', 'givenName', 'familyName', 'surname', 'actorName', 'grantorName', 'holderName', 'personName'];
const REDACTED = '[redacted]';
const REDACT_PATHS = [...SECRET_KEYS, ...NAME_KEYS].flatMap((key) => {
  const prop = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`;
  return [prop.startsWith('.') ? key : prop, `*${prop}`, `*.*${prop}`];
});

/**
 * A pino logger behind the Logger interface: one JSON line per event with the line's own keys
 * (level, time from the injected clock, service, message), the current request's `requestId`
 * (platform/requestId.ts), then the caller's fields. Secret and name-bearing keys are removed by
 * pino's `redact`; CPR numbers, bearer credentials and JWTs are masked in every value of the
 * serialized line, however deeply nested. `write` receives each line without its newline.
 */
export function createLogger(service: string, level: LogLevel = 'info', write?: (line: string) => void, clock: Clock = systemClock): Logger {
  const destination = {
    write: write
      ? (chunk: string) => write(redactValues(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk))
      : (chunk: string) => {
          process.stdout.write(redactValues(chunk));
        },
  };
  const base = pino(
    {
      level,
      base: { service },
      messageKey: 'message',
      timestamp: () => `,"time":"${clock.now().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
    },
    destination,
  );
  const log = (lvl: Exclude<LogLevel, 'silent'>) => (message: string, fields?: Record<string, unknown>) => {
    if (!base.isLevelEnabled(lvl)) return;
    base[lvl](lineFields(message, fields));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** pino writes level, time and service; the message, the request id and the caller's fields follow, collisions renamed. */
function lineFields(message: string, fields?: Record<string, unknown>): Record<string, unknown> {
  const requestId = currentRequestId();
  const own: Record<string, unknown> = requestId !== undefined && fields?.requestId === undefined ? { message, requestId } : { message };
  return renamedFields(own, ['time', 'level', 'service'], fields);
}

/** A field named like a line's own keys is renamed, so an event name never loses to `{ message: String(error) }`. */
const RENAMED_FIELDS: Readonly<Record<string, string>> = { message: 'detail' };

/**
 * The line's own keys first and never overwritten; each caller field that collides with a key
 * already taken (or reserved: pino's time, level, service) is renamed (message to detail, else a
 * trailing _), so nothing is dropped.
 */
export function renamedFields(own: Record<string, unknown>, reserved: readonly string[], fields: Record<string, unknown> = {}): Record<string, unknown> {
  const entries: [string, unknown][] = Object.entries(own);
  const taken = new Set([...reserved, ...Object.keys(own)]);
  for (const [name, value] of Object.entries(fields)) {
    let key = name;
    if (taken.has(key)) key = RENAMED_FIELDS[key] ?? key;
    // pino looks fields up by name in plain objects: one named like an Object.prototype member (__proto__, constructor) gets a trailing _.
    while (taken.has(key) || key in Object.prototype) key += '_';
    taken.add(key);
    entries.push([key, value]);
  }
  // fromEntries defines own properties, so even a field named __proto__ stays a field.
  return Object.fromEntries(entries);
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
