// The standalone agent as users run it: the built CLI's `ssm-emulator agent`, registering with an activation.
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from '../cli/cli-process.js';

export interface AgentProcess {
  child: ChildProcess;
  /** The mi- id the agent prints once registered; rejects if it exits first. */
  registered: Promise<string>;
  exited: Promise<{ code: number | null; stderr: string }>;
}

export function spawnAgent(endpoint: string, activationCode: string, activationId: string): AgentProcess {
  const child = spawn(
    process.execPath,
    [
      CLI,
      'agent',
      '--endpoint',
      endpoint,
      '--activation-code',
      activationCode,
      '--activation-id',
      activationId,
      '--region',
      'us-east-1',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const registered = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      stdout += d;
      const m = /Managed instance-id: (mi-[0-9a-f]{17})/.exec(stdout);
      if (m) resolve(m[1]);
    });
    child.on('exit', () => reject(new Error(`agent exited: ${stderr}`)));
  });
  registered.catch(() => undefined);
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('exit', (c) => resolve({ code: c, stderr })),
  );
  return { child, registered, exited };
}
