import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { SpanStatusCode } from '@opentelemetry/api';
import { currentServerSpan } from './serverSpan';
import { SPAN_ATTRIBUTES, traceableOperationName } from './spanAttributes';

/**
 * Names the request's server span after its operation ("query Overview", the name folded like
 * the metrics labels) and records its type and error codes. Never the document, the variables or
 * an error message. Nothing to do when tracing is off (no recording span).
 */
export function graphqlSpanPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      const span = currentServerSpan();
      if (!span?.isRecording()) return {};
      return {
        async didResolveOperation({ operationName, operation }) {
          const name = traceableOperationName(operationName);
          const type = operation?.operation ?? 'query';
          span.updateName(`${type} ${name}`);
          span.setAttribute(SPAN_ATTRIBUTES.graphqlOperationName, name);
          span.setAttribute(SPAN_ATTRIBUTES.graphqlOperationType, type);
        },
        async willSendResponse({ errors, response }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const codes = new Set<string>();
          for (const error of [...(errors ?? []), ...(body?.errors ?? [])]) {
            const code = error.extensions?.code;
            codes.add(typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : 'OTHER');
          }
          if (codes.size === 0) return;
          span.setAttribute(SPAN_ATTRIBUTES.graphqlErrorCodes, [...codes].sort());
          span.setStatus({ code: SpanStatusCode.ERROR });
        },
      };
    },
  };
}
