import { DB_SYSTEM_NAME_VALUE_POSTGRESQL } from '@opentelemetry/semantic-conventions';
import type { SqlClient, SqlQueryable, SqlResult } from '../sql/types';
import { SPAN_ATTRIBUTES } from './spanAttributes';
import { errorTypeOf, inSpan, SpanKind } from './spans';

/**
 * The client with a CLIENT span per statement sent through query() (in a transaction too):
 * `sql <system> <tag or OPERATION>`, the system's name, the statement's first keyword (SELECT,
 * INSERT, ...) and its tag when it starts with one (`/* benefits:claimsByCpr *\/ SELECT ...`). Never the statement text or a parameter: values travel as parameters, but a span
 * has no need of either. Tracing off: one no-op span per statement.
 */
export function tracedSqlClient(client: SqlClient): SqlClient {
  const traced = (queryable: SqlQueryable): SqlQueryable => ({
    query: <R>(text: string, params?: readonly unknown[]) => tracedStatement(client.system, text, () => queryable.query<R>(text, params)),
  });
  return {
    ...client,
    query: traced(client).query,
    transaction: (fn) => client.transaction((tx) => fn(traced(tx))),
  };
}

function tracedStatement<R>(system: string, text: string, run: () => Promise<SqlResult<R>>): Promise<SqlResult<R>> {
  const { operation, tag } = describeStatement(text);
  return inSpan(
    `sql ${system} ${tag ?? operation}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        [SPAN_ATTRIBUTES.dbSystem]: DB_SYSTEM_NAME_VALUE_POSTGRESQL,
        [SPAN_ATTRIBUTES.dbOperation]: operation,
        [SPAN_ATTRIBUTES.legacySystem]: system,
        ...(tag ? { [SPAN_ATTRIBUTES.dbQuerySummary]: tag } : {}),
      },
    },
    async (span) => {
      try {
        const result = await run();
        span.setAttribute(SPAN_ATTRIBUTES.outcome, 'success');
        return result;
      } catch (error) {
        span.setAttribute(SPAN_ATTRIBUTES.outcome, errorTypeOf(error));
        throw error;
      }
    },
  );
}

/** The statement's first keyword after any leading comments, and the name in a leading tag comment like /* benefits:claimsByCpr *\/. */
export function describeStatement(text: string): { operation: string; tag?: string } {
  const tag = /^\s*\/\*\s*[a-z][a-z0-9-]*:([A-Za-z][A-Za-z0-9_]{0,63})\s*\*\//.exec(text)?.[1];
  const body = text.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/|\()*/, '');
  const operation = /^([A-Za-z]{2,20})\b/.exec(body)?.[1]?.toUpperCase() ?? 'OTHER';
  return tag && !/\d{4,}/.test(tag) ? { operation, tag } : { operation };
}
