import type { CallerContext } from '../../../domain/caller/types';
import type { RegisterLookup } from '../../../domain/register/registerLookup';
import { FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES, MIDDLE_NAMES } from '../../../personas/names';

/**
 * Whether a citizen's free-text comment on a filing may be shown to analysts (without identity):
 * never when it holds CPR-shaped digits or a name (the citizen's, the actor's, or any name the
 * population's name lists hold). Cautious by design: a comment that mentions "Holm" the place is
 * withheld too.
 */
export function isCommentPublishable(comment: string, knownNames: readonly (string | undefined)[] = []): boolean {
  if (CPR_SHAPED.test(comment)) return false;
  const words = new Set(wordsOf(comment));
  const names = [...POPULATION_NAMES, ...knownNames.flatMap((name) => (name ? wordsOf(name) : []))];
  return !names.some((name) => words.has(name));
}

/** Six digits of a date and four more, with or without a hyphen, space or dot between (0101011234, 010101-1234, 01 01 01 1234). */
const CPR_SHAPED = /(?<!\d)\d{2}[\s.-]?\d{2}[\s.-]?\d{2}[\s.-]?\d{4}(?!\d)/;

const POPULATION_NAMES: ReadonlySet<string> = new Set([...FEMALE_FIRST_NAMES, ...MALE_FIRST_NAMES, ...MIDDLE_NAMES, ...LAST_NAMES].flatMap(wordsOf));

/** Lower-case words of letters (Danish letters included); names of two letters or fewer are ignored. */
function wordsOf(text: string): string[] {
  return (text.toLocaleLowerCase('da').match(/\p{L}+/gu) ?? []).filter((word) => word.length > 2);
}

/**
 * The names a rating's comment is screened for beyond the population's lists: the rater's own
 * name from the signed context, and the register's names of the citizen whose filing it is and
 * of whoever rates it (a delegate or parent acting for them), so a delegate's "I helped my
 * grandmother Ingrid" is withheld even when her name is on no list. Null when the register cannot
 * answer: the comment is then stored but not shown (not screened is not shown).
 */
export async function namesToScreen(register: Pick<RegisterLookup, 'names'>, caller: CallerContext, subjectCpr: string): Promise<string[] | null> {
  const cprs = [...new Set([subjectCpr, ...(caller.actor.cpr ? [caller.actor.cpr] : [])])];
  try {
    const names = await register.names(cprs);
    return [...(caller.actor.name ? [caller.actor.name] : []), ...cprs.flatMap((cpr) => names.get(cpr) ?? [])];
  } catch {
    return null;
  }
}
