/** The routing URL the supergraph gives a subgraph (its join__Graph enum value). */
export function routingUrlOf(supergraphSdl: string, subgraph: string): string | undefined {
  const pattern = new RegExp(`@join__graph\\(name:\\s*"${subgraph}",\\s*url:\\s*"([^"]+)"\\)`);
  return pattern.exec(supergraphSdl)?.[1];
}
