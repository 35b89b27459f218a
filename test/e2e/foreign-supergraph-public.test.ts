import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { buildGateway } from '../../gateway/server';
import { buildSubgraphServer, type RunningService } from '../../subgraphs/kit';
import { generateContextKeys } from '../../domain';
import { PinnedClock } from '../../platform';
import { rawRequest, recordingLogger } from '../support/edgeGateway';

/**
 * A field with no directive, in a supergraph that has none, is public: the gateway serves any
 * valid supergraph, including one that holds no personal data and has no `citizen` subgraph.
 */
const WEATHER_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  "Forecasts; nothing personal."
  type Query {
    "Tomorrow's forecast for a city."
    forecast(city: String!): Forecast
  }
  "A forecast."
  type Forecast {
    "The city."
    city: String!
    "Degrees Celsius at noon."
    celsius: Int!
  }
`;

describe('foreign-supergraph-public', () => {
  const started: RunningService[] = [];
  afterAll(async () => {
    for (const service of started.reverse()) await service.stop();
  });

  async function startWeatherGateway(sdl: string): Promise<RunningService> {
    const weather = await buildSubgraphServer<object>({
      name: 'weather',
      modules: [{ typeDefs: parse(sdl), resolvers: { Query: { forecast: (_: unknown, { city }: { city: string }) => ({ city, celsius: 7 }) } } }],
      context: async () => ({}),
      logger: recordingLogger(),
    }).listen(0, '127.0.0.1');
    started.push(weather);
    const composed = composeServices([{ name: 'weather', url: weather.url, typeDefs: parse(sdl) }]);
    if (!composed.supergraphSdl) throw new Error(`weather supergraph did not compose: ${composed.errors?.map((e) => e.message).join('; ')}`);
    const keys = await generateContextKeys();
    const gateway = await buildGateway({
      supergraphSdl: composed.supergraphSdl,
      logger: recordingLogger(),
      identity: {
        verifyToken: async () => {
          throw new Error('no token is sent in this test');
        },
        directory: { actingContext: async () => ({ delegations: [], exemptions: [] }), registerFacts: async () => null, domainOfService: () => undefined },
        signingKey: keys.privateKey!,
        clock: new PinnedClock('2026-11-26'),
      },
    }).listen(0, '127.0.0.1');
    started.push(gateway);
    return gateway;
  }

  it('foreign-supergraph-public: a supergraph without a citizen subgraph or any directive answers without a token', async () => {
    const gateway = await startWeatherGateway(WEATHER_SDL);
    const { status, body } = await rawRequest(gateway.url, { body: { query: '{ forecast(city: "Aarhus") { city celsius } }' } });
    expect(status).toBe(200);
    expect(body).toEqual({ data: { forecast: { city: 'Aarhus', celsius: 7 } } });
  });

  it('foreign-supergraph-public: the same supergraph with @authenticated on a field refuses that field without a token', async () => {
    const marked = WEATHER_SDL.replace('import: ["@key"]', 'import: ["@key", "@authenticated"]').replace('celsius: Int!', 'celsius: Int! @authenticated');
    const gateway = await startWeatherGateway(marked);
    expect((await rawRequest(gateway.url, { body: { query: '{ forecast(city: "Aarhus") { city } }' } })).body).toEqual({
      data: { forecast: { city: 'Aarhus' } },
    });
    const refused = await rawRequest(gateway.url, { body: { query: '{ forecast(city: "Aarhus") { city celsius } }' } });
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', fields: ['Forecast.celsius'] });
  });

  it('a supergraph with a security feature the gateway cannot enforce (@policy) does not start', async () => {
    const withPolicy = WEATHER_SDL.replace('v2.5", import: ["@key"]', 'v2.6", import: ["@key", "@policy"]').replace(
      'celsius: Int!',
      'celsius: Int! @policy(policies: [["weather-staff"]])',
    );
    const composed = composeServices([{ name: 'weather', url: 'http://127.0.0.1:1/graphql', typeDefs: parse(withPolicy) }]);
    expect(composed.errors).toBeUndefined();
    const keys = await generateContextKeys();
    expect(() =>
      buildGateway({
        supergraphSdl: composed.supergraphSdl!,
        logger: recordingLogger(),
        identity: {
          verifyToken: async () => {
            throw new Error('unused');
          },
          directory: { actingContext: async () => ({ delegations: [], exemptions: [] }), registerFacts: async () => null, domainOfService: () => undefined },
          signingKey: keys.privateKey!,
          clock: new PinnedClock('2026-11-26'),
        },
      }),
    ).toThrow(/policy.*cannot enforce/);
  });
});
