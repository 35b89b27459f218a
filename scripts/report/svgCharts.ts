/**
 * Small SVG charts written by hand (no chart library): a line chart and a horizontal bar chart,
 * self-contained, readable in a browser, a Markdown viewer or a briefing document.
 */

export interface LineSeries {
  readonly name: string;
  /** One value per x label; null where the figure is suppressed or missing (the line breaks). */
  readonly values: readonly (number | null)[];
}

export interface Bar {
  readonly label: string;
  /** Null: suppressed, drawn as a note instead of a bar. */
  readonly value: number | null;
  /** Shown at the end of the bar; defaults to the value. */
  readonly text?: string;
}

const COLOURS = ['#1f5fa8', '#d9822b', '#2e8540', '#8a3ffc', '#b3261e', '#5f6b7a'];
const FONT = 'font-family="Helvetica, Arial, sans-serif"';

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A line chart of shares (0 to 1) over x labels, one line per series, with a legend. */
export function shareLineChart(title: string, xLabels: readonly string[], series: readonly LineSeries[]): string {
  const width = 720,
    height = 360,
    left = 56,
    right = 150,
    top = 40,
    bottom = 48;
  const plotW = width - left - right,
    plotH = height - top - bottom;
  const x = (i: number) => left + (xLabels.length <= 1 ? plotW / 2 : (i * plotW) / (xLabels.length - 1));
  const y = (v: number) => top + plotH - v * plotH;
  const parts: string[] = [];
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${left}" y1="${y(tick)}" x2="${left + plotW}" y2="${y(tick)}" stroke="#d0d4d9" stroke-width="1"/>`);
    parts.push(`<text x="${left - 8}" y="${y(tick) + 4}" text-anchor="end" font-size="11" ${FONT}>${Math.round(tick * 100)}%</text>`);
  }
  for (const [i, label] of xLabels.entries())
    parts.push(`<text x="${x(i)}" y="${top + plotH + 18}" text-anchor="middle" font-size="11" ${FONT}>${escapeXml(label)}</text>`);
  series.forEach((s, n) => {
    const colour = COLOURS[n % COLOURS.length];
    let path = '';
    s.values.forEach((v, i) => {
      if (v === null) return;
      path += `${path && s.values[i - 1] !== null && i > 0 ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
      parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${colour}"/>`);
    });
    if (path) parts.push(`<path d="${path.trim()}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    const ly = top + 14 + n * 18;
    parts.push(`<rect x="${left + plotW + 16}" y="${ly - 9}" width="12" height="12" fill="${colour}"/>`);
    parts.push(`<text x="${left + plotW + 34}" y="${ly + 1}" font-size="12" ${FONT}>${escapeXml(s.name)}</text>`);
  });
  return svg(width, height, title, parts);
}

/** A horizontal bar chart; suppressed bars say so instead of drawing a length. */
export function barChart(title: string, bars: readonly Bar[], options: { max?: number } = {}): string {
  const rowH = 26,
    left = 240,
    right = 140,
    top = 40;
  const width = 760,
    height = top + Math.max(1, bars.length) * rowH + 20;
  const max = options.max ?? Math.max(1, ...bars.map((b) => b.value ?? 0));
  const plotW = width - left - right;
  const parts: string[] = [];
  bars.forEach((bar, i) => {
    const yTop = top + i * rowH;
    parts.push(`<text x="${left - 8}" y="${yTop + 17}" text-anchor="end" font-size="12" ${FONT}>${escapeXml(bar.label)}</text>`);
    if (bar.value === null) {
      parts.push(`<text x="${left + 4}" y="${yTop + 17}" font-size="12" font-style="italic" fill="#5f6b7a" ${FONT}>suppressed (too few citizens)</text>`);
      return;
    }
    const w = Math.max(0, (bar.value / max) * plotW);
    parts.push(`<rect x="${left}" y="${yTop + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${COLOURS[0]}"/>`);
    parts.push(`<text x="${(left + w + 6).toFixed(1)}" y="${yTop + 17}" font-size="12" ${FONT}>${escapeXml(bar.text ?? String(bar.value))}</text>`);
  });
  if (bars.length === 0) parts.push(`<text x="${left}" y="${top + 17}" font-size="12" ${FONT}>No figures for the period.</text>`);
  return svg(width, height, title, parts);
}

function svg(width: number, height: number, title: string, parts: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="16" y="24" font-size="15" font-weight="bold" ${FONT}>${escapeXml(title)}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
