/** A fatal configuration error: the agent must exit 1. The message names the key and the bad value. */
export class ConfigError extends Error {
  readonly key: string;

  constructor(key: string, message: string) {
    super(message);
    this.name = 'ConfigError';
    this.key = key;
  }
}
