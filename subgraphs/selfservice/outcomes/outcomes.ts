import type { Channel } from '../../../domain/caller/types';
import type { ServiceCatalogue } from '../../../domain/catalogue/catalogue';
import { type ChannelCosts, COST_CHANNELS, costOf, savingPerFilingOre } from '../../../domain/catalogue/channelCosts';
import { moneyFromOre } from '../../../domain/money';
import type { ExemptionFigure, FilingGroup, FilingPricing, OutcomeDimension, RatingGroup } from './outcomesStore';
import { suppressedCells, suppressJointly } from './suppression';

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
 * Every breakdown an analyst can ask for, as the tables counted in SQL: WAVE with SERVICE is
 * SERVICE's table (each service has one wave), so six tables hold every figure of all eight.
 */
export const JOINT_BREAKDOWNS: readonly (readonly OutcomeDimension[])[] = [
  [],
  ['SERVICE'],
  ['WAVE'],
  ['MUNICIPALITY'],
  ['SERVICE', 'MUNICIPALITY'],
  ['WAVE', 'MUNICIPALITY'],
];

/** The table that answers a breakdown (dimensions in the fixed order SERVICE, WAVE, MUNICIPALITY). */
export function tableFor(groupBy: readonly OutcomeDimension[]): readonly OutcomeDimension[] {
  return groupBy.includes('SERVICE') ? groupBy.filter((d) => d !== 'WAVE') : groupBy;
}

const ALL = '*';
type Level = string | number | null;

/** The period's filings in every breakdown, suppressed together: a cell is hidden in every table that shows it. */
export interface JointFilings {
  /** Rows per table, by breakdown joined with ",". */
  readonly tables: ReadonlyMap<string, readonly FilingGroup[]>;
  readonly waves: ReadonlyMap<string, number | null>;
  /** Unified keys ([service, wave, municipality, channel], "*" where summed over) of the hidden cells. */
  readonly hidden: ReadonlySet<string>;
  /** Unified keys of the groups whose saving may be shown. */
  readonly savingShown: ReadonlySet<string>;
}

/** A cell's key in the one universe of all breakdowns. */
function unifiedKey(
  breakdown: readonly OutcomeDimension[],
  key: readonly Level[],
  channel: Channel | null,
  waves: ReadonlyMap<string, number | null>,
): Level[] {
  const at = (d: OutcomeDimension): Level | undefined => (breakdown.includes(d) ? key[breakdown.indexOf(d)] : undefined);
  const service = at('SERVICE');
  const wave = service !== undefined ? (waves.get(service as string) ?? null) : at('WAVE');
  const municipality = at('MUNICIPALITY');
  return [service === undefined ? ALL : service, wave === undefined ? ALL : wave, municipality === undefined ? ALL : municipality, channel ?? ALL];
}

/**
 * Suppresses all six tables (JOINT_BREAKDOWNS) at once (suppressJointly), over the relations an
 * analyst could subtract along: a group's total and its channels; a cell over all municipalities
 * and its municipalities; a wave and its services; all filings and the waves. A group's saving is
 * shown only when none of its channels is hidden and, for a group over several services, none of
 * the per-service channel cells beneath it (services' costs differ, so the saving would be one
 * more equation over them).
 */
