import { checkRegistry, SYSTEMS, type SystemEntry } from './registry';

describe('the registry of systems', () => {
  it('registry-valid: the checked-in registry passes its own checks (they run when it loads)', () => {
    expect(() => checkRegistry()).not.toThrow();
  });

  it('registry-invalid: a reused port, a reused service, a bad name or a SQL system with a port is refused, naming the entry', () => {
    const housing = SYSTEMS.find((s) => s.name === 'housing') as SystemEntry;
    const with_ = (extra: SystemEntry) => () => checkRegistry([...(SYSTEMS as readonly SystemEntry[]), extra]);
    expect(with_({ ...housing, name: 'school', files: {}, legacy: undefined })).toThrow(/school reuses port 4003 of housing/);
    expect(with_({ name: 'school', title: 'x', port: 4050, files: { 'housing-benefit': 'x' } })).toThrow(/school \(x\) reuses service housing-benefit/);
    expect(with_({ name: 'School', title: 'x', port: 4050, files: {} })).toThrow(/"School" must be lowercase/);
    expect(with_({ name: 'school', title: 'x', port: 4050, legacy: { name: 'school', title: 'x', protocol: 'sql', port: 5050 }, files: {} })).toThrow(
      /SQL system is a database/,
    );
    expect(with_({ name: 'school', title: 'x', port: 4000, files: {} })).toThrow(/reuses port 4000 of the gateway/);
  });
});
