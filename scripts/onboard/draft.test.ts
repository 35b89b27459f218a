import path from 'node:path';
import { readFileSync } from 'node:fs';
import { draftFrom } from './draft';
import { systemNames } from './names';
import { insertRegistryEntry, nextPorts, registryEntry } from './registryEntry';
import { withDataDomain, withDomain } from './onboard';
import { SYSTEMS, type SystemEntry } from '../../systems/registry';

const FIXTURES = path.join(__dirname, 'fixtures');

describe('onboard --from', () => {
  it('onboard-from-openapi: JSON and YAML give the same draft: interfaces per schema, one method per operation, reads and writes told apart', () => {
    const names = systemNames('places', 'rest');
    const yaml = draftFrom(path.join(FIXTURES, 'placements-openapi.yaml'), names);
    const json = draftFrom(path.join(FIXTURES, 'placements-openapi.json'), names);
    // The same but for the file named in the header.
    expect(json.files['restOperations.ts'].replace('placements-openapi.json', 'placements-openapi.yaml')).toBe(yaml.files['restOperations.ts']);
    expect(yaml.operations).toEqual(['searchPlacements', 'getPlacement', 'submitApplication']);
    const file = yaml.files['restOperations.ts'];
    expect(file).toContain('export class PlacesRestOperations {');
    expect(file).toContain('readonly status: "PLACED" | "WAITING" | "ENDED";');
    expect(file).toContain('readonly institution?: string | null;');
    expect(file).toContain('getPlacement(path: { placementId: string }, query: { "include-history"?: boolean } = {}): Promise<Placement> {');
    expect(file).toContain("this.send<PlacementList>('POST', \"/placements/search\", 'read', undefined, body)");
    expect(file).toContain("this.send<{ readonly applicationNo: string }>('POST', \"/applications\", 'write', undefined, body)");
  });

  it('onboard-from-wsdl: elements and complex types become interfaces, enumerations unions, operations methods on call()', () => {
    const drafted = draftFrom(path.join(FIXTURES, 'placements.wsdl'), systemNames('places', 'soap'));
    expect(drafted.operations).toEqual(['hentPladser', 'soegPlads']);
    const file = drafted.files['soapOperations.ts'];
    expect(file).toContain('export interface HentPladser {\n  readonly CPR: readonly string[];\n}');
    expect(file).toContain('export interface HentPladserResponse {\n  readonly Plads?: readonly Plads[];\n}');
    expect(file).toContain('return this.call("SoegPlads", input as unknown as Record<string, unknown>, \'write\');');
  });

  it('refuses a document for the other protocol, and anything that is neither', () => {
    expect(() => draftFrom(path.join(FIXTURES, 'placements.wsdl'), systemNames('places', 'rest'))).toThrow(/use it with --protocol soap/);
    expect(() => draftFrom(path.join(FIXTURES, 'placements-openapi.yaml'), systemNames('places', 'sql'))).toThrow(/use it with --protocol rest/);
    expect(() => draftFrom(__filename, systemNames('places', 'rest'))).toThrow(/--from takes an OpenAPI document/);
  });
});

describe('onboard registry entry', () => {
  it('takes the next free ports, none for a database, and goes last in the registry', () => {
    const systems = SYSTEMS as readonly SystemEntry[];
    const top = Math.max(...systems.map((s) => s.port));
    const topLegacy = Math.max(...systems.flatMap((s) => (s.legacy?.port ? [s.legacy.port] : [])));
    expect(nextPorts(systems, 'soap')).toEqual({ port: top + 1, legacyPort: topLegacy + 1 });
    expect(nextPorts(systems, 'sql')).toEqual({ port: top + 1 });
    const names = systemNames('museum', 'rest');
    const entry = registryEntry(names, { title: "Museums' cards", legacyTitle: 'Museum system', files: {}, port: 4100, legacyPort: 5100 });
    expect(entry).toBe(
      "  {\n    name: 'museum',\n    title: 'Museums\\' cards',\n    port: 4100,\n    legacy: { name: 'museum', title: 'Museum system', protocol: 'rest', port: 5100 },\n    files: {},\n  },",
    );
    const source = readFileSync(path.join(__dirname, '..', '..', 'systems', 'registry.ts'), 'utf8');
    const updated = insertRegistryEntry(source, names, entry);
    expect(updated.indexOf(entry)).toBeLessThan(updated.indexOf('] as const satisfies readonly SystemEntry[];'));
    expect(() => insertRegistryEntry(updated, names, entry)).toThrow(/already has a system named "museum"/);
  });

  it('refuses names that cannot be a folder, a domain and a scope prefix', () => {
    for (const bad of ['Daycare', 'day-care', '9lives', 'x']) expect(() => systemNames(bad, 'rest')).toThrow(/lowercase letters or digits/);
    expect(() => systemNames('daycare', 'grpc' as never)).toThrow(/--protocol must be one of/);
  });

  it('moves only the filed service into the new domain in the catalogue', () => {
    const text = '{\n  "services": [\n    { "code": "a", "domain": "citizen" },\n    { "code": "b", "domain": "citizen" }\n  ]\n}\n';
    expect(withDomain(text, 'b', 'daycare')).toBe(text.replace('"code": "b", "domain": "citizen"', '"code": "b", "domain": "daycare"'));
  });

  it("names the new domain in selfservice's DataDomain enum, once", () => {
    const schema = 'enum DataDomain {\n  "Tax."\n  TAX\n}\n';
    const once = withDataDomain(schema, 'DAYCARE', 'Daycare "places"');
    expect(once).toBe('enum DataDomain {\n  "Tax."\n  TAX\n  "Daycare \\"places\\"."\n  DAYCARE\n}\n');
    expect(withDataDomain(once, 'DAYCARE', 'Daycare')).toBe(once);
  });
});
