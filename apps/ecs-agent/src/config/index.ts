export type {
  AgentConfig,
  AgentLogLevel,
  ConfigSource,
  ImagePullBehavior,
  PortRange,
  ResolvedConfig,
  ResolveInput,
} from './types.js';
export { ConfigError } from './errors.js';
export { parseConfigFile, type ParsedConfigFile } from './parse-file.js';
export { resolveAgentConfig } from './resolve.js';
export { defaultConfigPaths, ETC_CONFIG_PATH, VAR_LIB_CONFIG_PATH } from './paths.js';
export { configToJson } from './to-json.js';
export { formatGoDuration, parseGoDuration, parseGoDurationNs } from '@berth/domain';
export {
  parseBool,
  parseInteger,
  parseIpLocalPortRange,
  parsePortList,
  parsePortRange,
  parseStringList,
  parseStringMap,
} from './values.js';
export { DEFAULT_BACKEND_HOST, DEFAULT_DOCKER_HOST, KNOWN_LOGGING_DRIVERS } from './defaults.js';
