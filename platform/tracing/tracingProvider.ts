import { context, propagation, trace } from '@opentelemetry/api';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { personalDataGuard } from './personalDataGuard';

export interface TracingSetup {
  /** service.name of every span this process exports (OTEL_SERVICE_NAME overrides it). */
  readonly serviceName: string;
  /** Where finished spans go: the OTLP exporter in a deployment, an in-memory exporter in tests. */
  readonly exporter: SpanExporter;
  /** Export in batches off the request path (default); false hands each span over as it ends (tests). */
  readonly batch?: boolean;
}

export interface TracingHandle {
  readonly serviceName: string;
  /** Exports what has ended so far. */
  flush(): Promise<void>;
  /** Flushes, then unregisters everything: the API is a no-op again. */
  shutdown(): Promise<void>;
}

let registered: { readonly provider: NodeTracerProvider; readonly handle: TracingHandle } | undefined;

/**
 * Registers this process's tracer provider with the OpenTelemetry API: the async-local context
 * manager (a span stays current across awaits), the W3C trace-context propagator, a parent-based
 * always-on sampler unless OTEL_TRACES_SAMPLER says otherwise, and the exporter behind the
 * personal-data guard. One per process; until it is called every span is a no-op.
 */
export function registerTracing(setup: TracingSetup): TracingHandle {
  if (registered) throw new Error(`tracing is already registered in this process (service ${registered.handle.serviceName})`);
  const exporter = personalDataGuard(setup.exporter);
  const provider = new NodeTracerProvider({
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (the env detector) win over the name given here.
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: setup.serviceName }).merge(detectResources({ detectors: [envDetector] })),
    spanProcessors: [setup.batch === false ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)],
  });
  provider.register();
  const handle: TracingHandle = {
    serviceName: setup.serviceName,
    flush: () => provider.forceFlush(),
    async shutdown() {
      if (registered?.provider !== provider) return;
      registered = undefined;
      try {
        await provider.shutdown();
      } finally {
        trace.disable();
        context.disable();
        propagation.disable();
      }
    },
  };
  registered = { provider, handle };
  return handle;
}

/** The registered tracing, if any (undefined: tracing is off and every span is a no-op). */
export function registeredTracing(): TracingHandle | undefined {
  return registered?.handle;
}

/**
 * Exports the spans ended so far, waiting at most timeoutMs: services call it as they stop, so
 * the last requests' spans are not lost when the process exits. Nothing to do when tracing is off.
 */
export async function flushTracing(timeoutMs = 2000): Promise<void> {
  const handle = registered?.handle;
  if (!handle) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    handle.flush().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
}
