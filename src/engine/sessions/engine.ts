// The Session Manager engine: StartSession/ResumeSession/TerminateSession behaviour, the live sessions with
// their data channels, and which stream on which node each one talks to (session-protocol.md).
import { inScope, type Lifecycle, type ResetScope } from '../lifecycle.js';
import type { Logger } from '../logger.js';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../../config.js';
import type { Store } from '../../store/index.js';
import type { StoredSession } from '../../store/repositories/sessions.js';
import type { Clock } from '../clock.js';
import type { EventBus } from '../events.js';
import type { FileRoot } from '../files.js';
import type { FleetEngine, NodeRef } from '../fleet/fleet.js';
import { announcedAgentVersion } from './agent-version.js';
import { LiveSession, type ClientSocket, type SessionHost, type SessionType } from './live-session.js';
import type { ChannelLimits } from './data-channel.js';
import type { NodeStream, StreamSink } from '../../agent-contract/streams.js';
import { FleetSessionRouter } from './node-streams.js';
import { sessionPreferences, type SessionPreferences } from './preferences.js';
import { nextSessionStatus } from './status.js';

export interface SessionEngineDeps {
  config: Config;
  files: FileRoot;
  store: Store;
  clock: Clock;
  events: EventBus;
  fleet: FleetEngine;
  log: Logger;
  channelLimits?: Partial<ChannelLimits>;
}

export interface SessionPlan {
  account: string;
  region: string;
  target: string;
  documentName: string;
  reason?: string;
  owner: string;
  sessionType: SessionType;
  /** The session document's properties after parameter substitution. */
  properties: Record<string, unknown>;
}

export const SESSION_EVENT = 'Session Manager Session State Change';
/** Path of data channel websockets; the real service uses the same shape on ssmmessages. */
export const DATA_CHANNEL_PATH = '/v1/data-channel/';

interface Entry {
  live: LiveSession;
  record: StoredSession;
  /** The token not yet presented (StartSession's or ResumeSession's); each one works once. */
  token?: string;
}

export class SessionEngine implements Lifecycle {
  private readonly sessions = new Map<string, Entry>();
  private readonly router: FleetSessionRouter;
  private endpoint = 'ws://127.0.0.1:4583';

  private readonly unsubscribeLost: () => void;

  constructor(private readonly deps: SessionEngineDeps) {
    this.router = new FleetSessionRouter(deps.fleet);
    // A standalone agent that is gone took its shells and connections with it: its sessions end when the loss is
    // detected (a closed socket, or missed keepalives), not at the idle timeout.
    this.unsubscribeLost = deps.fleet.onAgentLost((ref) => {
      for (const e of [...this.sessions.values()]) {
        const r = e.record;
        if (r.target === ref.instanceId && r.account === ref.account && r.region === ref.region)
          e.live.end('Terminated', `The agent of ${ref.instanceId} is no longer connected.`);
      }
    });
  }

  /** Sessions a previous run left active cannot come back: their sockets and streams are gone. */
  start(): void {
    const { store, clock } = this.deps;
    const now = clock.nowMs();
    store.transaction(() => {
      for (const s of store.sessions.allActive())
        store.sessions.update({ ...s, status: nextSessionStatus(s.status, 'Terminated'), endMs: now });
    });
  }

  /** /_emulator/reset: the scope's live sessions end (Terminated), closing their websockets and node streams. */
  reset(scope: ResetScope): void {
    for (const e of [...this.sessions.values()]) {
      if (inScope(scope, e.record)) e.live.end('Terminated', ''); // ended() forgets it
    }
  }

  /** The http:// endpoint the server listens on; StreamUrls point at it. */
  setEndpoint(httpEndpoint: string): void {
    this.endpoint = httpEndpoint
      .replace(/^http/, 'ws')
      .replace('//0.0.0.0:', '//127.0.0.1:')
      .replace('//[::]:', '//[::1]:');
  }

  streamUrl(sessionId: string): string {
    return `${this.endpoint}${DATA_CHANNEL_PATH}${encodeURIComponent(sessionId)}?role=publish_subscribe`;
  }

  preferences(scope: { account: string; region: string }): SessionPreferences {
    return sessionPreferences(this.deps.store, scope);
  }

