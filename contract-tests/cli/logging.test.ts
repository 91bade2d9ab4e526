// What the log says about a client's mistakes: nothing at the default level, one debug line with the reason
// at debug level, and never an error entry with a stack trace (those are for the emulator's own failures).
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI, freePort, start, stop, type Running } from './cli-process.js';

const SLOW = 60_000;
const started: Running[] = [];
beforeAll(() => {
  expect(existsSync(CLI), `${CLI} is missing: run \`npm run build\` (npm test does)`).toBe(true);
});
afterEach(async () => {
  for (const p of started.splice(0))
    if (p.proc.exitCode === null && p.proc.signalCode === null) await stop(p, 'SIGKILL');
});

const API = 'POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AmazonSSM.GetParameter\r\n';

/** Malformed requests of the kinds the fuzz run sent, each on its own connection. */
const MALFORMED: Record<string, { bytes: string; endWrite?: boolean }> = {
  'a body shorter than its Content-Length': {
    bytes: `${API}Content-Type: application/x-amz-json-1.1\r\nContent-Length: 100\r\n\r\n{"Name":"x"}`,
    endWrite: true,
  },
  'a content type that does not parse': { bytes: `${API}Content-Type: ;;;\r\nContent-Length: 2\r\n\r\n{}` },
  'a bad chunk size': {
    bytes: `${API}Content-Type: application/x-amz-json-1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
  },
  'a bad percent-encoding in the path': {
    bytes: 'GET /_emulator/nodes/%E0%A4%A HTTP/1.1\r\nHost: localhost\r\n\r\n',
  },
  'JSON that does not parse': {
    bytes: `${API}Content-Type: application/x-amz-json-1.1\r\nContent-Length: 5\r\n\r\n{"Na`,
  },
  'a control-plane body that is not JSON': {
    bytes:
      'POST /_emulator/clock HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n{x}',
  },
};

function send(endpoint: string, bytes: string, endWrite = false): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(Number(new URL(endpoint).port), '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8').on('data', (d: string) => (text += d));
    socket.on('error', () => resolve(text));
    socket.on('close', () => resolve(text));
    socket.write(bytes, () => {
      if (endWrite) socket.end();
      setTimeout(() => socket.destroy(), 300);
    });
  });
}

async function sendAll(p: Running): Promise<void> {
  for (const { bytes, endWrite } of Object.values(MALFORMED)) await send(p.endpoint, bytes, endWrite);
  // A round trip after them: the log has been written by the time it answers.
  expect((await fetch(`${p.endpoint}/_emulator/health`)).status).toBe(200);
}

const logLines = (p: Running) =>
  (p.stdout() + p.stderr())
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { level: number; msg: string; message?: string; err?: unknown });

describe('malformed requests in the log', { timeout: SLOW }, () => {
  it('at the default level: nothing at all', async () => {
    const p = await start(['--port', String(await freePort()), '--in-memory']);
    started.push(p);
    await sendAll(p);
    expect(p.stderr()).toBe('');
    expect(p.stdout().split('\n').slice(1)).toEqual(['']);
  });

  it('at debug level: one debug line each with the reason, no error entry and no stack', async () => {
    const p = await start(['--port', String(await freePort()), '--in-memory', '--log-level', 'debug']);
    started.push(p);
    await sendAll(p);
    const lines = logLines(p);
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
    expect(p.stdout() + p.stderr()).not.toContain('stack');
    const malformed = lines.filter((l) => l.msg === 'bad request');
    expect(malformed.map((l) => [l.level, l.message])).toEqual(
      expect.arrayContaining([
        [20, 'aborted'],
        [20, 'Unsupported Media Type'],
      ]),
    );
  });
});
