/**
 * Splits a SQL script into statements at top-level semicolons (not inside quotes, comments
 * or dollar quotes). Needed because a transaction's query() sends one statement at a time on
 * PGlite (extended protocol), and a migration must run inside that transaction.
 */
export function splitSqlStatements(script: string): string[] {
  const statements: string[] = [];
  let current = '';
  let i = 0;
  while (i < script.length) {
    const rest = script.slice(i);
    const skip = quotedLength(rest);
    if (skip > 0) {
      current += rest.slice(0, skip);
      i += skip;
      continue;
    }
    if (rest.startsWith('--')) {
      const end = rest.indexOf('\n');
      i += end === -1 ? rest.length : end + 1;
      continue;
    }
    if (script[i] === ';') {
      pushStatement(statements, current);
      current = '';
    } else {
      current += script[i];
    }
    i += 1;
  }
  pushStatement(statements, current);
  return statements;
}

/** Length of a quoted span starting at the text's beginning ('...', "...", $tag$...$tag$, block comment); 0 if none. */
function quotedLength(text: string): number {
  const first = text[0];
  if (first === "'" || first === '"') {
    let i = 1;
    while (i < text.length) {
      if (text[i] === first && text[i + 1] === first) i += 2;
      else if (text[i] === first) return i + 1;
      else i += 1;
    }
    throw new Error(`SQL script: unterminated ${first} quote`);
  }
  if (text.startsWith('/*')) {
    const end = text.indexOf('*/', 2);
    if (end === -1) throw new Error('SQL script: unterminated block comment');
    return end + 2;
  }
  const dollar = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text);
  if (dollar) {
    const end = text.indexOf(dollar[0], dollar[0].length);
    if (end === -1) throw new Error(`SQL script: unterminated ${dollar[0]} quote`);
    return end + dollar[0].length;
  }
  return 0;
}

function pushStatement(statements: string[], text: string): void {
  const trimmed = text.trim();
  if (trimmed) statements.push(trimmed);
}