  startSession(plan: SessionPlan): { sessionId: string; token: string; streamUrl: string } {
    const { store, clock } = this.deps;
    const prefs = this.preferences(plan);
    const sessionId = newSessionId(plan.owner);
    const logging = !!(prefs.s3BucketName || prefs.cloudWatchLogGroupName);
    const record: StoredSession = {
      account: plan.account,
      region: plan.region,
      sessionId,
      target: plan.target,
      status: 'Connecting',
      startMs: clock.nowMs(),
      documentName: plan.documentName,
      owner: plan.owner,
      reason: plan.reason,
      s3OutputUrl: prefs.s3BucketName
        ? `https://${prefs.s3BucketName}.s3.amazonaws.com/${prefs.s3KeyPrefix ?? ''}${sessionId}.log`
        : undefined,
      cloudWatchOutputUrl: prefs.cloudWatchLogGroupName
        ? `https://console.aws.amazon.com/cloudwatch/home?region=${plan.region}#logEventViewer:group=${prefs.cloudWatchLogGroupName};stream=${sessionId}`
        : undefined,
      maxSessionDuration: prefs.maxDurationMinutes?.toString(),
      accessType: 'Standard',
    };
    store.sessions.insert(record);
    const ref: NodeRef = { account: plan.account, region: plan.region, instanceId: plan.target };
    const entry: Entry = { record, token: newToken(), live: undefined as unknown as LiveSession };
    entry.live = new LiveSession(
      {
        sessionId,
        target: plan.target,
        sessionType: plan.sessionType,
        properties: plan.properties,
        idleTimeoutMs: prefs.idleTimeoutMinutes * 60_000,
        maxDurationMs: prefs.maxDurationMinutes !== undefined ? prefs.maxDurationMinutes * 60_000 : undefined,
        transcript: logging,
        // As the real agent announces its own version: the plugin picks basic or smux port forwarding by it.
        agentVersion: announcedAgentVersion(this.deps.fleet.node(ref)?.agentVersion),
      },
      this.host(entry, ref, plan, prefs),
    );
    this.sessions.set(sessionId, entry);
    this.emit(record, 'Connecting');
    return { sessionId, token: entry.token!, streamUrl: this.streamUrl(sessionId) };
  }

  /** A new token for a session whose websocket dropped; undefined when it is not active any more. */
  resume(account: string, region: string, sessionId: string): string | undefined {
    const e = this.live(account, region, sessionId);
    if (!e) return undefined;
    e.token = newToken();
    return e.token;
  }

  /** TerminateSession: channel_closed to the client, the node stream ends. True when it was live. */
  terminate(account: string, region: string, sessionId: string): boolean {
    const e = this.live(account, region, sessionId);
    if (!e) return false;
    e.live.end('Terminated', '');
    return true;
  }

  /** The websocket's first frame named this session and token; undefined refuses it. */
  authenticate(sessionId: string, token: string): LiveSession | undefined {
    const e = this.sessions.get(sessionId);
    if (!e || !e.token || e.token !== token) return undefined;
    e.token = undefined;
    return e.live;
  }

  attach(live: LiveSession, socket: ClientSocket): void {
    live.attach(socket);
  }

  /** Resources held: live sessions, streams routed to agents, timers, and port connections agents hold. */
  get stats(): { live: number; routed: number; timers: number; destinations: number } {
    let timers = 0;
    for (const e of this.sessions.values())
      timers += e.live.timersPending + (e.live.channel.attached ? 1 : 0);
    return { live: this.sessions.size, routed: this.router.size, timers, destinations: this.router.ports };
  }

  /** Shutdown: every live session ends now. */
  close(): void {
    for (const e of [...this.sessions.values()]) {
      e.live.end('Terminated', '');
      e.live.dispose();
    }
    this.unsubscribeLost();
    this.router.close();
  }

  private live(account: string, region: string, sessionId: string): Entry | undefined {
    const e = this.sessions.get(sessionId);
    return e && e.record.account === account && e.record.region === region && !e.live.isEnded ? e : undefined;
  }

