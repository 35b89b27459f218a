import { type Clock, systemClock } from './clock';

/** The logger every service takes by injection: one JSON line per event, CPR numbers never in clear. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/** Ten digits that could be a CPR number, with or without the hyphen. */
const CPR_LIKE = /\b(\d{6})-?\d{4}\b/g;

/** Masks anything shaped like a CPR number: "120338-****". Applied to every log line. */
export function redactCprs(text: string): string {
  return text.replace(CPR_LIKE, '$1-****');
}

export function createLogger(service: string, level: LogLevel = 'info', write: (line: string) => void = (l) => process.stdout.write(l + '\n'), clock: Clock = systemClock): Logger {
  const threshold = LEVELS[level];
  const log = (lvl: Exclude<LogLevel, 'silent'>) => (message: string, fields?: Record<string, unknown>) => {
    if (LEVELS[lvl] < threshold) return;
    write(redactCprs(JSON.stringify(logLine({ time: clock.now().toISOString(), level: lvl, service, message }, fields))));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** A field named like a line's own keys is renamed, so an event name never loses to `{ message: String(error) }`. */
const RENAMED_FIELDS: Readonly<Record<string, string>> = { message: 'detail' };

/**
 * The line's own keys (time, level, service, message) first and never overwritten; each caller
 * field that collides with a key already taken is renamed (message to detail, else a trailing _).
 */
export function logLine(own: { time: string; level: string; service: string; message: string }, fields: Record<string, unknown> = {}): Record<string, unknown> {
  const entries: [string, unknown][] = Object.entries(own);
  const taken = new Set(Object.keys(own));
  for (const [name, value] of Object.entries(fields)) {
    let key = name;
    if (taken.has(key)) key = RENAMED_FIELDS[key] ?? key;
    while (taken.has(key)) key += '_';
    taken.add(key);
    entries.push([key, value]);
  }
  // fromEntries defines own properties, so even a field named __proto__ stays a field.
  return Object.fromEntries(entries);
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
