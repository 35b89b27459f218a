// biome-ignore-all lint/suspicious/noExplicitAny: the report walks the JSON of the outcomes query it sends; that JSON's shape is the schema's, checked by test/e2e/outcomes-report.test.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { barChart, type LineSeries, shareLineChart } from './svgCharts';

/**
 * The outcomes briefing: asks the running graph (through the gateway, as an analyst) for the
 * period's outcome figures and writes report.md with three SVG charts beside it. Suppressed
 * figures stay suppressed: the report shows only what the graph publishes.
 */

export interface OutcomesReportOptions {
  /** The gateway's GraphQL URL. */
  readonly gatewayUrl: string;
  /** An analyst's access token (scope uptake:read). */
  readonly token: string;
  readonly from: string;
  readonly to: string;
  /** Where report.md and the SVGs go (created). */
  readonly outDir: string;
  /** When the report was made, shown in it. */
  readonly madeAt: Date;
}

export interface WrittenReport {
  readonly markdown: string;
  readonly charts: readonly string[];
}

const CHANNEL_NAMES: Record<string, string> = { DIGITAL_SELF_SERVICE: 'Self-service online', DELEGATE: 'Delegate online', ASSISTED: 'Assisted at the counter' };

const OUTCOMES = `query OutcomesReport($from: Date!, $to: Date!, $groupBy: [OutcomeDimension!]) {
  outcomes(from: $from, to: $to, groupBy: $groupBy) {
    minimumCellCitizens
    groups { serviceCode service { nameEn wave } wave suppressed filings { digitalSelfService delegate assisted total } digitalShare estimatedSavingKroner }
    total { suppressed filings { digitalSelfService delegate assisted total } digitalShare estimatedSavingKroner }
    exemptions { reason inForce granted expired suppressed }
    satisfaction { serviceCode channel suppressed ratings averageScore comments }
    costs { version priceYear figures { serviceCode digitalSelfServiceKroner delegateKroner assistedKroner source } }
  }
}`;

export async function writeOutcomesReport(options: OutcomesReportOptions): Promise<WrittenReport> {
  const ask = (from: string, to: string, groupBy: string[]) => outcomesOf(options, from, to, groupBy);
  const months = monthsOf(options.from, options.to);
  const [byService, ...byMonth] = await Promise.all([ask(options.from, options.to, ['SERVICE']), ...months.map((m) => ask(m.from, m.to, ['WAVE']))]);
  mkdirSync(options.outDir, { recursive: true });

  const waves = [...new Set(byMonth.flatMap((r) => r.groups.map((g: any) => g.wave)))].sort((a, b) => (a ?? 99) - (b ?? 99));
  const series: LineSeries[] = waves.map((wave) => ({
    name: wave === null ? 'No wave' : `Wave ${wave}`,
    values: byMonth.map((r) => r.groups.find((g: any) => g.wave === wave)?.digitalShare ?? null),
  }));
  const shareSvg = shareLineChart(
    'Digital share of filings per wave, by month',
    months.map((m) => m.label),
    series,
  );

  const services = [...byService.groups].sort((a: any, b: any) => Number(b.estimatedSavingKroner ?? -1) - Number(a.estimatedSavingKroner ?? -1));
  const savingsSvg = barChart(
    'Estimated saving per service (kr)',
    services.map((g: any) => ({
      label: g.service?.nameEn ?? g.serviceCode,
      value: g.estimatedSavingKroner === null ? null : Number(g.estimatedSavingKroner),
      text: g.estimatedSavingKroner === null ? undefined : `${formatKroner(g.estimatedSavingKroner)} kr`,
    })),
  );

  const perChannel = satisfactionPerChannel(byService.satisfaction);
  const satisfactionSvg = barChart(
    'Citizen satisfaction per channel (mean score, 1-5)',
    perChannel.map((c) => ({
      label: CHANNEL_NAMES[c.channel] ?? c.channel,
      value: c.average,
      text: c.average === null ? undefined : `${c.average.toFixed(2)} (${c.ratings} ratings)`,
    })),
    { max: 5 },
  );

  const charts = { 'digital-share-per-wave.svg': shareSvg, 'savings-per-service.svg': savingsSvg, 'satisfaction-per-channel.svg': satisfactionSvg };
  for (const [file, content] of Object.entries(charts)) writeFileSync(path.join(options.outDir, file), content);
  const markdown = briefing(options, byService, perChannel);
  writeFileSync(path.join(options.outDir, 'report.md'), markdown);
  return { markdown, charts: Object.keys(charts).map((file) => path.join(options.outDir, file)) };
}

async function outcomesOf(options: OutcomesReportOptions, from: string, to: string, groupBy: string[]): Promise<any> {
  const response = await fetch(options.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
    body: JSON.stringify({ query: OUTCOMES, variables: { from, to, groupBy }, operationName: 'OutcomesReport' }),
  }).catch((error: Error) => {
    throw new Error(`cannot reach the gateway at ${options.gatewayUrl} (is npm start running? --gateway or GATEWAY_URL): ${error.message}`);
  });
  const body = (await response.json()) as { data?: { outcomes?: unknown }; errors?: { message: string; extensions?: { code?: string } }[] };
  if (!response.ok || body.errors?.length || !body.data?.outcomes) {
    const why = body.errors?.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ') ?? `HTTP ${response.status}`;
    throw new Error(`the graph refused the outcome figures for ${from} to ${to}: ${why}`);
  }
  return body.data.outcomes;
}

