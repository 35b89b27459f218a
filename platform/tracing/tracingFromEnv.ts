import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registeredTracing, registerTracing, type TracingHandle } from './tracingProvider';

/** Where spans are exported to; tracing is on only when there is somewhere to send them. */
export interface TracingSettings {
  /** The OTLP/HTTP traces endpoint, e.g. http://otel-collector:4318/v1/traces. */
  readonly tracesUrl: string;
}

/**
 * The standard OpenTelemetry variables, read here and nowhere else:
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (the full traces URL) or OTEL_EXPORTER_OTLP_ENDPOINT (the
 * collector's base URL; /v1/traces is appended) turn tracing on; OTEL_SDK_DISABLED=true or
 * OTEL_TRACES_EXPORTER=none keep it off whatever else is set. Neither endpoint set: off, undefined.
 * (OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES,
 * OTEL_TRACES_SAMPLER and OTEL_BSP_* are read by the SDK itself.)
 */
export function tracingSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): TracingSettings | undefined {
  const value = (name: string) => {
    const raw = env[name]?.trim();
    return raw ? raw : undefined;
  };
  if (value('OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return undefined;
  const exporter = value('OTEL_TRACES_EXPORTER')?.toLowerCase();
  if (exporter === 'none') return undefined;
  if (exporter !== undefined && exporter !== 'otlp') throw new Error(`OTEL_TRACES_EXPORTER must be "otlp" or "none", got ${JSON.stringify(exporter)}`);
  const traces = value('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const base = value('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (traces) return { tracesUrl: httpUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', traces) };
  if (base) return { tracesUrl: `${httpUrl('OTEL_EXPORTER_OTLP_ENDPOINT', base).replace(/\/+$/, '')}/v1/traces` };
  return undefined;
}

/**
 * A service's main calls this first: with an OTLP endpoint configured, registers tracing that
 * exports there (OTLP over HTTP, batched) and returns its handle; otherwise registers nothing and
 * returns undefined, and every span in the process stays a no-op. Called again, the tracing already running.
 */
export function startTracingFromEnv(serviceName: string, env: NodeJS.ProcessEnv = process.env): TracingHandle | undefined {
  const already = registeredTracing();
  if (already) return already;
  const settings = tracingSettingsFromEnv(env);
  if (!settings) return undefined;
  return registerTracing({ serviceName, exporter: new OTLPTraceExporter({ url: settings.tracesUrl }) });
}

function httpUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be an http:// or https:// URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${name} must be an http:// or https:// URL, got ${JSON.stringify(value)}`);
  return value;
}
