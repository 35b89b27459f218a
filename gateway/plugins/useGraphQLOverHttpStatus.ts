import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Codes of GraphQL request errors: the document could not be parsed or validated (limits
 * included), the operation not chosen, or an argument or variable value is wrong. Policy refusals
 * (UNAUTHENTICATED, FORBIDDEN, RATE_LIMITED, the persisted-query refusals) keep their own status.
 */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'QUERY_TOO_COMPLEX',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** The two media types a single GraphQL response goes out as, as Apollo Server writes them. */
export const RESPONSE_MEDIA_TYPES = {
  json: 'application/json; charset=utf-8',
  graphqlResponse: 'application/graphql-response+json; charset=utf-8',
} as const;

/**
 * The HTTP status of a request error follows the response's media type (GraphQL over HTTP):
 * `application/json` (also what a client without an Accept header, or with `*\/*`, gets) answers a
 * well-formed request with 200 and the errors in the body; `application/graphql-response+json`
 * answers with the 4xx Apollo Server set. The plugin picks the media type itself, the way Apollo
 * Server would, so the status and the Content-Type always agree.
 */
export function createGraphQLOverHttpStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response }) {
          if (response.body.kind !== 'single' || response.http.headers.get('content-type')) return;
          const mediaType = responseMediaType(request.http?.headers.get('accept'));
          if (!mediaType) return; // neither is acceptable: Apollo Server answers 406
          response.http.headers.set('content-type', mediaType);
          const result = response.body.singleResult;
          const requestError =
            result.data === undefined && (result.errors?.length ?? 0) > 0 && result.errors!.every((e) => REQUEST_ERROR_CODES.has(String(e.extensions?.code)));
          if (requestError && mediaType === RESPONSE_MEDIA_TYPES.json) response.http.status = 200;
        },
      };
    },
  };
}

/**
 * The media type a single response goes out as for an Accept header: none means application/json;
 * otherwise the acceptable one of highest quality, then most specific match, then first named in
 * the header, then application/json (the order Apollo Server's negotiation uses).
 */
export function responseMediaType(accept: string | undefined): string | undefined {
  if (!accept) return RESPONSE_MEDIA_TYPES.json;
  const ranges = accept.split(',').map((part, order) => {
    const [range, ...params] = part
      .trim()
      .split(';')
      .map((p) => p.trim().toLowerCase());
    const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? 1);
    const [type, subtype] = range.split('/');
    return { type, subtype, q: Number.isFinite(q) ? q : 0, order };
  });
  const candidates = [RESPONSE_MEDIA_TYPES.json, RESPONSE_MEDIA_TYPES.graphqlResponse]
    .map((mediaType, index) => {
      const [type, subtype] = mediaType.split(';')[0].split('/');
      let best = { q: 0, specificity: -1, order: -1 };
      for (const range of ranges) {
        const matches = (range.type === '*' || range.type === type) && (range.subtype === '*' || range.subtype === subtype);
        if (!matches) continue;
        const specificity = (range.type === type ? 4 : 0) + (range.subtype === subtype ? 2 : 0);
        if (specificity > best.specificity || (specificity === best.specificity && (range.q > best.q || (range.q === best.q && range.order > best.order)))) {
          best = { q: range.q, specificity, order: range.order };
        }
      }
      return { mediaType, index, ...best };
    })
    .filter((c) => c.q > 0);
  candidates.sort((a, b) => b.q - a.q || b.specificity - a.specificity || a.order - b.order || a.index - b.index);
  return candidates[0]?.mediaType;
}