/** Mean per channel over the cells the graph published (suppressed cells are left out, and said so). */
function satisfactionPerChannel(cells: any[]): { channel: string; average: number | null; ratings: number; suppressedCells: number }[] {
  return Object.keys(CHANNEL_NAMES).map((channel) => {
    const shown = cells.filter((c) => c.channel === channel && !c.suppressed);
    const ratings = shown.reduce((sum, c) => sum + c.ratings, 0);
    const average = ratings === 0 ? null : shown.reduce((sum, c) => sum + c.averageScore * c.ratings, 0) / ratings;
    return { channel, average, ratings, suppressedCells: cells.filter((c) => c.channel === channel && c.suppressed).length };
  });
}

function briefing(options: OutcomesReportOptions, report: any, perChannel: ReturnType<typeof satisfactionPerChannel>): string {
  const t = report.total;
  const pct = (v: number | null) => (v === null ? 'suppressed' : `${(v * 100).toFixed(1)}%`);
  const n = (v: number | null) => (v === null ? '–' : v.toLocaleString('en-GB'));
  const lines = [
    `# What the policy achieved: ${options.from} to ${options.to}`,
    '',
    `Mandatory digital self-service: filings by channel, digital share, estimated savings and citizen satisfaction. ` +
      `Made ${options.madeAt.toISOString().slice(0, 10)} from Citizen Graph's outcome figures. Aggregates only: any group of fewer than ` +
      `${report.minimumCellCitizens} citizens is suppressed, with complementary cells, and shown as "–" or "suppressed".`,
    '',
    '## Headline',
    '',
    `- Filings: ${n(t.filings.total)} (online by the citizen ${n(t.filings.digitalSelfService)}, by a delegate ${n(t.filings.delegate)}, assisted at a counter ${n(t.filings.assisted)})`,
    `- Digital share: ${pct(t.digitalShare)}`,
    `- Estimated saving against every filing made at a counter: ${t.estimatedSavingKroner === null ? 'suppressed' : `${formatKroner(t.estimatedSavingKroner)} kr`}`,
    '',
    '![Digital share per wave](digital-share-per-wave.svg)',
    '',
    '## Per service',
    '',
    '| service | wave | filings | online | delegate | assisted | digital share | estimated saving (kr) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...report.groups.map(
      (g: any) =>
        `| ${g.service?.nameEn ?? g.serviceCode} | ${g.wave ?? g.service?.wave ?? ''} | ${n(g.filings.total)} | ${n(g.filings.digitalSelfService)} | ${n(g.filings.delegate)} | ${n(g.filings.assisted)} | ${pct(g.digitalShare)} | ${g.estimatedSavingKroner === null ? '–' : formatKroner(g.estimatedSavingKroner)} |`,
    ),
    '',
    '![Estimated saving per service](savings-per-service.svg)',
    '',
    '## Citizen satisfaction',
    '',
    '| channel | ratings | mean score (1-5) | suppressed service cells |',
    '| --- | ---: | ---: | ---: |',
    ...perChannel.map((c) => `| ${CHANNEL_NAMES[c.channel]} | ${c.ratings} | ${c.average === null ? '–' : c.average.toFixed(2)} | ${c.suppressedCells} |`),
    '',
    '![Satisfaction per channel](satisfaction-per-channel.svg)',
    '',
    ...commentsSection(report.satisfaction),
    '## Exemptions',
    '',
    '| legal ground | in force | granted | expired |',
    '| --- | ---: | ---: | ---: |',
    ...report.exemptions.map((e: any) => `| ${e.reason} | ${n(e.inForce)} | ${n(e.granted)} | ${n(e.expired)} |`),
    '',
    '## Method and sources',
    '',
    `Savings: each filing online saves the cost of a filing at the counter minus its own channel's cost (cost figures version ${report.costs.version}, ${report.costs.priceYear} prices):`,
    '',
    '| service | online (kr) | delegate (kr) | counter (kr) | source |',
    '| --- | ---: | ---: | ---: | --- |',
    ...report.costs.figures.map(
      (f: any) =>
        `| ${f.serviceCode ?? 'every other service'} | ${f.digitalSelfServiceKroner} | ${f.delegateKroner} | ${f.assistedKroner} | ${f.source.replace(/\|/g, '/')} |`,
    ),
    '',
    'Method and suppression rule: docs/outcomes.md.',
    '',
  ];
  return lines.join('\n');
}

function commentsSection(cells: any[]): string[] {
  const comments = cells.flatMap((c) =>
    c.comments.map((text: string) => `- "${text.replace(/\s+/g, ' ')}" (${c.serviceCode}, ${CHANNEL_NAMES[c.channel] ?? c.channel})`),
  );
  return comments.length === 0 ? [] : ['Comments (screened: no names, no CPR numbers; shown without who wrote them):', '', ...comments, ''];
}

function formatKroner(kroner: string): string {
  const [whole, fraction] = kroner.split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction ?? '00'}`;
}

/** The calendar months the period touches, each cut to the period. */
export function monthsOf(from: string, to: string): { from: string; to: string; label: string }[] {
  const months: { from: string; to: string; label: string }[] = [];
  let [year, month] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  for (;;) {
    const first = `${year}-${String(month).padStart(2, '0')}-01`;
    if (first > to) break;
    const last = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
    months.push({ from: first < from ? from : first, to: last > to ? to : last, label: `${year}-${String(month).padStart(2, '0')}` });
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return months;
}
