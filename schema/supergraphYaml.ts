import { DEFAULT_PORTS, SYSTEMS } from '../systems';

/**
 * schema/supergraph.yaml (rover's format) rendered from the registry of systems: each subgraph's
 * routing URL on its default port and its SDL at subgraphs/<name>/schema.graphql. `npm run compose`
 * writes it; `npm run compose -- --check` and test/supergraph-current.test.ts fail when it is stale.
 */
export function renderSupergraphYaml(): string {
  const lines = [
    '# Generated from systems/registry.ts by `npm run compose`; do not edit (edit the registry).',
    "# The subgraphs of the citizen graph: name -> routing URL + SDL file (rover's format).",
    "# After changing a subgraph's schema.graphql, run `npm run compose` and commit supergraph.graphql.",
    'federation_version: =2.5.0',
    'subgraphs:',
  ];
  for (const s of SYSTEMS) {
    lines.push(
      `  ${s.name}:`,
      `    routing_url: http://127.0.0.1:${DEFAULT_PORTS[s.name]}/graphql`,
      '    schema:',
      `      file: ../subgraphs/${s.name}/schema.graphql`,
    );
  }
  return `${lines.join('\n')}\n`;
}
