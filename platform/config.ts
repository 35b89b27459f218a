import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from './logger';

/**
 * A service's settings as one validated schema that is also their documentation: each
 * environment variable with its type, its default and a description. `load` checks every variable
 * at start and fails with one line per bad variable, naming it and what is wrong
 * (`GATEWAY_PORT: expected a port 0-65535, got "abc"`); `renderConfigDoc` writes the tables of
 * docs/configuration.md (`npm run config:doc`). Built on zod: each variable is a schema from the
 * raw string (or undefined when unset or empty) to its typed value.
 */
export interface Variable<T> {
  /** The type as documented: "port", "whole number 1-120000", "URL", "true/false", ... */
  readonly type: string;
  readonly description: string;
  /** The default as documented: the value itself, or in words when it depends on another setting. Absent: required, or no value. */
  readonly default?: string;
  /** The default is words (`default` describes it), not the value itself. */
  readonly defaultInWords: boolean;
  /** Start fails without it. */
  readonly required: boolean;
  /** Never echoed in an error or a document. */
  readonly secret: boolean;
  readonly schema: z.ZodType<T, z.ZodTypeDef, string | undefined>;
}

// biome-ignore lint/suspicious/noExplicitAny: a schema holds variables of every value type; ConfigOf recovers each one's.
export type ConfigSchema = Record<string, Variable<any>>;
export type ConfigOf<S extends ConfigSchema> = { readonly [K in keyof S]: S[K] extends Variable<infer T> ? T : never };

export interface ServiceConfig<S extends ConfigSchema = ConfigSchema> {
  /** The service as it is started: "gateway", "subgraph tax", "legacy cpr stand-in", ... */
  readonly service: string;
  /** Its entry point, e.g. gateway/main.ts. */
  readonly entryPoint: string;
  readonly summary: string;
  readonly variables: S;
  /** Every variable checked; throws ConfigError listing each bad one. */
  load(env: NodeJS.ProcessEnv): ConfigOf<S>;
}

export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: readonly string[],
  ) {
    super(`${service}: invalid configuration\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export function defineConfig<S extends ConfigSchema>(service: string, entryPoint: string, summary: string, variables: S): ServiceConfig<S> {
  const shape = z.object(Object.fromEntries(Object.entries(variables).map(([name, variable]) => [name, variable.schema])));
  return {
    service,
    entryPoint,
    summary,
    variables,
    load(env) {
      const raw = Object.fromEntries(Object.keys(variables).map((name) => [name, env[name] === '' ? undefined : env[name]]));
      const parsed = shape.safeParse(raw);
      if (parsed.success) return parsed.data as ConfigOf<S>;
      throw new ConfigError(
        service,
        parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
      );
    },
  };
}

interface Options<T> {
  readonly description: string;
  /** The value when unset; a documented default in words (`documented`) when it depends on other settings. */
  readonly default?: T;
  readonly documented?: string;
  readonly secret?: boolean;
}

const shown = (raw: string, secret: boolean) => (secret ? `a value of ${raw.length} characters` : JSON.stringify(raw));

/** A variable from a parser: `parse` returns the value or an error text ("expected ..."). */
function variable<T>(
  type: string,
  options: Options<T> & { readonly required?: boolean },
  parse: (raw: string) => { value: T } | { error: string },
): Variable<T> {
  const secret = options.secret === true;
  const required = options.required === true;
  const schema = z
    .string()
    .optional()
    .transform((raw, ctx): T => {
      if (raw === undefined) {
        if (required) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `required (${type}), not set` });
        return options.default as T;
      }
      const result = parse(raw);
      if ('error' in result) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${result.error}, got ${shown(raw, secret)}` });
        return z.NEVER;
      }
      return result.value;
    });
  const documented = options.documented ?? (options.default === undefined ? undefined : String(options.default));
  return { type, description: options.description, default: documented, defaultInWords: options.documented !== undefined, required, secret, schema };
}

function whole(raw: string, min: number, max: number, what: string): { value: number } | { error: string } {
  const value = Number(raw);
  return /^-?\d+$/.test(raw.trim()) && Number.isInteger(value) && value >= min && value <= max ? { value } : { error: `expected ${what}` };
}

