import type { Channel } from '../caller/types';
import { oreFromKroner } from '../money';
import type { ServiceCatalogue } from './catalogue';
import raw from './channelCosts.json';

/**
 * What one filing costs the authority per channel: policy data beside the catalogue
 * (channelCosts.json, each figure naming its source), checked when loaded, replaceable by
 * configuration (selfservice: SELFSERVICE_CHANNEL_COSTS_FILE). The outcome figures' savings are
 * computed from it; no resolver holds a price.
 */

export const COST_CHANNELS: readonly Channel[] = ['DIGITAL_SELF_SERVICE', 'DELEGATE', 'ASSISTED'];

export interface ChannelCost {
  /** Øre per filing, per channel. */
  readonly ore: Readonly<Record<Channel, bigint>>;
  /** Key into ChannelCosts.sources. */
  readonly source: string;
}

export interface ChannelCosts {
  readonly version: string;
  readonly priceYear: number;
  /** Source key -> what the figure rests on. */
  readonly sources: Readonly<Record<string, string>>;
  readonly fallback: ChannelCost;
  readonly services: Readonly<Record<string, ChannelCost>>;
}

/** The cost of one service's filings (its own figures or the default). */
export function costOf(costs: ChannelCosts, service: string): ChannelCost {
  return costs.services[service] ?? costs.fallback;
}

/**
 * The saving of one filing through `channel` against the counter (ASSISTED): what the
 * authority did not spend because the citizen, or a delegate, filed online. Zero for ASSISTED.
 */
export function savingPerFilingOre(costs: ChannelCosts, service: string, channel: Channel): bigint {
  const cost = costOf(costs, service);
  return cost.ore.ASSISTED - cost.ore[channel];
}

let repositoryCosts: ChannelCosts | undefined;
/** The figures checked into the repository, checked on first use. */
export function channelCosts(): ChannelCosts {
  repositoryCosts ??= parseChannelCosts(raw);
  return repositoryCosts;
}

/** Checks a cost document, optionally against a catalogue (every service named must exist); throws naming the field. */
export function parseChannelCosts(document: unknown, catalogue?: ServiceCatalogue): ChannelCosts {
  const doc = record(document, 'the channel costs');
  if (typeof doc.version !== 'string' || doc.version.trim() === '') fail('version must be a non-empty string');
  if (doc.currency !== 'DKK') fail(`currency must be "DKK", got ${JSON.stringify(doc.currency)}`);
  if (!Number.isInteger(doc.priceYear) || (doc.priceYear as number) < 2000 || (doc.priceYear as number) > 2100)
    fail(`priceYear must be a year, got ${JSON.stringify(doc.priceYear)}`);
  const sources = record(doc.sources, 'sources');
  for (const [key, text] of Object.entries(sources))
    if (typeof text !== 'string' || text.trim() === '') fail(`sources.${key} must say what the figure rests on`);
  const entry = (value: unknown, at: string): ChannelCost => {
    const e = record(value, at);
    const ore = {} as Record<Channel, bigint>;
    for (const channel of COST_CHANNELS) {
      if (typeof e[channel] !== 'string') fail(`${at}.${channel} must be kroner as a string like "12.50", got ${JSON.stringify(e[channel])}`);
      try {
        ore[channel] = oreFromKroner(e[channel] as string);
      } catch (error) {
        fail(`${at}.${channel}: ${(error as Error).message}`);
      }
      if (ore[channel] < 0n) fail(`${at}.${channel} may not be negative`);
    }
    if (typeof e.source !== 'string' || !(e.source in sources))
      fail(`${at}.source must name one of sources (${Object.keys(sources).join(', ')}), got ${JSON.stringify(e.source)}`);
    return { ore, source: e.source as string };
  };
  const services: Record<string, ChannelCost> = {};
  for (const [code, value] of Object.entries(record(doc.services ?? {}, 'services'))) {
    if (catalogue && !catalogue.has(code)) fail(`services.${code} is not in the service catalogue ${catalogue.version}`);
    services[code] = entry(value, `services.${code}`);
  }
  return {
    version: doc.version as string,
    priceYear: doc.priceYear as number,
    sources: sources as Record<string, string>,
    fallback: entry(doc.default, 'default'),
    services,
  };
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) fail(`${what} must be an object`);
  return value as Record<string, unknown>;
}

function fail(message: string): never {
  throw new Error(`channel costs: ${message}`);
}
