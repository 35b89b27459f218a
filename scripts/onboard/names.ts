import { PROTOCOLS, type Protocol } from '../../systems/registry';

/** The names one system's code is written with, all derived from its registry name. */
export interface SystemNames {
  /** Registry name, folder, authorization domain, scope prefix: "daycare". */
  readonly name: string;
  /** Types and classes: "Daycare". */
  readonly pascal: string;
  /** Constants and env variables: "DAYCARE". */
  readonly upper: string;
  readonly protocol: Protocol;
}

export const NAME_PATTERN = /^[a-z][a-z0-9]{1,29}$/;

export function systemNames(name: string, protocol: Protocol): SystemNames {
  if (!NAME_PATTERN.test(name)) {
    throw new Error(
      `onboard: the name must be 2 to 30 lowercase letters or digits starting with a letter (it becomes the folder, the domain and the scopes "${name}:read"), got ${JSON.stringify(name)}`,
    );
  }
  if (!PROTOCOLS.includes(protocol)) throw new Error(`onboard: --protocol must be one of ${PROTOCOLS.join(', ')}, got ${JSON.stringify(protocol)}`);
  return { name, pascal: name[0].toUpperCase() + name.slice(1), upper: name.toUpperCase(), protocol };
}

/** A GraphQL/TypeScript identifier from any text: "get-places_v2" -> "getPlacesV2". */
export function camelCase(text: string): string {
  const words = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  const joined = words.map((w, i) => (i === 0 ? w[0].toLowerCase() + w.slice(1) : w[0].toUpperCase() + w.slice(1))).join('');
  return /^[0-9]/.test(joined) ? `_${joined}` : joined || 'operation';
}

export function pascalCase(text: string): string {
  const camel = camelCase(text);
  return camel[0] === '_' ? camel : camel[0].toUpperCase() + camel.slice(1);
}
