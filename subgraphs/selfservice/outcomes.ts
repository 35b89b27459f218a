import type { Channel } from '../../domain/caller/types';
import type { ServiceCatalogue } from '../../domain/catalogue/catalogue';
import { type ChannelCosts, COST_CHANNELS, costOf, savingPerFilingOre } from '../../domain/catalogue/channelCosts';
import { moneyFromOre } from '../../domain/money';
import type { ExemptionFigure, FilingGroup, FilingPricing, OutcomeDimension, RatingGroup } from './outcomesStore';
import { suppressedCells } from './suppression';

/**
 * Shapes the outcome figures counted in SQL into what analysts see, suppressing small cells
 * (suppression.ts) in every table: groups, channels within groups, exemptions, satisfaction.
 */

export interface OutcomesConfig {
  /** Groups with fewer distinct citizens than this (but some) are suppressed. */
  readonly minCellCitizens: number;
  /** Cost per filing per channel: the savings' basis. */
  readonly channelCosts: ChannelCosts;
}

type Counts = { digitalSelfService: number | null; delegate: number | null; assisted: number | null; total: number | null };

export interface OutcomeGroupView {
  readonly serviceCode: string | null;
  readonly wave: number | null;
  readonly municipalityCode: string | null;
  readonly suppressed: boolean;
  readonly filings: Counts;
  readonly digitalShare: number | null;
  readonly estimatedSavingKroner: string | null;
}

/** Where each channel's count sits in a group's filings (outcomes and uptake). */
export const FIELD_OF: Readonly<Record<Channel, keyof Counts>> = { DIGITAL_SELF_SERVICE: 'digitalSelfService', DELEGATE: 'delegate', ASSISTED: 'assisted' };

/** The waves and per-filing savings of every catalogue service, for the SQL to count against. */
export function pricingFor(catalogue: ServiceCatalogue, costs: ChannelCosts): FilingPricing {
  return {
    waves: new Map(catalogue.services.map((s) => [s.code, s.wave])),
    savings: catalogue.services.flatMap((s) => COST_CHANNELS.map((channel) => ({ service: s.code, channel, ore: savingPerFilingOre(costs, s.code, channel) }))),
  };
}

/**
 * Groups with their channel counts. A suppressed group shows no figure; a suppressed channel
 * is null, and so are the share and saving that would give it away.
 */
export function outcomeGroups(rows: readonly FilingGroup[], groupBy: readonly OutcomeDimension[], min: number): OutcomeGroupView[] {
  // One table: every group's total (channel "*") and its channels, so a total and its parts are suppressed together.
  const cells = rows.map((r) => ({ key: [...r.key, r.channel ?? '*'], citizens: r.citizens }));
  const totals = rows.flatMap((r, i) => (r.channel === null ? [i] : []));
  const sums = totals.map((total) => {
    const keyText = JSON.stringify(rows[total].key);
    return { total, parts: rows.flatMap((r, i) => (r.channel !== null && JSON.stringify(r.key) === keyText ? [i] : [])) };
  });
  const hidden = suppressedCells(cells, min, { lineDimensions: groupBy.map((_, d) => d), sums });
  return sums.map(({ total, parts }) => {
    const group = rows[total];
    const dimension = (d: OutcomeDimension) => {
      const at = groupBy.indexOf(d);
      return at < 0 ? null : group.key[at];
    };
    const identity = { serviceCode: dimension('SERVICE') as string | null, wave: dimension('WAVE') as number | null, municipalityCode: dimension('MUNICIPALITY') as string | null };
    if (hidden.has(total)) {
      return { ...identity, suppressed: true, filings: { digitalSelfService: null, delegate: null, assisted: null, total: null }, digitalShare: null, estimatedSavingKroner: null };
    }
    const counts: Counts = { digitalSelfService: 0, delegate: 0, assisted: 0, total: group.filings };
    let anyHidden = false;
    for (const i of parts) {
      anyHidden ||= hidden.has(i);
      counts[FIELD_OF[rows[i].channel!]] = hidden.has(i) ? null : rows[i].filings;
    }
    const digital = (counts.digitalSelfService ?? 0) + (counts.delegate ?? 0);
    return {
      ...identity,
      suppressed: false,
      filings: counts,
      digitalShare: anyHidden || group.filings === 0 ? null : digital / group.filings,
      estimatedSavingKroner: anyHidden ? null : moneyFromOre(group.savingOre).kroner,
    };
  });
}

/** Exemptions by reason (and municipality): each measure its own table, suppressed on its distinct citizens. */
export function exemptionOutcomes(figures: readonly ExemptionFigure[], min: number) {
  const cells = (count: keyof ExemptionFigure) => figures.map((f) => ({ key: [f.municipalityCode, f.reason], citizens: f[count] as number }));
  const hidden = {
    inForce: suppressedCells(cells('inForceCitizens'), min),
    granted: suppressedCells(cells('grantedCitizens'), min),
    expired: suppressedCells(cells('expiredCitizens'), min),
  };
  return figures.map((f, i) => ({
    municipalityCode: f.municipalityCode?.trim() ?? null,
    reason: f.reason,
    inForce: hidden.inForce.has(i) ? null : f.inForce,
    granted: hidden.granted.has(i) ? null : f.granted,
    expired: hidden.expired.has(i) ? null : f.expired,
    suppressed: hidden.inForce.has(i) || hidden.granted.has(i) || hidden.expired.has(i),
  }));
}

/** Satisfaction per service and channel; comments only in groups that are shown, never with who wrote them. */
export function satisfactionCells(groups: readonly RatingGroup[], comments: readonly { service: string; channel: Channel; comment: string }[], min: number) {
  const hidden = suppressedCells(groups.map((g) => ({ key: [g.service, g.channel], citizens: g.citizens })), min);
  return groups.map((g, i) => {
    if (hidden.has(i)) return { serviceCode: g.service, channel: g.channel, suppressed: true, ratings: null, averageScore: null, comments: [] };
    return {
      serviceCode: g.service,
      channel: g.channel,
      suppressed: false,
      ratings: g.ratings,
      averageScore: Math.round(g.average * 100) / 100,
      comments: comments.filter((c) => c.service === g.service && c.channel === g.channel).map((c) => c.comment),
    };
  });
}

/** The cost figures used, with their sources: the default and every service's own. */
export function costFigures(costs: ChannelCosts) {
  const figure = (serviceCode: string | null) => {
    const cost = serviceCode === null ? costs.fallback : costOf(costs, serviceCode);
    return {
      serviceCode,
      digitalSelfServiceKroner: moneyFromOre(cost.ore.DIGITAL_SELF_SERVICE).kroner,
      delegateKroner: moneyFromOre(cost.ore.DELEGATE).kroner,
      assistedKroner: moneyFromOre(cost.ore.ASSISTED).kroner,
      source: costs.sources[cost.source],
    };
  };
  return [figure(null), ...Object.keys(costs.services).map(figure)];
}
