import type { Protocol } from '../../systems/registry';
import type { SystemNames } from './names';
import { FIXED_WIDTH } from './templates/fixedWidth';
import type { ProtocolTemplate } from './templates/protocol';
import { REST } from './templates/rest';
import { SOAP } from './templates/soap';
import { SQL } from './templates/sql';
import { type ScaffoldPlan, subgraphFiles } from './templates/subgraph';
import { subgraphTestTs } from './templates/tests';

export const PROTOCOL_TEMPLATES: Readonly<Record<Protocol, ProtocolTemplate>> = {
  rest: REST,
  soap: SOAP,
  sql: SQL,
  'fixed-width': FIXED_WIDTH,
};

/** Every file of the scaffold, path from the repository root to text (drafted files from --from included). */
export function scaffoldFiles(plan: ScaffoldPlan, drafted: Readonly<Record<string, string>> = {}): Record<string, string> {
  const protocol = PROTOCOL_TEMPLATES[plan.names.protocol];
  return {
    ...subgraphFiles(plan, protocol),
    [`subgraphs/${plan.names.name}/${plan.names.name}Subgraph.test.ts`]: subgraphTestTs(plan, protocol),
    ...protocol.legacyFiles(plan),
    ...Object.fromEntries(Object.entries(drafted).map(([file, text]) => [`subgraphs/${plan.names.name}/${file}`, text])),
  };
}

export type { ScaffoldPlan, SystemNames };
