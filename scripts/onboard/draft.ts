import type { SystemNames } from './names';

export interface DraftedClient {
  readonly files: Readonly<Record<string, string>>;
  readonly operations: readonly string[];
}

export function draftFrom(_file: string, _names: SystemNames): DraftedClient {
  throw new Error('not yet');
}
