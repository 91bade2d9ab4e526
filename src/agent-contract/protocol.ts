// The ONE contract between the engine and agents (docs/agent-protocol.md). In-process virtual agents and
// standalone agents over the websocket exchange exactly these messages; the websocket validates them with zod.
import { z } from 'zod';
import { lazy } from '../lazy.js';
import { patchJobSchema, patchReportSchema } from './patching.js';

/** Bumped on any incompatible change; an agent speaking another version is refused at register/connect. */
export const AGENT_PROTOCOL_VERSION = 1;

/**
 * Optional behaviours an agent declares in register/connect; the engine answers in `registered` with those it
 * will use on this connection. 'pty': shells are terminals (raw keystrokes in, no line editing by the engine,
 * window size in open-session and resize-session).
 */
export const AGENT_CAPABILITIES = ['pty'] as const;
export type AgentCapability = (typeof AGENT_CAPABILITIES)[number];

// Built on first use (src/lazy.ts): in-process agents never need them, only the websocket's messages.
const base64 = lazy(() => z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'));
// Unknown names are kept (a newer agent may offer more); the engine uses only those it knows.
const capabilities = lazy(() => z.array(z.string().min(1).max(64)).max(32));
// A terminal's columns or rows: the kernel's winsize holds unsigned shorts.
const windowSize = lazy(() => z.number().int().min(1).max(65535));

export const pluginStepSchema = lazy(() =>
  z.object({
    /** The plugin, e.g. aws:runShellScript. */
    plugin: z.string().min(1),
    /** The step name (mainSteps[].name; "aws:runShellScript" itself in schema 1.2 documents). */
    name: z.string().min(1),
    inputs: z.record(z.string(), z.unknown()).default({}),
    /** As written in the document: {"StringEquals": ["platformType", "Linux"]}. */
    precondition: z.record(z.string(), z.array(z.string())).optional(),
    /** Schema 2.2 step options: stop after a failure, or stop with success. */
    onFailure: z.enum(['exit', 'successAndExit']).optional(),
    /** Schema 2.2 finallyStep: runs even after an onFailure exit. */
    finallyStep: z.boolean().optional(),
  }),
);
export type PluginStep = z.infer<ReturnType<typeof pluginStepSchema>>;

export const PLUGIN_STATUSES = ['Success', 'Failed', 'TimedOut', 'Cancelled', 'Skipped'] as const;
export type PluginStatus = (typeof PLUGIN_STATUSES)[number];

export const pluginResultSchema = lazy(() =>
  z.object({
    name: z.string(),
    plugin: z.string(),
    status: z.enum(PLUGIN_STATUSES),
    exitCode: z.number().int(),
    stdout: z.string(),
    stderr: z.string(),
    startMs: z.number(),
    endMs: z.number(),
  }),
);
export type PluginResult = z.infer<ReturnType<typeof pluginResultSchema>>;

export const nodeFactsReportSchema = lazy(() =>
  z.object({
    computerName: z.string().min(1).max(255),
    ipAddress: z.string().min(1).max(46),
    platformType: z.enum(['Linux', 'Windows', 'MacOS']),
    platformName: z.string().min(1),
    platformVersion: z.string().min(1),
    agentVersion: z.string().regex(/^[0-9]{1,6}(\.[0-9]{1,6}){2,3}$/),
  }),
);
export type NodeFactsReport = z.infer<ReturnType<typeof nodeFactsReportSchema>>;

// ---- agent -> engine ----

export const agentToEngineSchema = lazy(() =>
  z.discriminatedUnion('type', [
    z.object({
      type: z.literal('register'),
      protocol: z.number().int(),
      activationId: z.string(),
      activationCode: z.string(),
      region: z.string().min(1),
      facts: nodeFactsReportSchema(),
      capabilities: capabilities().optional(),
    }),
    /** A registered agent coming back on a new connection (after a network drop). */
    z.object({
      type: z.literal('connect'),
      protocol: z.number().int(),
      instanceId: z.string(),
      region: z.string().min(1),
      token: z.string(),
      capabilities: capabilities().optional(),
    }),
    z.object({
      type: z.literal('heartbeat'),
      instanceId: z.string(),
      facts: nodeFactsReportSchema().partial().optional(),
    }),
    z.object({
      type: z.literal('progress'),
      commandId: z.string(),
      pluginName: z.string(),
      stdout: z.string().default(''),
      stderr: z.string().default(''),
    }),
    z.object({
      type: z.literal('result'),
      commandId: z.string(),
      status: z.enum(['Success', 'Failed', 'TimedOut', 'Cancelled']),
      plugins: z.array(pluginResultSchema()),
    }),
    /** The node goes down for a reboot requested by exit 194 / 3010; commands resume when it is back. */
    z.object({ type: z.literal('rebooting'), instanceId: z.string(), commandId: z.string().optional() }),
    z.object({ type: z.literal('session-output'), sessionId: z.string(), data: base64() }),
    z.object({ type: z.literal('session-closed'), sessionId: z.string(), reason: z.string().optional() }),
    z.object({
      type: z.literal('inventory'),
      instanceId: z.string(),
      items: z.array(
        z.object({
          typeName: z.string(),
          schemaVersion: z.string(),
          captureTime: z.string(),
          content: z.array(z.record(z.string(), z.string())),
        }),
      ),
    }),
    patchReportSchema(),
  ]),
);
export type AgentToEngine = z.infer<ReturnType<typeof agentToEngineSchema>>;

// ---- engine -> agent ----

export const deliverCommandSchema = lazy(() =>
  z.object({
    type: z.literal('deliver-command'),
    commandId: z.string(),
    documentName: z.string(),
    steps: z.array(pluginStepSchema()),
    /** The command's execution timeout for the whole document, seconds (plugins have their own too). */
    timeoutSeconds: z.number().positive().optional(),
    /** Documents that aws:runDocument may run, already parsed to steps by the caller (name -> steps). */
    documents: z.record(z.string(), z.array(pluginStepSchema())).optional(),
    /** For the aws:runPatchBaseline steps: the node's baseline snapshot (src/agent-contract/patching.ts). */
    patch: patchJobSchema().optional(),
  }),
);
export type DeliverCommand = z.infer<ReturnType<typeof deliverCommandSchema>>;

export const engineToAgentSchema = lazy(() =>
  z.discriminatedUnion('type', [
    z.object({
      type: z.literal('registered'),
      protocol: z.number().int(),
      instanceId: z.string(),
      token: z.string(),
      heartbeatSeconds: z.number().positive(),
      /** The declared capabilities the engine uses on this connection; absent from engines that predate them. */
      capabilities: capabilities().optional(),
    }),
    /** A refusal, with the error code and message AWS sends the real agent (e.g. ActivationExpired). */
    z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
    deliverCommandSchema(),
    z.object({ type: z.literal('cancel-command'), commandId: z.string() }),
    z.object({
      type: z.literal('open-session'),
      sessionId: z.string(),
      kind: z.enum(['shell', 'port']),
      port: z.number().int().min(1).max(65535).optional(),
      /** AWS-StartPortForwardingSessionToRemoteHost: the host the node dials (default: the node itself). */
      host: z.string().optional(),
      /** For InteractiveCommands-style documents: the command to run instead of a login shell. */
      command: z.string().optional(),
      /** Commands the agent types into a new interactive shell (the Session Manager preferences' shellProfile). */
      shellProfile: z.string().optional(),
      /** The client's terminal size when the shell opens (an agent without 'pty' ignores them). */
      cols: windowSize().optional(),
      rows: windowSize().optional(),
    }),
    z.object({ type: z.literal('feed-session'), sessionId: z.string(), data: base64() }),
    /** The client's terminal changed size; sent only to agents that declared 'pty'. */
    z.object({
      type: z.literal('resize-session'),
      sessionId: z.string(),
      cols: windowSize(),
      rows: windowSize(),
    }),
    /**
     * The client is behind: stop reading the session's output until resume-session (the real agent blocks on its
     * write instead). Advisory: an agent that ignores them still works, it only buffers more.
     */
    z.object({ type: z.literal('pause-session'), sessionId: z.string() }),
    z.object({ type: z.literal('resume-session'), sessionId: z.string() }),
    z.object({ type: z.literal('close-session'), sessionId: z.string() }),
  ]),
);
export type EngineToAgent = z.infer<ReturnType<typeof engineToAgentSchema>>;

/** Either side of a connection: what the engine holds for each live agent, in process or over the socket. */
export interface AgentLink {
  send(message: EngineToAgent): void;
  close?(): void;
  /** What the agent declared and the engine accepted (standalone agents); in-process agents have none. */
  capabilities?: readonly AgentCapability[];
}

/** The declared capabilities this engine knows, in its own order. */
export function acceptedCapabilities(declared: readonly string[] | undefined): AgentCapability[] {
  return AGENT_CAPABILITIES.filter((c) => declared?.includes(c));
}
