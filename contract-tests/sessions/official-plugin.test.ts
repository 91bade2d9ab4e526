// The acceptance of Session Manager as a new user tries it: `aws ssm start-session` (CLI v1 and v2) running the
// official session-manager-plugin in a terminal against this server. Skipped with the reason in the suite's name
// where the plugin (built by hand, never committed), node-pty or a CLI is missing, as on CI machines.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request, createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateActivationCommand,
  DescribeSessionsCommand,
  TerminateSessionCommand,
} from '@aws-sdk/client-ssm';
import type { IPty } from 'node-pty';
import { spawnAgent, type AgentProcess } from '../helpers/agent-process.js';
import { useServer } from '../helpers/server.js';
import { AWS_CLI_ENV, AWS_CLIS, cliWorks, program } from '../helpers/aws-cli.js';

const PLUGIN = 'session-manager-plugin';
/** A demo-fleet node (docs/fleet.md) and three nodes of the fleet file written below. */
const DEMO = 'i-0123456789abcdef0';
const WEB = 'i-0e0000000000000b0';
/** The same web server behind a node whose agent predates smux port forwarding (3.0.196.0: basic mode). */
const OLD_WEB = 'i-0e0000000000000b1';
const BASTION = 'i-0ba5710000000000b';
/** The database host and port of the SSM guide's section 4.5 example. */
const GUIDE_DB = 'mydb.cluster-xyz.us-east-1.rds.amazonaws.com';
/** The plugin takes about a second to start; a busy 2-core machine can take several. */
const WAIT_MS = 10_000;

