import { RESPONSE_MEDIA_TYPES, responseMediaType } from './useGraphQLOverHttpStatus';

const { json, graphqlResponse } = RESPONSE_MEDIA_TYPES;

describe('responseMediaType: the media type a response goes out as, negotiated as Apollo Server does', () => {
  it.each([
    [undefined, json],
    ['*/*', json],
    ['application/*', json],
    ['application/json', json],
    ['application/graphql-response+json', graphqlResponse],
    ['application/graphql-response+json, application/json;q=0.9', graphqlResponse],
    ['application/json;q=0.9, application/graphql-response+json', graphqlResponse],
    ['application/json, application/graphql-response+json', json],
    ['application/graphql-response+json, application/json', graphqlResponse],
    ['application/graphql-response+json;q=0, */*', json],
    ['text/html', undefined],
  ])('Accept: %s', (accept, expected) => {
    expect(responseMediaType(accept)).toBe(expected);
  });
});
