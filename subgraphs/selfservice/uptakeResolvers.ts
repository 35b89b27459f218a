import type { Channel } from '../kit/caller/types';
import type { ServiceCatalogue } from '../kit/catalogue/catalogue';
import { badUserInput } from '../kit/errors';
import { requireAnalyst } from './access';
import type { SelfserviceContext } from './context';
import { guarded } from './errors';
import type { ResolverDeps } from './resolverDeps';
import type { FilingCount } from './uptakeStore';

const CHANNELS: readonly Channel[] = ['DIGITAL_SELF_SERVICE', 'DELEGATE', 'ASSISTED'];

/** Query.uptake: aggregate figures for analysts; no personal data leaves here. */
export function uptakeResolvers({ stores, catalogue }: ResolverDeps) {
  return {
    Query: {
      uptake: guarded(async (_root: unknown, args: { from: string; to: string; municipalityCode?: string | null }, context: SelfserviceContext) => {
        requireAnalyst(context.caller);
        if (args.from > args.to) throw badUserInput('from may not be after to.', { field: 'from' });
        if (args.municipalityCode != null && !/^\d{4}$/.test(args.municipalityCode)) {
          throw badUserInput(`municipalityCode is four digits, like "0751"; got "${args.municipalityCode}".`, { field: 'municipalityCode' });
        }
        const period = { from: args.from, to: args.to, municipalityCode: args.municipalityCode ?? undefined };
        const [filings, exemptions] = await Promise.all([stores.uptake.filings(period), stores.uptake.exemptionsInForce(period)]);
        return {
          from: args.from,
          to: args.to,
          municipalityCode: args.municipalityCode ?? null,
          services: serviceUptake(filings, catalogue),
          total: channelCounts(filings),
          exemptionsInForce: exemptions.byReason.reduce((sum, r) => sum + r.exemptions, 0),
          citizensExempt: exemptions.citizens,
          exemptionsByReason: exemptions.byReason,
        };
      }),
    },
  };
}

function serviceUptake(filings: readonly FilingCount[], catalogue: ServiceCatalogue) {
  const codes = [...new Set([...catalogue.services.map((s) => s.code), ...filings.map((f) => f.service)])];
  return codes.map((code) => {
    const counts = channelCounts(filings.filter((f) => f.service === code));
    return {
      serviceCode: code,
      service: catalogue.get(code) ?? null,
      filings: counts,
      digitalShare: counts.total === 0 ? null : (counts.digitalSelfService + counts.delegate) / counts.total,
    };
  });
}

function channelCounts(filings: readonly FilingCount[]) {
  const of = (channel: Channel) => filings.filter((f) => f.channel === channel).reduce((sum, f) => sum + f.count, 0);
  const byChannel = CHANNELS.map((channel) => ({ channel, filings: of(channel) }));
  return {
    digitalSelfService: of('DIGITAL_SELF_SERVICE'),
    delegate: of('DELEGATE'),
    assisted: of('ASSISTED'),
    total: byChannel.reduce((sum, c) => sum + c.filings, 0),
    byChannel,
  };
}
