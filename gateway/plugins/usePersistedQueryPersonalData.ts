import { CPR_SHAPED } from '../../platform/cprNumber';
import { ErrorCode } from '../../platform/errors';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';

export const PERSISTED_QUERY_PERSONAL_DATA = ErrorCode.PERSISTED_QUERY_PERSONAL_DATA;

/** Ten digits, hyphen optional after six (DDMMYY-SSSS), not part of a longer run of digits. */

/**
 * Refuses to register an automatic persisted query whose text holds anything CPR-shaped: the
 * text is stored as it is (in Redis, for a day), so a CPR number written into the query would be
 * kept in the clear. Such clients get HTTP 400 PERSISTED_QUERY_PERSONAL_DATA and pass the number
 * as a variable instead; nothing is stored. Runs before Apollo Server writes the entry.
 */
export function createPersistedQueryPersonalDataPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ metrics, source, document }) {
          if (!metrics.persistedQueryRegister || !holdsCprShapedText(source, document)) return;
          throw new GraphQLError(
            'This operation cannot be registered as a persisted query: its text holds a CPR number, and persisted queries are stored as written. Pass the CPR number as a variable (for example `query ($cpr: CPR!) { citizen(cpr: $cpr) { ... } }`).',
            { extensions: { code: PERSISTED_QUERY_PERSONAL_DATA, http: { status: 400 } } },
          );
        },
      };
    },
  };
}

/** The raw text (literals, comments, anything), and string literals once unescaped ("\u0031..." is still a CPR). */
function holdsCprShapedText(source: string | undefined, document: DocumentNode | undefined): boolean {
  if (source !== undefined && CPR_SHAPED.test(source)) return true;
  let found = false;
  if (document) {
    visit(document, {
      [Kind.STRING](node) {
        if (CPR_SHAPED.test(node.value)) found = true;
      },
    });
  }
  return found;
}
