import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { writeOutcomesReport } from '../../scripts/report/outcomesReport';
import { FilingStore } from '../../subgraphs/selfservice/filings/filingStore';
import { RatingStore } from '../../subgraphs/selfservice/ratings/ratingStore';
import { startTestStack, type TestStack } from '../support/testStack';

/** The outcomes briefing from a running stack: through the gateway as the analyst, charts that parse. */
const cprOf = (n: number) => `020280${String(n).padStart(4, '0')}`;
const OUTCOMES = '{ outcomes(from: "2026-01-01", to: "2026-12-31", groupBy: [SERVICE]) { total { filings { total } } } }';

describe('outcomes report', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
    const filings = new FilingStore(stack.storeSql);
    const ratings = new RatingStore();
    let n = 0;
    // [service (wave), channel, month, citizens]
    const seeds: [string, string, string, number][] = [
      ['change-of-address', 'DIGITAL_SELF_SERVICE', '03', 9],
      ['change-of-address', 'ASSISTED', '03', 6],
      ['change-of-address', 'DIGITAL_SELF_SERVICE', '06', 12],
      ['housing-benefit', 'DIGITAL_SELF_SERVICE', '03', 8],
      ['housing-benefit', 'DELEGATE', '06', 7],
      ['housing-benefit', 'ASSISTED', '06', 6],
      ['sickness-benefit', 'DIGITAL_SELF_SERVICE', '09', 10],
    ];
    for (const [service, channel, month, citizens] of seeds) {
      for (let i = 0; i < citizens; i++) {
        n += 1;
        const reference = `report-${n}`;
        await filings.record({
          reference,
          service,
          channel: channel as never,
          municipalityCode: '0751',
          subjectCpr: cprOf(n),
          filedAt: `2026-${month}-10T10:00:00.000Z`,
        });
        if (service === 'housing-benefit') {
          await ratings.rate(
            stack.storeSql,
            {
              filingReference: reference,
              score: channel === 'ASSISTED' ? 5 : 4,
              comment: i === 0 ? 'Klar & tydelig <formular>' : null,
              commentPublishable: i === 0,
            },
            'test',
            new Date('2026-10-01T10:00:00Z'),
          );
        }
      }
    }
  }, 60_000);
  afterAll(() => stack?.stop());

  it('outcomes-analyst-only-at-the-gateway: a citizen and a caseworker get 403 FORBIDDEN, the analyst the figures', async () => {
    for (const persona of ['ingrid', 'caseworker-aarhus']) {
      const { status, body } = await stack.as(persona)(OUTCOMES);
      expect(status).toBe(403);
      expect(body.errors![0].extensions!.code).toBe('FORBIDDEN');
    }
    const { status, body } = await stack.as('analyst')(OUTCOMES);
    expect(status).toBe(200);
    expect(body.data!.outcomes.total.filings.total).toBe(58);
  });

  it('outcomes-report-renders: report.md and three SVG charts that parse, with the figures in them', async () => {
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'outcomes-report-'));
    const written = await writeOutcomesReport({
      gatewayUrl: stack.gatewayUrl,
      token: await stack.tokenFor('analyst'),
      from: '2026-01-01',
      to: '2026-12-31',
      outDir,
      madeAt: new Date('2026-11-26T09:00:00Z'),
    });
    const markdown = readFileSync(path.join(outDir, 'report.md'), 'utf8');
    expect(markdown).toBe(written.markdown);
    expect(markdown).toContain('# What the policy achieved: 2026-01-01 to 2026-12-31');
    expect(markdown).toContain('- Filings: 58 (online by the citizen 39, by a delegate 7, assisted at a counter 12)');
    // Housing benefit: 8 online x 280 kr + 7 by a delegate x 275 kr.
    expect(markdown).toContain('| Housing benefit | 3 | 21 | 8 | 7 | 6 | 71.4% | 4,165.00 |');
    expect(markdown).toContain('"Klar & tydelig <formular>" (housing-benefit, Self-service online)');
    expect(written.charts.map((c) => path.basename(c))).toEqual(['digital-share-per-wave.svg', 'savings-per-service.svg', 'satisfaction-per-channel.svg']);
    const parser = new XMLParser({ ignoreAttributes: false });
    for (const file of written.charts) {
      const svg = readFileSync(file, 'utf8');
      expect(XMLValidator.validate(svg)).toBe(true);
      const parsed = parser.parse(svg);
      expect(parsed.svg['@_xmlns']).toBe('http://www.w3.org/2000/svg');
      expect(typeof parsed.svg.title).toBe('string');
    }
    const share = readFileSync(written.charts[0], 'utf8');
    for (const label of ['Wave 1', 'Wave 3', 'Wave 4', '2026-01', '2026-12']) expect(share).toContain(label);
    expect(readFileSync(written.charts[2], 'utf8')).toContain('4.00 (8 ratings)');
  });
});
