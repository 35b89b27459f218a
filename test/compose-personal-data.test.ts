import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeSupergraph, type SubgraphEntry } from '../schema/composeSupergraph';

/**
 * So that forgetting a directive cannot expose anyone, `npm run compose` refuses a supergraph in
 * which a field reachable from Citizen (or from any type marked @authenticated) lacks
 * @authenticated, naming the subgraph, the type and the field.
 */
const PEOPLE = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@authenticated"])
  type Query {
    me: Citizen @authenticated
    services: [Service!]!
  }
  type Mutation {
    moveHouse(to: String!): Citizen @authenticated
  }
  type Citizen @key(fields: "cpr") @authenticated {
    cpr: ID!
    name: String
    permits: [Permit!]
  }
  type Permit @authenticated {
    number: ID!
    service: Service!
  }
  type Service {
    code: ID!
  }
`;

const PETS = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@authenticated"])
  type Citizen @key(fields: "cpr") @authenticated {
    cpr: ID!
    pets: [Pet!]
  }
  type Pet @authenticated {
    name: String!
  }
`;

describe('compose-refuses-unmarked-personal-field', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'compose-personal-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function subgraphs(sdl: Record<string, string>): SubgraphEntry[] {
    return Object.entries(sdl).map(([name, text], i) => {
      const schemaFile = path.join(dir, `${name}-${Object.keys(sdl).join('-')}.graphql`);
      writeFileSync(schemaFile, text);
      return { name, url: `http://127.0.0.1:${4100 + i}/graphql`, schemaFile };
    });
  }

  it('every personal field marked (on the field or its type), the catalogue public: composes', () => {
    const result = composeSupergraph(subgraphs({ people: PEOPLE, pets: PETS }));
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.supergraphSdl).toContain('@link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)');
  });

  it('compose-refuses-unmarked-personal-field: a subgraph adding a field to Citizen without @authenticated is refused, naming subgraph, type and field', () => {
    const unmarked = PETS.replace('type Citizen @key(fields: "cpr") @authenticated {', 'type Citizen @key(fields: "cpr") {\n    shoeSize: Int @authenticated');
    const result = composeSupergraph(subgraphs({ people: PEOPLE, pets: unmarked }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^PERSONAL_FIELD_UNMARKED: subgraph "pets", type Citizen, field cpr: personal data \(Citizen is personal\) without @authenticated\. Add @authenticated to the field, or to type Citizen/,
      ),
      expect.stringMatching(/^PERSONAL_FIELD_UNMARKED: subgraph "pets", type Citizen, field pets: /),
    ]);
  });

  it('compose-refuses-unmarked-personal-field: a new type reachable from Citizen, unmarked, is refused with the path that reaches it', () => {
    const unmarkedPet = PETS.replace('type Pet @authenticated {', 'type Pet {');
    const result = composeSupergraph(subgraphs({ people: PEOPLE, pets: unmarkedPet }));
    expect(result.ok ? [] : result.errors).toEqual([
      'PERSONAL_FIELD_UNMARKED: subgraph "pets", type Pet, field name: personal data (reachable from Citizen: Citizen.pets -> Pet) without @authenticated. ' +
        "Add @authenticated to the field, or to type Pet in pets's schema (it then covers every field there).",
    ]);
  });

  it('compose-refuses-unmarked-personal-field: a type marked personal makes what it reaches personal, but a listed public type (Service) stays public', () => {
    const unmarkedPermit = PEOPLE.replace('type Permit @authenticated {', 'type Permit {\n    holderNote: String @authenticated');
    const result = composeSupergraph(subgraphs({ people: unmarkedPermit, pets: PETS }));
    expect(result.ok ? [] : result.errors.map((e) => e.split(':').slice(0, 2).join(':'))).toEqual([
      'PERSONAL_FIELD_UNMARKED: subgraph "people", type Permit, field number',
      'PERSONAL_FIELD_UNMARKED: subgraph "people", type Permit, field service',
    ]);
  });

  it('compose-refuses-unmarked-personal-field: a mutation without @authenticated is refused', () => {
    const result = composeSupergraph(
      subgraphs({ people: PEOPLE.replace('moveHouse(to: String!): Citizen @authenticated', 'moveHouse(to: String!): Citizen'), pets: PETS }),
    );
    expect(result.ok ? [] : result.errors).toEqual([expect.stringMatching(/^MUTATION_UNMARKED: subgraph "people", type Mutation, field moveHouse: /)]);
  });
});