  private host(entry: Entry, ref: NodeRef, plan: SessionPlan, prefs: SessionPreferences): SessionHost {
    const { store, clock } = this.deps;
    let dials = 0;
    return {
      clock,
      channelLimits: this.deps.channelLimits,
      openShell: (sink, size) => this.openShell(ref, entry.record.sessionId, plan, sink, size, prefs),
      dial: (sink) => this.dial(ref, `${entry.record.sessionId}#${++dials}`, plan.properties, sink),
      statusChanged: (status) => {
        if (entry.record.status === status) return;
        entry.record = { ...entry.record, status: nextSessionStatus(entry.record.status, status) };
        store.sessions.update(entry.record);
        this.emit(entry.record, status);
      },
      ended: (status, detail, transcript) => {
        entry.record = {
          ...entry.record,
          status: nextSessionStatus(entry.record.status, status),
          endMs: clock.nowMs(),
          details: detail || undefined,
        };
        store.sessions.update(entry.record);
        this.sessions.delete(entry.record.sessionId);
        if (entry.record.s3OutputUrl || entry.record.cloudWatchOutputUrl)
          this.writeTranscript(entry.record, transcript);
        this.emit(entry.record, status);
      },
    };
  }

  private openShell(
    ref: NodeRef,
    sessionId: string,
    plan: SessionPlan,
    sink: StreamSink,
    size: { cols: number; rows: number },
    prefs: SessionPreferences,
  ): NodeStream {
    const platform = this.deps.fleet.node(ref)?.platformType;
    const command = commandOf(plan, platform);
    // The agent runs the profile in interactive shells only; the preferences hold no Windows profile yet.
    const shellProfile =
      command === undefined && platform !== 'Windows' ? prefs.shellProfileLinux : undefined;
    return this.router.shell(ref, sessionId, sink, { command, shellProfile, ...size });
  }

  /** A port session's destination, dialled by the node's agent: `host` only for ...ToRemoteHost. */
  private dial(ref: NodeRef, streamId: string, props: Record<string, unknown>, sink: StreamSink): NodeStream {
    const host = typeof props.host === 'string' ? props.host : undefined;
    return this.router.port(ref, streamId, Number(props.portNumber), sink, host);
  }

  private writeTranscript(s: StoredSession, transcript: string): void {
    try {
      const file = this.transcriptPath(s);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, transcript);
    } catch (err) {
      this.deps.log.error({ err, sessionId: s.sessionId }, 'could not write a session transcript');
    }
  }

  private emit(s: StoredSession, status: string): void {
    this.deps.events.emit({
      'detail-type': SESSION_EVENT,
      account: s.account,
      region: s.region,
      resources: [`arn:aws:ssm:${s.region}:${s.account}:session/${s.sessionId}`],
      detail: {
        sessionId: s.sessionId,
        target: s.target,
        status,
        documentName: s.documentName,
        owner: s.owner,
        reason: s.reason,
      },
    });
  }

  /** Where transcripts of a scope are written (tests and users read them there). */
  transcriptPath(s: { account: string; region: string; sessionId: string }): string {
    return join(this.deps.files.dir, 'session-logs', s.account, s.region, `${s.sessionId}.log`);
  }
}

function commandOf(plan: SessionPlan, platform: string | undefined): string | undefined {
  if (plan.sessionType !== 'InteractiveCommands' && plan.sessionType !== 'NonInteractiveCommands')
    return undefined;
  const key = platform === 'Windows' ? 'windows' : platform === 'MacOS' ? 'macos' : 'linux';
  const section = (plan.properties[key] ?? plan.properties.linux) as { commands?: unknown } | undefined;
  const c = section?.commands;
  return Array.isArray(c) ? c.join('\n') : typeof c === 'string' ? c : undefined;
}

// AWS: "<caller name>-<17 hex characters>" (e.g. tester-0fc1bd4d18e40b6b3), at most 96 characters.
function newSessionId(owner: string): string {
  const name =
    (owner.split(/[/:]/).pop() || 'session').replace(/[^A-Za-z0-9_.@-]/g, '').slice(0, 70) || 'session';
  return `${name}-${randomBytes(9).toString('hex').slice(0, 17)}`;
}

function newToken(): string {
  return randomBytes(96).toString('base64url');
}
