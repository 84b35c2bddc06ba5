export const VAR_LIB_CONFIG_PATH = '/var/lib/ecs/ecs.config';
export const ETC_CONFIG_PATH = '/etc/ecs/ecs.config';

/**
 * The config files to read, later wins: /var/lib/ecs/ecs.config then /etc/ecs/ecs.config.
 * With an override path (the --config flag) only that file.
 */
export function defaultConfigPaths(override?: string): string[] {
  if (override !== undefined && override !== '') return [override];
  return [VAR_LIB_CONFIG_PATH, ETC_CONFIG_PATH];
}
