import { isCommentPublishable } from './commentScreen';

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
});