export function jointFilings(tables: ReadonlyMap<string, readonly FilingGroup[]>, waves: ReadonlyMap<string, number | null>, min: number): JointFilings {
  const keys: Level[][] = [];
  const citizens: number[] = [];
  const index = new Map<string, number>();
  for (const breakdown of JOINT_BREAKDOWNS) {
    for (const row of tables.get(breakdown.join(',')) ?? []) {
      const key = unifiedKey(breakdown, row.key, row.channel, waves);
      index.set(JSON.stringify(key), keys.length);
      keys.push(key);
      citizens.push(row.citizens);
    }
  }
  const relations = new Map<string, { total: number; parts: number[] }>();
  const along = (axis: string, parent: Level[], part: number) => {
    const total = index.get(JSON.stringify(parent));
    if (total === undefined) throw new Error(`outcomes: no figure ${JSON.stringify(parent)} for the parts of ${JSON.stringify(keys[part])}`);
    const id = `${axis}|${total}`;
    relations.set(id, { total, parts: [...(relations.get(id)?.parts ?? []), part] });
  };
  keys.forEach(([s, w, m, c], i) => {
    if (c !== ALL) along('channel', [s, w, m, ALL], i);
    if (m !== ALL) along('municipality', [s, w, ALL, c], i);
    if (s !== ALL) along('service', [ALL, w, m, c], i);
    else if (w !== ALL) along('wave', [ALL, ALL, m, c], i);
  });
  const hiddenCells = suppressJointly(citizens, [...relations.values()], min);
  const hidden = new Set([...hiddenCells].map((i) => JSON.stringify(keys[i])));
  const savingShown = new Set<string>();
  keys.forEach(([s, w, m, c], i) => {
    if (c !== ALL || hiddenCells.has(i)) return;
    const beneath = keys.filter(
      ([s2, w2, m2, c2], j) =>
        j !== i &&
        c2 !== ALL &&
        m2 === m &&
        ((s !== ALL && s2 === s) || (s === ALL && s2 !== ALL && (w === ALL || w2 === w)) || (s === ALL && s2 === ALL && w === w2)),
    );
    if (beneath.every((k) => !hidden.has(JSON.stringify(k)))) savingShown.add(JSON.stringify(keys[i]));
  });
  return { tables, waves, hidden, savingShown };
}

/**
 * One breakdown's groups with their channel counts, from the joint suppression. A hidden figure
 * is null; a group whose total is hidden says suppressed (its channels of at least the minimum
 * that are safe stay shown, its empty ones are null);
 * the share is null when any channel is, the saving unless jointFilings shows it.
 */
export function outcomeGroups(joint: JointFilings, groupBy: readonly OutcomeDimension[]): OutcomeGroupView[] {
  const breakdown = tableFor(groupBy);
  const rows = joint.tables.get(breakdown.join(',')) ?? [];
  const keyOf = (row: FilingGroup) => JSON.stringify(unifiedKey(breakdown, row.key, row.channel, joint.waves));
  return rows
    .filter((r) => r.channel === null)
    .map((group) => {
      const at = (d: OutcomeDimension) => (breakdown.includes(d) ? group.key[breakdown.indexOf(d)] : null);
      const service = at('SERVICE') as string | null;
      const identity = {
        serviceCode: service,
        wave: !groupBy.includes('WAVE') ? null : service !== null ? (joint.waves.get(service) ?? null) : (at('WAVE') as number | null),
        municipalityCode: at('MUNICIPALITY') as string | null,
      };
      const totalHidden = joint.hidden.has(keyOf(group));
      // A hidden group's empty channels are hidden too: that its few citizens all filed one way would single them out.
      const none = totalHidden ? null : 0;
      const counts: Counts = { digitalSelfService: none, delegate: none, assisted: none, total: totalHidden ? null : group.filings };
      let anyHidden = totalHidden;
      for (const row of rows) {
        if (row.channel === null || JSON.stringify(row.key) !== JSON.stringify(group.key)) continue;
        const hidden = joint.hidden.has(keyOf(row));
        anyHidden ||= hidden;
        counts[FIELD_OF[row.channel]] = hidden ? null : row.filings;
      }
      const digital = (counts.digitalSelfService ?? 0) + (counts.delegate ?? 0);
      return {
        ...identity,
        suppressed: totalHidden,
        filings: counts,
        digitalShare: anyHidden || group.filings === 0 ? null : digital / group.filings,
        estimatedSavingKroner: !anyHidden && joint.savingShown.has(keyOf(group)) ? moneyFromOre(group.savingOre).kroner : null,
      };
    });
}

type ExemptionMeasure = 'inForce' | 'granted' | 'expired';
const EXEMPTION_MEASURES: readonly ExemptionMeasure[] = ['inForce', 'granted', 'expired'];

export interface ExemptionView {
  readonly municipalityCode: string | null;
  readonly reason: string;
  readonly inForce: number | null;
  readonly granted: number | null;
  readonly expired: number | null;
  readonly suppressed: boolean;
}

