// The signal box: the one place an execution's waits for SendAutomationSignal live.
import { describe, expect, it } from 'vitest';
import { SignalBox } from '../../../src/engine/automation/signal-box.js';
import { Aborted } from '../../../src/engine/automation/step-abort.js';
import type { AutomationSignal } from '../../../src/engine/automation/actions/types.js';
import { flush, watch } from './fakes.js';

const signal = (
  type: AutomationSignal['type'],
  payload: Record<string, string[]> = {},
): AutomationSignal => ({
  type,
  payload,
  callerArn: 'arn:aws:iam::123456789012:root',
});

describe('SignalBox', () => {
  it('hands a signal to the step that waits, and says what it waits for meanwhile', async () => {
    const box = new SignalBox();
    expect(box.waitingFor()).toBeUndefined();
    const next = box.next(new AbortController().signal);
    expect(box.waitingFor()).toBe('step-signal');
    box.deliver(signal('Approve', { Comment: ['ok'] }));
    expect(await next).toEqual(signal('Approve', { Comment: ['ok'] }));
    expect(box.waitingFor()).toBeUndefined();
  });

  it('keeps a signal sent while no step waits for the next step that asks', async () => {
    const box = new SignalBox();
    box.deliver(signal('Resume'));
    expect(box.waitingFor()).toBeUndefined();
    expect((await box.next(new AbortController().signal)).type).toBe('Resume');
  });

  it("a stopped step stops waiting with its stop's reason, and a later signal is kept", async () => {
    const box = new SignalBox();
    const controller = new AbortController();
    const next = box.next(controller.signal);
    controller.abort(new Aborted('timeout'));
    await expect(next).rejects.toEqual(new Aborted('timeout'));
    expect(box.waitingFor()).toBeUndefined();
    box.deliver(signal('Resume'));
    expect((await box.next(new AbortController().signal)).type).toBe('Resume');
    // An already stopped step does not wait at all (a Cancel when the signal carries no reason).
    const stopped = new AbortController();
    stopped.abort();
    await expect(box.next(stopped.signal)).rejects.toEqual(new Aborted('cancel'));
  });

  it('closing the box (the execution ended) ends the wait of a step', async () => {
    const box = new SignalBox();
    const next = box.next(new AbortController().signal);
    box.close();
    await expect(next).rejects.toEqual(new Aborted('cancel'));
    expect(box.waitingFor()).toBeUndefined();
  });

  it('Interactive mode: StartStep names the next step; a stop ends the wait without one', async () => {
    const box = new SignalBox();
    const first = box.nextStartStep();
    expect(box.waitingFor()).toBe('start-step');
    box.deliver(signal('StartStep', { StepName: ['second'] }));
    expect(await first).toBe('second');
    expect(box.waitingFor()).toBeUndefined();

    const second = watch(box.nextStartStep());
    // Approve, Reject and Resume are for a waiting step, not for the choice of the next one.
    box.deliver(signal('Resume'));
    await flush();
    expect(second.done).toBe(false);
    box.stopStartWait();
    await flush();
    expect(second).toEqual({ done: true, value: undefined });
  });
});
