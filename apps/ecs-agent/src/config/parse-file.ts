/** Parser for ecs.config files: `KEY=VALUE` lines, values literal. */

const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Ignored lines each get a warning up to this many per file; the rest are counted in one more. */
export const MAX_LINE_WARNINGS = 100;

export interface ParsedConfigFile {
  entries: Map<string, string>;
  warnings: string[];
}

/**
 * Parses one config file. Each line is trimmed (which also drops a trailing `\r`); blank lines and
 * lines starting with `#` are ignored; the rest are split at the first `=` and key and value are
 * trimmed. Values are kept literally: no shell expansion, no quote stripping. A later line for the
 * same key replaces an earlier one. Lines without `=`, or whose key is not a variable name, are
 * skipped with a warning naming the file and line number — the first MAX_LINE_WARNINGS of them, then
 * one line saying how many more were skipped, so a garbled file cannot flood the log.
 */
export function parseConfigFile(path: string, text: string): ParsedConfigFile {
  const entries = new Map<string, string>();
  const warnings: string[] = [];
  let ignored = 0;
  const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);
  const ignore = (warning: () => string) => {
    if (++ignored <= MAX_LINE_WARNINGS) warnings.push(warning());
  };
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = body.split('\n');
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    if (eq < 0) {
      // Only the start of the line: a line without "=" may be a secret pasted on its own.
      ignore(() => `${path}:${lineNo}: line ${JSON.stringify(clip(line, 20))} has no "=" and is not KEY=VALUE; the line is ignored.`);
      return;
    }
    const key = line.slice(0, eq).trim();
    if (!KEY_PATTERN.test(key)) {
      ignore(() => `${path}:${lineNo}: key ${JSON.stringify(clip(key, 40))} is not a valid variable name (letters, digits and "_", not starting with a digit); the line is ignored.`);
      return;
    }
    entries.set(key, line.slice(eq + 1).trim());
  });
  if (ignored > MAX_LINE_WARNINGS) warnings.push(`${path}: ${ignored - MAX_LINE_WARNINGS} more lines that are not KEY=VALUE were ignored.`);
  return { entries, warnings };
}
