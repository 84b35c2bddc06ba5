/** Per-resolution bookkeeping: reads raw settings, records sources, formats warnings and errors. */

import { ConfigError } from './errors.js';
import { DEFAULT_SOURCE, type RawSetting } from './layers.js';

export interface Setting extends RawSetting {
  readonly key: string;
}

export class ResolveContext {
  readonly warnings: string[] = [];
  readonly sources: Record<string, string> = {};

  private readonly settings: ReadonlyMap<string, RawSetting>;

  constructor(settings: ReadonlyMap<string, RawSetting>) {
    this.settings = settings;
  }

  /** The raw setting for `key`, or undefined when unset; records where it came from. */
  read(key: string): Setting | undefined {
    const raw = this.settings.get(key);
    this.sources[key] = raw?.source ?? DEFAULT_SOURCE;
    return raw === undefined ? undefined : { key, ...raw };
  }

  /** Records a warning: `KEY="value" (from source) <problem>; using <instead> instead.` */
  warn(setting: Setting, problem: string, instead: string): void {
    this.warnings.push(`${describe(setting)} ${problem}; using ${instead} instead.`);
  }

  /** A fatal error for `setting`: `KEY="value" (from source) <problem>.` */
  fail(setting: Setting, problem: string): ConfigError {
    return new ConfigError(setting.key, `${describe(setting)} ${problem}.`);
  }
}

export function describe(setting: Setting): string {
  return `${setting.key}=${JSON.stringify(setting.value)} (from ${setting.source})`;
}
