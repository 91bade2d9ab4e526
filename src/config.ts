// Emulator configuration: CLI flags win over SSM_EMULATOR_* environment variables, which win over defaults.
import { z } from 'zod';
import { STANDARD_PARAMETER_LIMIT } from './engine/parameters/limits.js';

export const DEFAULT_PORT = 4583;
export const DEFAULT_ACCOUNT = '000000000000';
export const DEFAULT_REGION = 'us-east-1';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const ConfigSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(DEFAULT_PORT),
  dataDir: z.string().min(1).default('./.ssm-emulator'),
  inMemory: z.boolean().default(false),
  defaultAccount: z
    .string()
    .regex(/^\d{12}$/, 'must be 12 digits')
    .default(DEFAULT_ACCOUNT),
  defaultRegion: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be a region name such as us-east-1')
    .default(DEFAULT_REGION),
  logLevel: z.enum(LOG_LEVELS).default('warn'),
  /** Largest request body accepted, in bytes (AWS's own front end refuses much smaller bodies than this). */
  bodyLimit: z.coerce
    .number()
    .int()
    .positive()
    .default(8 * 1024 * 1024),
  /** Fleet file (YAML/JSON) of simulated nodes; without one the built-in demo fleet is loaded (docs/fleet.md). */
  fleet: z.string().min(1).optional(),
  /** Lets nodes with `executor: shell` really run scripts on this host, in a sandbox folder per node. */
  allowHostExec: z.boolean().default(false),
  /** Host names besides loopback's that requests and browser origins may name, comma-separated (docs/security.md). */
  allowedHosts: z.string().optional(),
  /** Seconds between keepalive pings to standalone agents; one unanswered interval means the agent is lost. */
  agentKeepaliveSeconds: z.coerce.number().positive().max(3600).default(30),
  /** Standard-tier parameters allowed per account/region (AWS: 10,000). */
  standardParameterLimit: z.coerce.number().int().positive().default(STANDARD_PARAMETER_LIMIT),
});

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/** The environment variables each setting reads, documented in the README's configuration table. */
export const ENV_VARS: Record<keyof Config, string> = {
  host: 'SSM_EMULATOR_HOST',
  port: 'SSM_EMULATOR_PORT',
  dataDir: 'SSM_EMULATOR_DATA_DIR',
  inMemory: 'SSM_EMULATOR_IN_MEMORY',
  defaultAccount: 'SSM_EMULATOR_DEFAULT_ACCOUNT',
  defaultRegion: 'SSM_EMULATOR_DEFAULT_REGION',
  logLevel: 'SSM_EMULATOR_LOG_LEVEL',
  bodyLimit: 'SSM_EMULATOR_BODY_LIMIT',
  fleet: 'SSM_EMULATOR_FLEET',
  allowHostExec: 'SSM_EMULATOR_ALLOW_HOST_EXEC',
  standardParameterLimit: 'SSM_EMULATOR_STANDARD_PARAMETER_LIMIT',
  allowedHosts: 'SSM_EMULATOR_ALLOWED_HOSTS',
  agentKeepaliveSeconds: 'SSM_EMULATOR_AGENT_KEEPALIVE_SECONDS',
};

export function configFromEnv(env: NodeJS.ProcessEnv): ConfigInput {
  const out: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_VARS)) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    out[key] =
      key === 'inMemory' || key === 'allowHostExec' ? ['1', 'true', 'yes'].includes(v.toLowerCase()) : v;
  }
  return out as ConfigInput;
}

export function resolveConfig(...layers: ConfigInput[]): Config {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) for (const [k, v] of Object.entries(layer)) if (v !== undefined) merged[k] = v;
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${String(i.path.join('.'))}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  return parsed.data;
}
