import type { Channel } from '../../../domain/caller/types';
import type { ServiceCatalogue } from '../../../domain/catalogue/catalogue';
import { badUserInput } from '../../../platform/errors';
import { requireAnalyst } from '../access';
import type { SelfserviceContext } from '../context';
import { guarded } from '../errors';
import {
  FIELD_OF,
  JOINT_BREAKDOWNS,
  type JointExemptions,
  jointExemptions,
  jointFilings,
  outcomeGroups,
  type OutcomeGroupView,
  pricingFor,
} from '../outcomes/outcomes';
import type { ExemptionFigure, OutcomeDimension } from '../outcomes/outcomesStore';
import type { ResolverDeps } from '../resolverDeps';
import { hiddenPartsSafe } from '../outcomes/suppression';

const CHANNELS: readonly Channel[] = ['DIGITAL_SELF_SERVICE', 'DELEGATE', 'ASSISTED'];
const NO_FILINGS = { digitalSelfService: 0, delegate: 0, assisted: 0, total: 0 };

/**
 * Query.uptake: aggregate figures for analysts; no personal data leaves here, and no small cell.
 * Every figure is a cell of an outcome table, suppressed exactly as `outcomes` suppresses it
 * (outcomes.ts, suppression.ts, the same configured minimum): per service = outcomes by SERVICE
 * (with a municipality: by SERVICE and MUNICIPALITY, that municipality's rows), total = outcomes
 * ungrouped (by MUNICIPALITY), exemptions by ground = outcomes' exemptions. So uptake shows no
 * figure outcomes hides, and nothing outcomes hides can be worked out from it.
 */
export function uptakeResolvers({ stores, catalogue, outcomes }: ResolverDeps) {
  const pricing = pricingFor(catalogue, outcomes.channelCosts);
  return {
    Query: {
      uptake: guarded(async (_root: unknown, args: { from: string; to: string; municipalityCode?: string | null }, context: SelfserviceContext) => {
        requireAnalyst(context.caller);
        if (args.from > args.to) throw badUserInput('from may not be after to.', { field: 'from' });
        if (args.municipalityCode != null && !/^\d{4}$/.test(args.municipalityCode)) {
          throw badUserInput(`municipalityCode is four digits, like "0751"; got "${args.municipalityCode}".`, { field: 'municipalityCode' });
        }
        const municipality = args.municipalityCode ?? null;
        const period = { from: args.from, to: args.to };
        const min = outcomes.minCellCitizens;
        const serviceDims: OutcomeDimension[] = municipality ? ['SERVICE', 'MUNICIPALITY'] : ['SERVICE'];
        const totalDims: OutcomeDimension[] = municipality ? ['MUNICIPALITY'] : [];
        const [tables, exemptionsCountry, exemptionsByMunicipality, citizensExempt] = await Promise.all([
          stores.outcomes.filingTables(period, JOINT_BREAKDOWNS, pricing),
          stores.outcomes.exemptions(period, false),
          stores.outcomes.exemptions(period, true),
          stores.uptake.citizensExempt({ ...period, municipalityCode: municipality ?? undefined }),
        ]);
        // Suppressed over the whole table (every municipality), then one municipality's rows taken.
        const inScope = (g: { municipalityCode: string | null }) => municipality === null || g.municipalityCode === municipality;
        const joint = jointFilings(tables, pricing.waves, min);
        const serviceGroups = outcomeGroups(joint, serviceDims).filter(inScope);
        const totalGroup = outcomeGroups(joint, totalDims).find(inScope);
        return {
          from: args.from,
          to: args.to,
          municipalityCode: municipality,
          minimumCellCitizens: min,
          services: serviceUptake(serviceGroups, catalogue),
          total: channelCounts(totalGroup),
          ...exemptionFigures(
            jointExemptions(exemptionsCountry, exemptionsByMunicipality, min),
            municipality === null ? exemptionsCountry : exemptionsByMunicipality,
            municipality,
            citizensExempt,
            min,
          ),
        };
      }),
    },
  };
}

function serviceUptake(groups: readonly OutcomeGroupView[], catalogue: ServiceCatalogue) {
  const codes = [...new Set([...catalogue.services.map((s) => s.code), ...groups.map((g) => g.serviceCode!)])];
  return codes.map((code) => {
    const group = groups.find((g) => g.serviceCode === code);
    return {
      serviceCode: code,
      service: catalogue.get(code) ?? null,
      filings: channelCounts(group),
      digitalShare: group ? group.digitalShare : null,
    };
  });
}

/** A group's counts (none filed: zeros, which single out no one); null where suppressed. */
function channelCounts(group: OutcomeGroupView | undefined) {
  const counts = group?.filings ?? NO_FILINGS;
  return {
    ...counts,
    suppressed: Object.values(counts).some((n) => n === null),
    byChannel: CHANNELS.map((channel) => ({ channel, filings: counts[FIELD_OF[channel]] })),
  };
}

/**
 * Exemptions in force by ground: outcomes' exemption tables, suppressed together on distinct
 * citizens (jointExemptions). The sum over grounds (and citizens exempt) is hidden when the joint
 * suppression hides it, when it counts too few citizens, or when it minus the grounds shown would
 * give a hidden ground back.
 */
function exemptionFigures(joint: JointExemptions, rows: readonly ExemptionFigure[], municipality: string | null, citizensExempt: number, min: number) {
  const views = municipality === null ? joint.country : joint.byMunicipality;
  const byReason = rows.flatMap((row, i) => {
    const view = views[i];
    if (row.inForce === 0 || (municipality !== null && view.municipalityCode !== municipality)) return [];
    const hidden = view.inForce === null;
    return [
      {
        reason: row.reason,
        exemptions: hidden ? null : row.inForce,
        citizens: hidden ? null : row.inForceCitizens,
        suppressed: hidden,
        behind: { exemptions: row.inForce, citizens: row.inForceCitizens },
      },
    ];
  });
  const totalHidden =
    joint.sumHidden('inForce', municipality) ||
    (citizensExempt > 0 && citizensExempt < min) ||
    !hiddenPartsSafe(
      byReason.filter((r) => r.suppressed).map((r) => r.behind.citizens),
      min,
    );
  return {
    exemptionsInForce: totalHidden ? null : byReason.reduce((sum, r) => sum + r.behind.exemptions, 0),
    citizensExempt: totalHidden ? null : citizensExempt,
    exemptionsSuppressed: totalHidden,
    exemptionsByReason: byReason.map(({ behind: _, ...r }) => r),
  };
}
