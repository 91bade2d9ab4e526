// The AWS-owned runbooks the issue names, run through StartAutomationExecution against the simulated EC2 and
// fleet on a frozen clock: the instance really stops (its agent goes away), an image really appears.
import {
  DescribeInstanceInformationCommand,
  DescribeInstancePropertiesCommand,
  type AutomationExecution,
} from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { startExecution, waitForStatus } from './automation-helpers.js';
import { useServer } from '../helpers/server.js';

const WEB = 'i-0123456789abcdef0';
const server = useServer({ resetEach: true, clock: 'freeze' });

async function run(DocumentName: string, Parameters: Record<string, string[]>): Promise<AutomationExecution> {
  const id = await startExecution(server.ssm, DocumentName, { Parameters });
  const advance = async () => void (await server.control('POST', '/_emulator/clock', { advance: 5 }));
  return waitForStatus(server.ssm, id, undefined, { tries: 200, between: advance });
}

const ec2 = async () => (await server.control('GET', '/_emulator/ec2')).json;
const stateOf = async (id: string) =>
  (await ec2()).instances.find((i: { InstanceId: string }) => i.InstanceId === id).State.Name;
const call = async (action: string, params: Record<string, unknown>) =>
  (await server.control('POST', '/_emulator/ec2', { action, params })).json;

describe('AWS-owned EC2 runbooks', () => {
  it('AWS-StopEC2Instance stops the instance (its agent goes away); AWS-StartEC2Instance brings it back', async () => {
    const stop = await run('AWS-StopEC2Instance', { InstanceId: [WEB] });
    expect(stop.AutomationExecutionStatus).toBe('Success');
    expect(stop.StepExecutions![0]).toMatchObject({
      StepName: 'stopInstances',
      Action: 'aws:changeInstanceState',
    });
    expect(await stateOf(WEB)).toBe('stopped');
    const props = await server.ssm.send(
      new DescribeInstancePropertiesCommand({
        InstancePropertyFilterList: [{ key: 'InstanceIds', valueSet: [WEB] }],
      }),
    );
    expect(props.InstanceProperties![0].InstanceState).toBe('stopped');
    // Ten minutes without heartbeats: the stopped node's agent is ConnectionLost.
    await server.control('POST', '/_emulator/clock', { advance: 700 });
    const info = async () =>
      (
        await server.ssm.send(
          new DescribeInstanceInformationCommand({ Filters: [{ Key: 'InstanceIds', Values: [WEB] }] }),
        )
      ).InstanceInformationList![0].PingStatus;
    expect(await info()).toBe('ConnectionLost');
    const start = await run('AWS-StartEC2Instance', { InstanceId: [WEB] });
    expect(start.AutomationExecutionStatus).toBe('Success');
    expect(await stateOf(WEB)).toBe('running');
    expect(await info()).toBe('Online');
  });

  it('AWS-RestartEC2Instance stops then starts', async () => {
    const e = await run('AWS-RestartEC2Instance', { InstanceId: [WEB] });
    expect(e.StepExecutions!.map((s) => [s.StepName, s.StepStatus])).toEqual([
      ['stopInstances', 'Success'],
      ['startInstances', 'Success'],
    ]);
    expect(await stateOf(WEB)).toBe('running');
  });

  it('AWS-CreateImage registers an available image named after the instance and execution', async () => {
    const e = await run('AWS-CreateImage', { InstanceId: [WEB] });
    expect(e.AutomationExecutionStatus).toBe('Success');
    const imageId = e.Outputs!['createImage.ImageId'][0];
    const image = (await ec2()).images.find((i: { ImageId: string }) => i.ImageId === imageId);
    expect(image).toMatchObject({ State: 'available', Name: `${WEB}_${e.AutomationExecutionId}` });
  });

  it('AWS-DetachEBSVolume detaches a data volume and waits until it is available; AWS-DeleteSnapshot deletes', async () => {
    const vol = await call('CreateVolume', { AvailabilityZone: 'us-east-1a', Size: 10 });
    await server.control('POST', '/_emulator/clock', { advance: 30 });
    await call('AttachVolume', { VolumeId: vol.VolumeId, InstanceId: WEB, Device: '/dev/sdf' });
    await server.control('POST', '/_emulator/clock', { advance: 30 });
    const detach = await run('AWS-DetachEBSVolume', { VolumeId: [vol.VolumeId] });
    expect(detach.StepExecutions!.map((s) => [s.StepName, s.StepStatus])).toEqual([
      ['detachVolume', 'Success'],
      ['verifyVolumeDetached', 'Success'],
    ]);
    const snap = await call('CreateSnapshot', { VolumeId: vol.VolumeId });
    const del = await run('AWS-DeleteSnapshot', { SnapshotId: [snap.SnapshotId] });
    expect(del.AutomationExecutionStatus).toBe('Success');
    const again = await run('AWS-DeleteSnapshot', { SnapshotId: [snap.SnapshotId] });
    expect(again.AutomationExecutionStatus).toBe('Failed');
    expect(again.FailureMessage).toBe(
      `Step fails when it is Execute/Cancelling action. An error occurred (InvalidSnapshot.NotFound) when calling the DeleteSnapshot operation: The snapshot '${snap.SnapshotId}' does not exist. Please refer to Automation Service Troubleshooting Guide for more diagnosis details.`,
    );
  });
});
