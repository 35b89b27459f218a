import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, type ServiceConfig } from '../platform/config';
import { DEFAULT_LEGACY_HTTP_OPTIONS } from '../platform/legacyHttp';
import { serviceConfig as gatewayConfig } from '../gateway/config';
import { serviceConfig as taxConfig } from '../subgraphs/tax/config';
import { CONFIG_DOC, configDoc, serviceConfigFiles, serviceConfigs } from '../scripts/configDoc';

const ROOT = path.join(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

/** Just the required variables, each with a placeholder: what every other variable defaults from. */
function requiredOnly(config: ServiceConfig): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config.variables)
      .filter(([, v]) => v.required)
      .map(([name]) => [name, 'placeholder']),
  );
}

function problemsOf(load: () => unknown): readonly string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('service configuration: one validated schema per service, also its documentation', () => {
  it('config-invalid-names-variable: each bad variable is named with what is wrong, all at once, secrets never echoed', () => {
    const problems = problemsOf(() =>
      gatewayConfig.load({
        ...requiredOnly(gatewayConfig),
        GATEWAY_PORT: 'abc',
        GATEWAY_MAX_DEPTH: '0',
        GATEWAY_INTROSPECTION: 'maybe',
        LOG_LEVEL: 'loud',
        REDIS_URL: 'hunter2-not-a-url',
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'GATEWAY_PORT: expected a port 0-65535, got "abc"',
        'GATEWAY_MAX_DEPTH: expected a whole number >= 1, got "0"',
        'GATEWAY_INTROSPECTION: expected true or false (also 1/0, yes/no), got "maybe"',
        'LOG_LEVEL: expected one of debug, info, warn, error, silent, got "loud"',
        'REDIS_URL: expected a URL, got a value of 17 characters',
      ]),
    );
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).not.toContain('hunter2');

    expect(problemsOf(() => taxConfig.load({}))).toEqual([
      'CALLER_CONTEXT_PUBLIC_KEY: required (JWK), not set',
      'SERVICE_KEY: required (text (secret)), not set',
    ]);
    expect(
      problemsOf(() => taxConfig.load({ ...requiredOnly(taxConfig), LEGACY_TAX_TIMEOUT_MS: '1.5', LEGACY_TAX_RETRIES: '11', CACHE_POLICY_JSON: '{ttl:1}' })),
    ).toEqual([
      'LEGACY_TAX_TIMEOUT_MS: expected a whole number 1-120000, got "1.5"',
      'LEGACY_TAX_RETRIES: expected a whole number 0-10, got "11"',
      'CACHE_POLICY_JSON: expected JSON, got "{ttl:1}"',
    ]);
  });

  it('config-invalid-names-variable: a service started with a bad variable exits 1 naming it, before it opens anything', () => {
    for (const [script, env, expected] of [
      [
        'gateway/main.ts',
        { GATEWAY_PORT: 'abc', GATEWAY_DEV_ISSUER: 'true', NODE_ENV: 'development', CALLER_CONTEXT_PRIVATE_KEY: '{}' },
        'GATEWAY_PORT: expected a port 0-65535, got "abc"',
      ],
      ['legacy/cpr/main.ts', { LEGACY_CPR_ERROR_RATE: '2' }, 'LEGACY_CPR_ERROR_RATE: expected a number from 0 to 1, got "2"'],
    ] as const) {
      const result = spawnSync(TSX, [path.join(ROOT, script)], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 60_000 });
      expect({ script, status: result.status }).toEqual({ script, status: 1 });
      expect(result.stderr).toContain(expected);
    }
  }, 120_000);

  it('config-defaults-documented: every variable of every service has a type and description; unset, each takes the default its documentation states', () => {
    const configs = serviceConfigs();
    expect(configs.map((c) => c.entryPoint)).toEqual(
      expect.arrayContaining([
        'gateway/main.ts',
        'subgraphs/benefits/main.ts',
        'subgraphs/citizen/main.ts',
        'subgraphs/housing/main.ts',
        'subgraphs/selfservice/main.ts',
        'subgraphs/tax/main.ts',
        'legacy/benefits/main.ts',
        'legacy/cpr/main.ts',
        'legacy/housing/main.ts',
        'legacy/tax/main.ts',
      ]),
    );
    for (const config of configs) {
      const loaded = config.load(requiredOnly(config)) as Record<string, unknown>;
      for (const [name, variable] of Object.entries(config.variables)) {
        const where = `${config.service} ${name}`;
        expect({ where, described: variable.description.length > 10, typed: variable.type.length > 0 }).toEqual({ where, described: true, typed: true });
        if (variable.required) continue;
        // A literal default is what load gives when the variable is unset; a default in words is left to the service (undefined here).
        const expected = variable.default !== undefined && !variable.defaultInWords ? variable.default : undefined;
        expect({ where, value: loaded[name] === undefined ? undefined : String(loaded[name]) }).toEqual({ where, value: expected });
      }
    }
    // Defaults the schemas state in words for values the code keeps elsewhere.
    expect(taxConfig.variables.LEGACY_TAX_RETRIES.default).toBe(String(DEFAULT_LEGACY_HTTP_OPTIONS.retries));
    expect(taxConfig.variables.LEGACY_TAX_RETRY_BASE_DELAY_MS.default).toBe(String(DEFAULT_LEGACY_HTTP_OPTIONS.retryBaseDelayMs));
    expect(taxConfig.variables.LEGACY_TAX_BREAKER_FAILURES.default).toBe(String(DEFAULT_LEGACY_HTTP_OPTIONS.breakerConsecutiveFailures));
    expect(taxConfig.variables.LEGACY_TAX_HALF_OPEN_AFTER_MS.default).toBe(String(DEFAULT_LEGACY_HTTP_OPTIONS.breakerHalfOpenAfterMs));
  });

  it('config-defaults-documented: docs/configuration.md is generated from the schemas and current (npm run config:doc)', () => {
    expect(readFileSync(CONFIG_DOC, 'utf8')).toBe(configDoc());
    const doc = readFileSync(CONFIG_DOC, 'utf8');
    for (const config of serviceConfigs()) {
      for (const name of Object.keys(config.variables)) expect(doc).toContain(`| \`${name}\` |`);
    }
  });

  it('each service entry point reads its settings through its schema, not through scattered EnvReader calls', () => {
    for (const file of serviceConfigFiles()) {
      const main = readFileSync(path.join(ROOT, path.dirname(file), 'main.ts'), 'utf8');
      expect({ file, loads: /serviceConfig\.load\(process\.env\)/.test(main) }).toEqual({ file, loads: true });
      // Direct reads by name (env.int('X'...), process.env.X) belong in config.ts; helpers given an EnvReader read only what the schema declares.
      expect({ file, direct: main.match(/env\.(string|optional|int|port|url|boolean|oneOf)(<[^>]*>)?\('[A-Z_]+'|process\.env\.[A-Z_]+/g) ?? [] }).toEqual({
        file,
        direct: [],
      });
    }
  });
});