/** The CLI finds the plugin on PATH, so that is where the test looks for it too. */
const pluginInstalled = (() => {
  try {
    execFileSync(PLUGIN, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
let pty: typeof import('node-pty') | undefined;
let ptyError = '';
try {
  pty = await import('node-pty');
} catch (err) {
  ptyError = (err as Error).message.split('\n')[0];
}

let web: HttpServer;
/** GET /hold answers only when this is called (set when such a request arrives). */
let releaseHeld: (() => void) | undefined;
let heldArrived: () => void = () => undefined;
let db: Server;
let tmp: string;
let fleet: string;
const terminals: Terminal[] = [];
/** A standalone agent on this machine (the built CLI), registered once for the suites that use it. */
let standalone: AgentProcess | undefined;
async function standaloneNode(): Promise<string> {
  if (!standalone) {
    const a = await server.ssm.send(new CreateActivationCommand({ IamRole: 'SSMServiceRole' }));
    standalone = spawnAgent(server.endpoint, a.ActivationCode!, a.ActivationId!);
  }
  return standalone.registered;
}

beforeAll(async () => {
  // The node's port 80 is this HTTP server; the guide's database is a TCP server that greets and echoes.
  web = createHttpServer((req, res) => {
    const answer = `hello from the web server: ${req.method} ${req.url}\n`;
    if (req.url !== '/hold') return res.end(answer);
    releaseHeld = () => res.end(answer);
    heldArrived();
  });
  db = createServer((s) => {
    s.write('DB READY\n');
    s.on('data', (d: Buffer) => s.write(`echo:${d.toString()}`));
    s.on('error', () => undefined);
  });
  const webPort = await listen(web);
  const dbPort = await listen(db);
  tmp = mkdtempSync(join(tmpdir(), 'ssm-emulator-plugin-'));
  fleet = join(tmp, 'fleet.yaml');
  writeFileSync(
    fleet,
    `version: 1
includeDemo: true
nodes:
  - id: ${WEB}
    name: web-1
    facts:
      ports: [22, 80]
      portTargets:
        '80': 127.0.0.1:${webPort}
        '22': 127.0.0.1:${dbPort}
  - id: ${OLD_WEB}
    name: web-old-agent
    agentVersion: 3.0.196.0
    facts:
      ports: [80]
      portTargets:
        '80': 127.0.0.1:${webPort}
  - id: ${BASTION}
    name: bastion
    facts:
      portTargets:
        '${GUIDE_DB}:5432': 127.0.0.1:${dbPort}
`,
  );
});
// Registered after the hook above, so the fleet file is there when the server starts.
const server = useServer({ config: () => ({ fleet }) });

afterEach(async () => {
  for (const t of terminals.splice(0)) t.kill();
  // A failed test must not leave its session to the next one's resource counts.
  const active = await server.ssm.send(new DescribeSessionsCommand({ State: 'Active' }));
  for (const s of active.Sessions ?? [])
    await server.ssm.send(new TerminateSessionCommand({ SessionId: s.SessionId }));
});

afterAll(async () => {
  standalone?.child.kill('SIGKILL');
  web?.close();
  db?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

for (const [label, bin] of AWS_CLIS) {
  const missing = [
    !pluginInstalled && `${PLUGIN} is not on PATH`,
    !pty && `node-pty did not load (${ptyError})`,
    !cliWorks(bin) && `${bin} is not installed`,
  ].filter(Boolean);
  const title = `${label} (${bin}) with the official ${PLUGIN}`;
  describe.skipIf(missing.length > 0)(
    missing.length ? `${title}: skipped, ${missing.join('; ')}` : title,
    () => {
      it('start-session opens a shell: echo hello prints hello, exit prints the exit line, then History', async () => {
        const before = server.emulator.services.sessions.stats;
        const t = startSession(bin, ['--target', DEMO]);
        const id = await t.sessionId();
        await t.waitFor('sh-5.2$ ');
        t.write('echo hello\r');
        // The terminal adds \r before \n; until the plugin has run `stty -echo` the terminal echoes the line too.
        await t.waitFor(/\nhello\r*\nsh-5\.2\$ /);
        t.write('exit\r');
        await t.waitFor(`Exiting session with sessionId: ${id}.`);
        expect(await t.exited).toBe(0);
        const hist = await server.ssm.send(
          new DescribeSessionsCommand({ State: 'History', Filters: [{ key: 'SessionId', value: id }] }),
        );
        expect(hist.Sessions).toHaveLength(1);
        expect(hist.Sessions![0]).toMatchObject({
          SessionId: id,
          Target: DEMO,
          Status: 'Terminated',
          DocumentName: 'SSM-SessionManagerRunShell',
        });
        expect(t.leftRunning()).toEqual([]);
        await expect
          .poll(() => server.emulator.services.sessions.stats, { timeout: WAIT_MS })
          .toEqual(before);
      });

      it('start-session to a standalone agent: a PTY shell at the terminal size, following a resize', async () => {
        const node = await standaloneNode();
        const t = startSession(bin, ['--target', node]); // a 120x40 terminal
        const id = await t.sessionId();
        t.write('stty size\r');
        await t.waitFor(/\n40 120\r*\n/);
        t.resize(100, 30);
        // The plugin looks at its terminal's size every 500 ms and sends a Size message when it changed.
        await new Promise((r) => setTimeout(r, 1000));
        t.write('stty size\r');
        await t.waitFor(/\n30 100\r*\n/);
        t.write('exit\r');
        await t.waitFor(`Exiting session with sessionId: ${id}.`);
        expect(await t.exited).toBe(0);
      });

      it('AWS-StartSSHSession: the plugin carries its stdin and stdout to the node port, as ssh ProxyCommand uses it', async () => {
        const before = server.emulator.services.sessions.stats;
        // How ssh runs it: ProxyCommand="aws ssm start-session --target %h --document-name AWS-StartSSHSession
        // --parameters portNumber=%p", with pipes, no terminal. Port 22 of the node is the greeting echo server.
        const cli = spawn(
          program(bin),
          [
            'ssm',
            'start-session',
            '--target',
            WEB,
            '--document-name',
            'AWS-StartSSHSession',
            '--parameters',
            'portNumber=22',
            '--endpoint-url',
            server.endpoint,
          ],
          { env: AWS_CLI_ENV, stdio: ['pipe', 'pipe', 'pipe'], detached: true },
        );
        let out = '';
        let err = '';
        cli.stdout!.on('data', (d: Buffer) => (out += d.toString()));
        cli.stderr!.on('data', (d: Buffer) => (err += d.toString()));
        const exited = new Promise<number | null>((resolve) => cli.once('exit', resolve));
        try {
          // The plugin prints its "Starting session" line to stdout here too; ssh skips lines before the
          // server's version line (RFC 4253 4.2).
          await expect
            .poll(() => out, { timeout: WAIT_MS })
            .toMatch(/^\s*Starting session with SessionId: \S+\r?\nDB READY\n$/);
          cli.stdin!.write('SSH-2.0-OpenSSH_9.6\r\n');
          await expect
            .poll(() => out, { timeout: WAIT_MS })
            .toMatch(/\nDB READY\necho:SSH-2\.0-OpenSSH_9\.6\r\n$/);
          const [session] =
            (await server.ssm.send(new DescribeSessionsCommand({ State: 'Active' }))).Sessions ?? [];
          expect(session).toMatchObject({ Target: WEB, DocumentName: 'AWS-StartSSHSession' });
          // ssh ends its ProxyCommand with SIGHUP when the connection closes: the plugin dies without a
          // TerminateSession flag, so the session is Disconnected (resumable) until its idle timeout, 20 minutes.
          process.kill(-cli.pid!, 'SIGHUP');
          await exited;
          await expect
            .poll(async () => (await describeSession(session.SessionId!, 'Active'))?.Status, {
              timeout: WAIT_MS,
            })
            .toBe('Disconnected');
          expect(await connections(db)).toBe(1);
          await server.control('POST', '/_emulator/clock', { advance: 20 * 60 });
          await expect
            .poll(async () => (await describeSession(session.SessionId!, 'History'))?.Status, {
              timeout: WAIT_MS,
            })
            .toBe('Terminated');
          await expect.poll(() => connections(db), { timeout: WAIT_MS }).toBe(0);
          await expect
            .poll(() => server.emulator.services.sessions.stats, { timeout: WAIT_MS })
            .toEqual(before);
        } catch (e) {
          throw new Error(`${(e as Error).message}\nstdout: ${out}\nstderr: ${err}`);
        } finally {
          await server.control('POST', '/_emulator/clock', { real: true });
          try {
            process.kill(-cli.pid!, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      });

      it('AWS-StartPortForwardingSession to an agent of 3.0.196.0: basic mode, one local connection at a time', async () => {
        const before = server.emulator.services.sessions.stats;
        const { t, id, localPort } = await forwardPort(
          bin,
          OLD_WEB,
          'AWS-StartPortForwardingSession',
          (local) => `portNumber=80,localPortNumber=${local}`,
        );
        // Like curl: the connection closes after the answer, the plugin sends DisconnectToPort...
        expect(await httpGet(localPort, '/')).toBe('hello from the web server: GET /\n');
        // ... and the next local connection gets a new connection to the web server. This one stays open
        // (keep-alive) through Ctrl-C, see endWithCtrlC.
        const keepAlive = new Agent({ keepAlive: true });
        expect(await httpGet(localPort, '/again', keepAlive)).toBe('hello from the web server: GET /again\n');
        // "Waiting for connections..." is printed by the smux mode only (muxportforwarding.go).
        expect(t.output()).not.toContain('Waiting for connections...');
        await endWithCtrlC(t, id);
        keepAlive.destroy();
        await expect
          .poll(() => server.emulator.services.sessions.stats, { timeout: WAIT_MS })
          .toEqual(before);
        await expect.poll(() => connections(web), { timeout: WAIT_MS }).toBe(0);
      });

      it('AWS-StartPortForwardingSession to a 3.3 agent: smux, two GETs at once while one is held open', async () => {
        const before = server.emulator.services.sessions.stats;
        const { t, id, localPort } = await forwardPort(
          bin,
          WEB,
          'AWS-StartPortForwardingSession',
          (local) => `portNumber=80,localPortNumber=${local}`,
        );
        await t.waitFor('Waiting for connections...'); // the smux mode's line (muxportforwarding.go)
        const arrived = new Promise<void>((resolve) => (heldArrived = resolve));
        const held = httpGet(localPort, '/hold');
        await arrived;
        // A browser's second request while the first is unanswered: basic mode would leave it waiting.
        expect(await httpGet(localPort, '/quick')).toBe('hello from the web server: GET /quick\n');
        await expect.poll(() => connections(web), { timeout: WAIT_MS }).toBe(1); // the held one
        releaseHeld!();
        expect(await held).toBe('hello from the web server: GET /hold\n');
        // A keep-alive connection stays open through Ctrl-C.
        const keepAlive = new Agent({ keepAlive: true });
        expect(await httpGet(localPort, '/again', keepAlive)).toBe('hello from the web server: GET /again\n');
        await endWithCtrlC(t, id);
        keepAlive.destroy();
        await expect
          .poll(() => server.emulator.services.sessions.stats, { timeout: WAIT_MS })
          .toEqual(before);
        await expect.poll(() => connections(web), { timeout: WAIT_MS }).toBe(0);
      });

      it("the guide's 4.5 example: AWS-StartPortForwardingSessionToRemoteHost to a database host", async () => {
        const before = server.emulator.services.sessions.stats;
        const { t, id, localPort } = await forwardPort(
          bin,
          BASTION,
          'AWS-StartPortForwardingSessionToRemoteHost',
          (local) =>
            JSON.stringify({ host: [GUIDE_DB], portNumber: ['5432'], localPortNumber: [String(local)] }),
        );
        await t.waitFor('Waiting for connections...'); // smux: the bastion's agent is 3.3 (the default)
        const sock = connect(localPort, '127.0.0.1');
        let got = '';
        sock.on('data', (d: Buffer) => (got += d.toString()));
        sock.write('SELECT 1;\n');
        await expect.poll(() => got, { timeout: WAIT_MS }).toBe('DB READY\necho:SELECT 1;\n');
        // 100 kB: about a hundred messages each way, in order and intact. No newline in it: the plugin turns a
        // read of exactly one \n into \r (session-protocol.md 7.1).
        const bulk = Array.from({ length: 100_000 }, (_, i) => String.fromCharCode(65 + (i % 26))).join('');
        got = '';
        sock.write(bulk);
        await expect.poll(() => got.replace(/echo:/g, '').length, { timeout: WAIT_MS }).toBe(bulk.length);
        expect(got.replace(/echo:/g, '')).toBe(bulk);
        let closed = false;
        sock.on('close', () => (closed = true));
        await endWithCtrlC(t, id);
        await expect.poll(() => closed, { timeout: WAIT_MS }).toBe(true); // the plugin's exit ends the tunnel
        await expect
          .poll(() => server.emulator.services.sessions.stats, { timeout: WAIT_MS })
          .toEqual(before);
        await expect.poll(() => connections(db), { timeout: WAIT_MS }).toBe(0);
      });
    },
  );
}

/**
 * Ctrl-C in the terminal: the plugin sends the TerminateSession flag and exits, the CLI with it; the session ends.
 * Tests press it while a local client is connected and idle: a client that disconnects at that very moment makes
 * the plugin send DisconnectToPort (basic mode) or an smux FIN from another goroutine, and the plugin's unlocked
 * sequence counter can give both messages the same number; the second is then taken for a resend and dropped, as the agent does
 * (session-protocol.md 6.3), and the session stays Disconnected until its idle timeout.
 */
async function endWithCtrlC(t: Terminal, id: string): Promise<void> {
  expect(t.leftRunning().join('\n')).toContain(`(${PLUGIN.slice(0, 15)})`); // comm: 15 characters at most
  t.write('\x03');
  await t.waitFor('Terminate signal received, exiting.');
  await t.waitFor(`Exiting session with sessionId: ${id}.`);
  expect(await t.exited).toBe(0);
  expect(t.leftRunning()).toEqual([]);
  // The plugin ends the session with the TerminateSession flag (AgentVersion > 2.3.722.0): no API call needed.
  await expect
    .poll(
      async () =>
        (
          await server.ssm.send(
            new DescribeSessionsCommand({ State: 'History', Filters: [{ key: 'SessionId', value: id }] }),
          )
        ).Sessions?.[0]?.Status,
      { timeout: WAIT_MS },
    )
    .toBe('Terminated');
}

interface Terminal {
  /** The id of the "Starting session with SessionId: ..." line. */
  sessionId(): Promise<string>;
  waitFor(text: string | RegExp): Promise<void>;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** The CLI's exit code. */
  exited: Promise<number>;
  /** Everything the terminal showed so far. */
  output(): string;
  /** Processes of the terminal's process group (the CLI, the plugin) still alive. */
  leftRunning(): string[];
  kill(): void;
}

/** A port-forwarding session on a free local port, once the plugin says the port is open. */
async function forwardPort(
  bin: string,
  target: string,
  document: string,
  parameters: (localPort: number) => string,
): Promise<{ t: Terminal; id: string; localPort: number }> {
  const localPort = await freePort();
  const t = startSession(bin, [
    '--target',
    target,
    '--document-name',
    document,
    '--parameters',
    parameters(localPort),
  ]);
  const id = await t.sessionId();
  await t.waitFor(`Port ${localPort} opened for sessionId ${id}.`);
  return { t, id, localPort };
}

/** `aws ssm start-session ...` in a pseudo-terminal, as typed in a shell: the plugin needs one. */
function startSession(bin: string, args: string[]): Terminal {
  const p: IPty = pty!.spawn(
    program(bin),
    ['ssm', 'start-session', ...args, '--endpoint-url', server.endpoint],
    {
      name: 'xterm-256color',
      cols: 120,
      rows: 40,
      env: { ...AWS_CLI_ENV, TERM: 'xterm-256color' } as Record<string, string>,
    },
  );
  let out = '';
  let done = false;
  const listeners = new Set<() => void>();
  p.onData((d) => {
    out += d;
    for (const l of listeners) l();
  });
  const exited = new Promise<number>((resolve) =>
    p.onExit(({ exitCode }) => {
      done = true;
      resolve(exitCode);
      for (const l of listeners) l();
    }),
  );
  const waitFor = (what: string | RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const m = typeof what === 'string' ? (out.includes(what) ? [what] : null) : what.exec(out);
        if (m) return finish(() => resolve(m[1] ?? m[0]));
        if (done) finish(() => reject(new Error(`exited before ${String(what)}; output:\n${out}`)));
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`no ${String(what)} within ${WAIT_MS} ms; output:\n${out}`))),
        WAIT_MS,
      );
      const finish = (fn: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        fn();
      };
      listeners.add(check);
      check();
    });
  const t: Terminal = {
    sessionId: () => waitFor(/Starting session with SessionId: (\S+)\r?\n/),
    waitFor: async (what) => void (await waitFor(what)),
    write: (d) => p.write(d),
    resize: (cols, rows) => p.resize(cols, rows),
    exited,
    output: () => out,
    leftRunning: () => processGroup(p.pid),
    kill: () => {
      // The CLI and the plugin share the terminal's process group, whose id is the CLI's pid.
      if (!processGroup(p.pid).length) return;
      try {
        process.kill(-p.pid, 'SIGKILL');
      } catch {
        // it ended in the meantime
      }
    },
  };
  terminals.push(t);
  return t;
}

async function describeSession(sessionId: string, state: 'Active' | 'History') {
  const res = await server.ssm.send(
    new DescribeSessionsCommand({ State: state, Filters: [{ key: 'SessionId', value: sessionId }] }),
  );
  return res.Sessions?.[0];
}

/** Live (non-zombie) processes of a process group, as "pid command", from /proc. */
function processGroup(pgid: number): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z')
        found.push(`${pid} ${stat.slice(0, stat.lastIndexOf(')') + 1)}`);
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/** A GET on its own connection, closed after the answer unless a keep-alive agent is given. */
function httpGet(port: number, path: string, agent: Agent | false = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, timeout: WAIT_MS }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

async function listen(s: Server | HttpServer): Promise<number> {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return (s.address() as { port: number }).port;
}

/** A loopback port free right now (the plugin binds it a moment later). */
async function freePort(): Promise<number> {
  const s = createServer();
  const port = await listen(s);
  await new Promise((resolve) => s.close(resolve));
  return port;
}

function connections(s: Server | HttpServer): Promise<number> {
  return new Promise((resolve, reject) => s.getConnections((err, n) => (err ? reject(err) : resolve(n))));
}
