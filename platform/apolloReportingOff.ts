import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';

/**
 * Apollo Server's reporting to Apollo's cloud, switched off explicitly: otherwise APOLLO_KEY with
 * APOLLO_GRAPH_REF in the environment turns usage reporting on and APOLLO_SCHEMA_REPORTING=true
 * schema reporting, without anyone configuring them here. Inline traces (ftv1) are only ever
 * wanted by usage reporting, so they are off too. Every ApolloServer of the graph installs these.
 */
export function apolloReportingOff<C extends BaseContext>(): ApolloServerPlugin<C>[] {
  return [
    ApolloServerPluginUsageReportingDisabled(),
    ApolloServerPluginSchemaReportingDisabled(),
    ApolloServerPluginInlineTraceDisabled(),
  ] as ApolloServerPlugin<C>[];
}