/** Exemptions by ground over all municipalities and per municipality, suppressed together (jointExemptions). */
export interface JointExemptions {
  readonly country: readonly ExemptionView[];
  readonly byMunicipality: readonly ExemptionView[];
  /** Whether a measure's sum over grounds (one municipality's, or null: the country's) is to be hidden. */
  sumHidden(measure: ExemptionMeasure, municipalityCode: string | null): boolean;
}

/**
 * Exemptions by ground: each measure (in force, granted, expired) one universe of the grounds
 * over all municipalities, per municipality, and their sums over grounds (uptake shows those),
 * suppressed together on distinct citizens (suppressJointly): a ground hidden in one municipality
 * is not given back by the country's figure minus the others, nor the country's by the
 * municipalities'. A sum over grounds counts the citizens of its grounds added up (an upper
 * bound: someone exempt on two grounds counts twice); uptake also hides it under the minimum of
 * distinct citizens.
 */
export function jointExemptions(country: readonly ExemptionFigure[], byMunicipality: readonly ExemptionFigure[], min: number): JointExemptions {
  const rows = [...country.map((f) => ({ f, m: ALL as Level })), ...byMunicipality.map((f) => ({ f, m: (f.municipalityCode?.trim() ?? null) as Level }))];
  const hidden = new Map<ExemptionMeasure, Set<string>>();
  for (const measure of EXEMPTION_MEASURES) {
    const citizensOf = (f: ExemptionFigure) => f[`${measure}Citizens`];
    const keys: Level[][] = rows.map(({ f, m }) => [m, f.reason]);
    const citizens = rows.map(({ f }) => citizensOf(f));
    const municipalities = [...new Set(rows.map((r) => JSON.stringify(r.m)))].map((m) => JSON.parse(m) as Level);
    for (const m of municipalities) {
      keys.push([m, ALL]);
      citizens.push(rows.filter((r) => r.m === m).reduce((sum, r) => sum + citizensOf(r.f), 0));
    }
    const index = new Map(keys.map((k, i) => [JSON.stringify(k), i]));
    const relations = new Map<string, { total: number; parts: number[] }>();
    keys.forEach(([m, reason], i) => {
      const parents: [string, Level[]][] = [];
      if (m !== ALL) parents.push(['municipality', [ALL, reason]]);
      if (reason !== ALL) parents.push(['reason', [m, ALL]]);
      for (const [axis, parent] of parents) {
        const total = index.get(JSON.stringify(parent));
        if (total === undefined) continue; // a measure's country row is always there with its municipalities'
        const id = `${axis}|${total}`;
        relations.set(id, { total, parts: [...(relations.get(id)?.parts ?? []), i] });
      }
    });
    hidden.set(measure, new Set([...suppressJointly(citizens, [...relations.values()], min)].map((i) => JSON.stringify(keys[i]))));
  }
  const isHidden = (measure: ExemptionMeasure, m: Level, reason: Level) => hidden.get(measure)!.has(JSON.stringify([m, reason]));
  const view = ({ f, m }: { f: ExemptionFigure; m: Level }): ExemptionView => {
    const [inForce, granted, expired] = EXEMPTION_MEASURES.map((measure) => isHidden(measure, m, f.reason));
    return {
      municipalityCode: m === ALL ? null : (m as string | null),
      reason: f.reason,
      inForce: inForce ? null : f.inForce,
      granted: granted ? null : f.granted,
      expired: expired ? null : f.expired,
      suppressed: inForce || granted || expired,
    };
  };
  return {
    country: rows.filter((r) => r.m === ALL).map(view),
    byMunicipality: rows.filter((r) => r.m !== ALL).map(view),
    sumHidden: (measure, municipalityCode) => isHidden(measure, municipalityCode ?? ALL, ALL),
  };
}

/** Satisfaction per service and channel; comments only in groups that are shown, never with who wrote them. */
export function satisfactionCells(groups: readonly RatingGroup[], comments: readonly { service: string; channel: Channel; comment: string }[], min: number) {
  const hidden = suppressedCells(
    groups.map((g) => ({ key: [g.service, g.channel], citizens: g.citizens })),
    min,
  );
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
