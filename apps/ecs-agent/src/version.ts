/** Reported at registration (agentVersion) and by --version. */
export const AGENT_VERSION = '0.1.0';
