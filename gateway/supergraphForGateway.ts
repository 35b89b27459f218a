import { type DirectiveNode, Kind, parse, print, visit } from 'graphql';
import { readAccessDirectives } from '../domain/accessDirectives/readAccessDirectives';

/** The security features the gateway enforces itself (plugins/useAccessDirectives.ts). */
const ENFORCED_HERE = ['https://specs.apollo.dev/authenticated/', 'https://specs.apollo.dev/requiresScopes/'];

/**
 * The supergraph as @apollo/gateway is given it. The gateway refuses to load any feature linked
 * `for: SECURITY` that it does not enforce, and it enforces neither @authenticated nor
 * @requiresScopes (Apollo Router does). Our plugin does, so for exactly those two features the
 * `for: SECURITY` purpose is dropped here, after readAccessDirectives has confirmed that every
 * security feature present can be enforced (it throws otherwise, and the gateway does not start).
 * Any other security feature keeps its purpose, so the gateway still refuses it: fail closed.
 */
export function supergraphForGateway(supergraphSdl: string): string {
  const document = parse(supergraphSdl);
  readAccessDirectives(document);
  let changed = false;
  const rewritten = visit(document, {
    [Kind.DIRECTIVE](node: DirectiveNode) {
      if (node.name.value !== 'link') return undefined;
      const url = node.arguments?.find((a) => a.name.value === 'url')?.value;
      if (url?.kind !== Kind.STRING || !ENFORCED_HERE.some((prefix) => url.value.startsWith(prefix))) return undefined;
      changed = true;
      return { ...node, arguments: node.arguments?.filter((a) => a.name.value !== 'for') };
    },
  });
  return changed ? print(rewritten) : supergraphSdl;
}
