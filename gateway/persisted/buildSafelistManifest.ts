import {
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  validate,
  visit,
} from 'graphql';
import { type SafelistEntry, type SafelistManifest, sha256Hex } from './Safelist';

export interface OperationSource {
  /** Where it came from, for messages: "operations/Overview.graphql". */
  readonly file: string;
  readonly text: string;
}

export type SafelistBuild = { ok: true; manifest: SafelistManifest } | { ok: false; problems: string[] };

/**
 * Builds the safelist from the frontends' .graphql files: every named operation, with the
 * fragments it uses (from any file), printed canonically and hashed, after validation against
 * the API schema. Problems (syntax, validation, anonymous or duplicate names) are listed, not thrown.
 */
export function buildSafelistManifest(sources: readonly OperationSource[], schema: GraphQLSchema): SafelistBuild {
  const problems: string[] = [];
  const operations: { file: string; node: OperationDefinitionNode }[] = [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const source of sources) {
    let document: DocumentNode;
    try {
      document = parse(source.text);
    } catch (error) {
      problems.push(`${source.file}: ${(error as Error).message}`);
      continue;
    }
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        if (fragments.has(definition.name.value)) problems.push(`${source.file}: fragment ${definition.name.value} is defined twice`);
        fragments.set(definition.name.value, definition);
      } else if (definition.kind === Kind.OPERATION_DEFINITION) {
        if (!definition.name) problems.push(`${source.file}: every operation needs a name (it is how the safelist and the logs refer to it)`);
        else operations.push({ file: source.file, node: definition });
      } else {
        problems.push(`${source.file}: only operations and fragments belong in an operations file`);
      }
    }
  }
  const entries: SafelistEntry[] = [];
  const names = new Set<string>();
  for (const { file, node } of operations) {
    const name = node.name!.value;
    if (names.has(name)) {
      problems.push(`${file}: operation ${name} is defined twice`);
      continue;
    }
    names.add(name);
    const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [node, ...fragmentsUsedBy(node, fragments, file, problems)] };
    const invalid = validate(schema, document);
    if (invalid.length > 0) {
      problems.push(...invalid.map((error) => `${file}: ${name}: ${error.message}`));
      continue;
    }
    const body = print(document);
    entries.push({ id: sha256Hex(body), name, type: node.operation, body });
  }
  if (problems.length > 0) return { ok: false, problems };
  entries.sort((a, b) => a.name.localeCompare(b.name));
  return { ok: true, manifest: { format: 'apollo-persisted-query-manifest', version: 1, operations: entries } };
}

function fragmentsUsedBy(
  root: DefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  file: string,
  problems: string[],
): FragmentDefinitionNode[] {
  const used = new Map<string, FragmentDefinitionNode>();
  const pending: DefinitionNode[] = [root];
  while (pending.length > 0) {
    visit(pending.pop()!, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (used.has(name)) return;
        const fragment = fragments.get(name);
        if (!fragment) {
          problems.push(`${file}: fragment ${name} is not defined in any operations file`);
          return;
        }
        used.set(name, fragment);
        pending.push(fragment);
      },
    });
  }
  return [...used.values()].sort((a, b) => a.name.value.localeCompare(b.name.value));
}
