/** SUBGRAPH_URL_TAX=http://... overrides the supergraph's routing URL for subgraph "tax". */
export function subgraphUrlsFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    const match = /^SUBGRAPH_URL_([A-Z0-9_]+)$/.exec(key);
    if (!match || !value) continue;
    try {
      new URL(value);
    } catch {
      throw new Error(`environment variable ${key} must be a URL, got "${value}"`);
    }
    urls[match[1].toLowerCase()] = value;
  }
  return urls;
}
