import { serviceCatalogue } from './catalogue';
import { channelCosts, parseChannelCosts, savingPerFilingOre } from './channelCosts';
import raw from './channelCosts.json';

describe('channel costs (policy data beside the catalogue)', () => {
  it('channel-costs-valid: the repository figures load, name a source each, and name only catalogue services', () => {
    const costs = parseChannelCosts(raw, serviceCatalogue());
    expect(costs.services['housing-benefit'].ore.ASSISTED).toBe(30000n);
    expect(savingPerFilingOre(channelCosts(), 'housing-benefit', 'DELEGATE')).toBe(27500n);
    expect(savingPerFilingOre(channelCosts(), 'daycare', 'ASSISTED')).toBe(0n);
    expect(savingPerFilingOre(channelCosts(), 'daycare', 'DIGITAL_SELF_SERVICE')).toBe(13800n);
  });

  it.each([
    [{ ...raw, default: { ...raw.default, ASSISTED: 150 } }, /default.ASSISTED must be kroner as a string/],
    [{ ...raw, default: { ...raw.default, source: 'hearsay' } }, /default.source must name one of sources/],
    [{ ...raw, services: { 'moon-landing': raw.default } }, /services.moon-landing is not in the service catalogue/],
    [{ ...raw, default: { ...raw.default, DELEGATE: '1.234' } }, /default.DELEGATE/],
    [{ ...raw, currency: 'EUR' }, /currency must be "DKK"/],
  ])('channel-costs-invalid: %#', (document, message) => {
    expect(() => parseChannelCosts(document, serviceCatalogue())).toThrow(message);
  });
});
