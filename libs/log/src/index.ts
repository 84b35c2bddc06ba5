/**
 * JSON-lines logging for Berth's processes: one object per line on stderr, so journald, Docker and
 * log shippers read it as is. Levels follow ECS_LOGLEVEL: debug < info < warn < error < crit; `none`
 * silences everything.
 */
export const logLevels = ['debug', 'info', 'warn', 'error', 'crit', 'none'] as const;
export type LogLevel = (typeof logLevels)[number];

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  crit(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  readonly level: LogLevel;
  readonly name: string;
  readonly write?: (line: string) => void;
  readonly now?: () => Date;
}

export function createLogger(options: LoggerOptions, bound: LogFields = {}): Logger {
  const threshold = logLevels.indexOf(options.level);
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const now = options.now ?? (() => new Date());
  const emit = (level: Exclude<LogLevel, 'none'>) => (msg: string, fields?: LogFields) => {
    if (logLevels.indexOf(level) < threshold) return;
    const record: LogFields = { time: now().toISOString(), level, name: options.name, msg, ...bound, ...fields };
    write(JSON.stringify(record, errorReplacer) + '\n');
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    crit: emit('crit'),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (typeof value === 'bigint') return value.toString();
  return value;
}
