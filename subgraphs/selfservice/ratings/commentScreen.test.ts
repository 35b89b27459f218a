import type { CallerContext } from '../../../domain/caller/types';
import { isCommentPublishable, namesToScreen } from './commentScreen';

describe('comment screening', () => {
  it('comment-plain: a comment naming no one and holding no number is shown', () => {
    expect(isCommentPublishable('Nemt og hurtigt, men formularen var lang.')).toBe(true);
    expect(isCommentPublishable('Took 10 minutes; the form asked for my rent twice (4100 kr).')).toBe(true);
  });

  it.each(['0101011234', '010101-1234', '01 01 01 1234', 'my number is 010101.1234 ok'])('comment-cpr: CPR-shaped digits (%s) are never shown', (text) => {
    expect(isCommentPublishable(text)).toBe(false);
  });

  it('comment-population-name: any first, middle or last name of the population lists, any case', () => {
    expect(isCommentPublishable('ingrid fik hjælp')).toBe(false);
    expect(isCommentPublishable('Tak til SØRENSEN ved skranken')).toBe(false);
    expect(isCommentPublishable('Åse was kind')).toBe(false);
  });

  it("comment-actor-name: the citizen's or actor's own name, even when no list holds it", () => {
    expect(isCommentPublishable('Zbigniew helped me', ['Zbigniew Kowalczyk'])).toBe(false);
    expect(isCommentPublishable('Zbigniew helped me', [])).toBe(true);
  });

  it('rating-comment-names-grantor-screened: a delegate rating for a citizen is screened for both register names, even names on no list', async () => {
    const register = {
      names: async (cprs: readonly string[]) =>
        new Map(
          [
            ['0101011111', 'Zbigniew Kowalczyk'],
            ['0202022222', 'Wojciech Nowak'],
          ].filter(([cpr]) => cprs.includes(cpr)) as [string, string][],
        ),
    };
    const delegate = {
      actor: { kind: 'citizen', id: 'sub-w', cpr: '0202022222', scopes: [] },
      actingFor: { cpr: '0101011111', basis: 'delegation', grants: [] },
    } as unknown as CallerContext;
    const names = await namesToScreen(register, delegate, '0101011111');
    expect(names).toEqual(['Zbigniew Kowalczyk', 'Wojciech Nowak']);
    expect(isCommentPublishable('Zbigniew was pleased with the form', names!)).toBe(false);
    expect(isCommentPublishable('I, Wojciech, filled it in for my grandfather', names!)).toBe(false);
    expect(isCommentPublishable('KOWALCZYK og jeg', names!)).toBe(false);
    expect(isCommentPublishable('The form was quick', names!)).toBe(true);
    // The same comments pass the lists alone: the register is what catches them.
    expect(isCommentPublishable('Zbigniew was pleased with the form')).toBe(true);
  });

  it('rating-comment-register-down: no names from the register means the comment is not screened, so not shown', async () => {
    const down = {
      names: async () => {
        throw new Error('cpr unavailable');
      },
    };
    const citizen = { actor: { kind: 'citizen', id: 'sub-z', cpr: '0101011111', scopes: [] } } as unknown as CallerContext;
    expect(await namesToScreen(down, citizen, '0101011111')).toBeNull();
  });
});
