import { GATEWAY_PORT, SYSTEMS } from './registry';

type System = (typeof SYSTEMS)[number];
type LegacyPortName<S> = S extends { legacy: { name: infer N extends string; port: number } } ? `legacy${Capitalize<N>}` : never;
/** "gateway", each subgraph's name, and "legacy<Name>" for each legacy stand-in that listens on a port. */
export type PortName = 'gateway' | System['name'] | LegacyPortName<System>;

export function legacyPortName(system: string): string {
  return `legacy${system[0].toUpperCase()}${system.slice(1)}`;
}

/** Default ports of the local stack, from the registry; each can be overridden by its service's env variable. */
export const DEFAULT_PORTS = Object.fromEntries([
  ['gateway', GATEWAY_PORT],
  ...SYSTEMS.map((s) => [s.name, s.port]),
  ...SYSTEMS.flatMap((s) => ('legacy' in s && 'port' in s.legacy ? [[legacyPortName(s.legacy.name), s.legacy.port]] : [])),
]) as Readonly<Record<PortName, number>>;
