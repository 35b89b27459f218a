import { ApolloGateway } from '@apollo/gateway';
import type { GraphQLSchema } from 'graphql';
import { supergraphForGateway } from '../supergraphForGateway';

/** The schema clients see (the supergraph without its join__ machinery); no subgraph is called. */
export async function apiSchemaOf(supergraphSdl: string): Promise<GraphQLSchema> {
  const gateway = new ApolloGateway({ supergraphSdl: supergraphForGateway(supergraphSdl), logger: { debug() {}, info() {}, warn() {}, error() {} } });
  try {
    return (await gateway.load()).schema;
  } finally {
    await gateway.stop();
  }
}