const range = (min: number, max: number) => (max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `${min}-${max}`);

/** The variable kinds a service's schema is made of. */
export const setting = {
  /** A TCP port; 0 picks a free one. */
  port: (description: string, fallback: number): Variable<number> =>
    variable<number>('port', { description, default: fallback }, (raw) => whole(raw, 0, 65535, 'a port 0-65535')),

  int: (description: string, fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): Variable<number> =>
    variable<number>(`whole number ${range(min, max)}`, { description, default: fallback }, (raw) => whole(raw, min, max, `a whole number ${range(min, max)}`)),

  /** A whole number whose default depends on other settings (`documented` says how), undefined when unset. */
  optionalInt: (
    description: string,
    { min = 0, max = Number.MAX_SAFE_INTEGER, documented }: { min?: number; max?: number; documented?: string } = {},
  ): Variable<number | undefined> =>
    variable(`whole number ${range(min, max)}`, { description, documented }, (raw) => whole(raw, min, max, `a whole number ${range(min, max)}`)),

  /** A decimal number, e.g. a share 0-1. */
  number: (description: string, fallback: number, { min = 0, max = Number.MAX_VALUE } = {}): Variable<number> =>
    variable<number>(max === Number.MAX_VALUE ? `number >= ${min}` : `number ${min}-${max}`, { description, default: fallback }, (raw) => {
      const value = Number(raw);
      return raw.trim() !== '' && Number.isFinite(value) && value >= min && value <= max
        ? { value }
        : { error: `expected a number from ${min}${max === Number.MAX_VALUE ? '' : ` to ${max}`}` };
    }),

  text: (description: string, fallback: string): Variable<string> => variable('text', { description, default: fallback }, (raw) => ({ value: raw })),

  /** Text the service cannot start without. */
  required: (description: string, { secret = false, type = 'text' }: { secret?: boolean; type?: string } = {}): Variable<string> =>
    variable(secret ? `${type} (secret)` : type, { description, secret, required: true }, (raw) => ({ value: raw })),

  optional: (
    description: string,
    { secret = false, documented, type = 'text' }: { secret?: boolean; documented?: string; type?: string } = {},
  ): Variable<string | undefined> => variable(secret ? `${type} (secret)` : type, { description, secret, documented }, (raw) => ({ value: raw })),

  /** JSON text, checked to parse; the service reads it further. */
  optionalJson: (description: string): Variable<string | undefined> =>
    variable('JSON', { description }, (raw) => {
      try {
        JSON.parse(raw);
        return { value: raw };
      } catch {
        return { error: 'expected JSON' };
      }
    }),

  url: (description: string, fallback: string): Variable<string> => variable('URL', { description, default: fallback }, parseUrl),

  optionalUrl: (description: string, { secret = false, documented }: { secret?: boolean; documented?: string } = {}): Variable<string | undefined> =>
    variable(secret ? 'URL (secret)' : 'URL', { description, secret, documented }, parseUrl),

  boolean: (description: string, fallback: boolean): Variable<boolean> => variable('true/false', { description, default: fallback }, parseBoolean),

  /** A switch whose default depends on other settings (`documented` says how), undefined when unset. */
  optionalBoolean: (description: string, documented: string): Variable<boolean | undefined> =>
    variable('true/false', { description, documented }, parseBoolean),

  oneOf: <T extends string>(description: string, allowed: readonly T[], fallback: T): Variable<T> =>
    variable<T>(`one of ${allowed.join(', ')}`, { description, default: fallback }, (raw) =>
      allowed.includes(raw as T) ? { value: raw as T } : { error: `expected one of ${allowed.join(', ')}` },
    ),
};

function parseUrl(raw: string): { value: string } | { error: string } {
  try {
    new URL(raw);
    return { value: raw };
  } catch {
    return { error: 'expected a URL' };
  }
}

function parseBoolean(raw: string): { value: boolean } | { error: string } {
  if (['1', 'true', 'yes'].includes(raw)) return { value: true };
  if (['0', 'false', 'no'].includes(raw)) return { value: false };
  return { error: 'expected true or false (also 1/0, yes/no)' };
}

// Groups of variables several services share.

