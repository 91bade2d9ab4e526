// A stopped instance's agent is away: Run Command holds its invocation (Delayed) and delivers it once the
// instance is started again, as for any unreachable node.
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../../src/app.js';
import { ec2Limits } from '../../../src/engine/ec2/index.js';
import { flush, SCOPE, WEB } from './helpers.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('Run Command on a stopped instance', () => {
  it('is Delayed while the instance is stopped and runs after StartInstances', async () => {
    emulator = createEmulator({ inMemory: true, logLevel: 'silent' });
    const { services } = emulator;
    services.clock.freeze();
    await services.ec2.call(SCOPE, 'StopInstances', { InstanceIds: [WEB] });
    await services.clock.advance(ec2Limits.STOPPING_SECONDS);
    const cmd = services.commands.send(SCOPE, {
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [WEB],
      Parameters: { commands: ['echo hello'] },
    });
    // The engine's read sees what its batched writes have not stored yet.
    const invocation = () => services.commands.getInvocation(SCOPE, cmd.commandId, WEB)!;
    for (let i = 0; i < 5; i++) {
      await services.clock.advance(1);
      await flush();
    }
    expect(invocation().status).toBe('Delayed');
    await services.ec2.call(SCOPE, 'StartInstances', { InstanceIds: [WEB] });
    const finished = services.commands.whenFinished(SCOPE, cmd.commandId);
    let done = false;
    void finished.then(() => (done = true));
    for (let i = 0; i < 120 && !done; i++) {
      await services.clock.advance(1);
      await flush();
    }
    expect((await finished).status).toBe('Success');
    expect(invocation().status).toBe('Success');
  });
});
