/** Go `time.ParseDuration` / `time.Duration.String` equivalents, in milliseconds. */

const UNIT_NS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const MAX_NS = (1n << 63n) - 1n;
const NS_PER_MS = 1_000_000n;
const SEGMENT = /^(\d*)(?:\.(\d*))?([^\d.]+)/;

/** Parses a Go duration to nanoseconds; undefined when Go would reject it. */
export function parseGoDurationNs(input: string): bigint | undefined {
  let s = input;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return undefined;
  let total = 0n;
  while (s !== '') {
    const m = SEGMENT.exec(s);
    if (!m) return undefined;
    const intDigits = m[1] ?? '';
    const fracDigits = m[2] ?? '';
    const unit = UNIT_NS[m[3] ?? ''];
    if (unit === undefined) return undefined;
    if (intDigits === '' && fracDigits === '') return undefined; // "." or "h" alone
    total += BigInt(intDigits === '' ? '0' : intDigits) * unit;
    if (fracDigits !== '') {
      // Go truncates the fractional contribution to whole nanoseconds.
      total += (BigInt(fracDigits) * unit) / 10n ** BigInt(fracDigits.length);
    }
    if (total > MAX_NS + (negative ? 1n : 0n)) return undefined;
    s = s.slice(m[0].length);
  }
  return negative ? -total : total;
}

/** Parses a Go duration (`300ms`, `30s`, `1h30m`, `1.5h`) to milliseconds; undefined if invalid. */
export function parseGoDuration(input: string): number | undefined {
  const ns = parseGoDurationNs(input);
  if (ns === undefined) return undefined;
  const wholeMs = ns / NS_PER_MS;
  const restNs = ns % NS_PER_MS;
  return Number(wholeMs) + Number(restNs) / 1e6;
}

/** Formats milliseconds like Go's `time.Duration.String` (`30s`, `1h30m0s`, `1.5ms`, `0s`). */
export function formatGoDuration(ms: number): string {
  const ns = BigInt(Math.round(ms * 1e6));
  const negative = ns < 0n;
  let u = negative ? -ns : ns;
  let out: string;
  if (u === 0n) return '0s';
  if (u < 1_000_000_000n) {
    if (u < 1_000n) out = `${u}ns`;
    else if (u < 1_000_000n) out = `${withFraction(u, 3)}µs`;
    else out = `${withFraction(u, 6)}ms`;
  } else {
    const seconds = withFraction(u % 60_000_000_000n, 9);
    out = `${seconds}s`;
    u /= 60_000_000_000n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return negative ? `-${out}` : out;
}

/** `v / 10^prec` printed with trailing fractional zeros (and a bare ".") removed. */
function withFraction(v: bigint, prec: number): string {
  const scale = 10n ** BigInt(prec);
  const whole = v / scale;
  const frac = (v % scale).toString().padStart(prec, '0').replace(/0+$/, '');
  return frac === '' ? `${whole}` : `${whole}.${frac}`;
}