/** LOG_LEVEL and NODE_ENV: every service. */
export const LOGGING_SETTINGS = {
  LOG_LEVEL: setting.oneOf<LogLevel>('Lowest level written (JSON lines on stdout through pino; debug adds one line per HTTP request).', LOG_LEVELS, 'info'),
};

export const NODE_ENV_SETTING = {
  NODE_ENV: setting.optional(
    'production turns off development conveniences (introspection, explorer, field suggestions) and turns on the safelist; the development issuer is refused unless unset, development or test.',
    { type: 'text' },
  ),
};

/** Serving over HTTPS (platform/tls.ts, read by tlsFromEnv). */
export const SERVER_TLS_SETTINGS = {
  TLS_CERT_FILE: setting.optional('PEM certificate: with TLS_KEY_FILE the service serves HTTPS (docs/security-tls.md).', { type: 'file path' }),
  TLS_KEY_FILE: setting.optional('PEM private key for TLS_CERT_FILE.', { type: 'file path' }),
  TLS_CLIENT_CA_FILE: setting.optional('PEM CA: with it, mutual TLS (callers must present a certificate it signed).', { type: 'file path' }),
};

/** One legacy system's retries and breaker (platform/resilience/resilienceFromEnv.ts); unset keeps DEFAULT_LEGACY_HTTP_OPTIONS. */
type ResilienceVariables<S extends string> = {
  readonly [K in `LEGACY_${Uppercase<S>}_${'RETRIES' | 'RETRY_BASE_DELAY_MS' | 'BREAKER_FAILURES' | 'HALF_OPEN_AFTER_MS'}`]: Variable<number | undefined>;
};

export function legacyResilienceSettings<S extends string>(system: S): ResilienceVariables<S> {
  const prefix = `LEGACY_${system.toUpperCase()}`;
  return {
    [`${prefix}_RETRIES`]: setting.optionalInt(`Retries of a failed read to ${system} after the first attempt.`, { min: 0, max: 10, documented: '2' }),
    [`${prefix}_RETRY_BASE_DELAY_MS`]: setting.optionalInt(`Backoff base before a retry to ${system} (full jitter, doubling), ms.`, {
      min: 1,
      max: 60_000,
      documented: '50',
    }),
    [`${prefix}_BREAKER_FAILURES`]: setting.optionalInt(`Consecutive failed attempts that open the circuit to ${system}.`, {
      min: 1,
      max: 1000,
      documented: '5',
    }),
    [`${prefix}_HALF_OPEN_AFTER_MS`]: setting.optionalInt(`How long an open circuit to ${system} fails fast before one probe, ms.`, {
      min: 100,
      max: 600_000,
      documented: '5000',
    }),
  } as ResilienceVariables<S>;
}

/** The markdown tables of every service's variables: docs/configuration.md is this, generated. */
export function renderConfigDoc(configs: readonly ServiceConfig[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const sections = configs.map((config) => {
    const rows = Object.entries(config.variables).map(
      ([name, v]) =>
        `| \`${name}\` | ${cell(v.type)} | ${v.required ? '**required**' : v.default === undefined ? 'unset' : cell(v.defaultInWords ? v.default : `\`${v.default}\``)} | ${cell(v.description)} |`,
    );
    return [
      `## ${config.service}`,
      '',
      `\`${config.entryPoint}\`: ${config.summary}`,
      '',
      '| Variable | Type | Default | Description |',
      '| --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n');
  });
  return [
    '# Configuration',
    '',
    "<!-- Generated by `npm run config:doc` from each service's config.ts; test/config.test.ts fails when it is stale. Do not edit by hand. -->",
    '',
    'Every service reads its settings from environment variables, all declared in one schema per service',
    '(`gateway/config.ts`, `subgraphs/<name>/config.ts`, `legacy/<name>/config.ts`, built on `platform/config.ts`).',
    'Each is checked at start: a bad or missing value stops the service with a line naming the variable and what is',
    'wrong, e.g. `GATEWAY_PORT: expected a port 0-65535, got "abc"`. An empty value counts as unset.',
    'Secrets are never echoed in those messages.',
    '',
    ...sections,
  ].join('\n');
}
