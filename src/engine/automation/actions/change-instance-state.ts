// aws:changeInstanceState: starts, stops or terminates instances (or, with CheckStateOnly, only checks), then
// polls until every one is in DesiredState; `running` also waits for both status checks to pass (actions
// reference, "aws:changeInstanceState"). No outputs.
import { callEc2, failed, guarded, inputBool, inputString, requiredList } from '../../ec2/action-support.js';
import { ACTION_POLL_MS } from '../../ec2/limits.js';
import { ActionInputError, type ActionRunner } from './types.js';

const ACTION = 'aws:changeInstanceState';
const DESIRED = ['running', 'stopped', 'terminated'] as const;
type Desired = (typeof DESIRED)[number];

/** States an instance cannot leave for the desired one (it would wait until the step's timeout for nothing). */
const DEAD_ENDS: Record<Desired, string[]> = {
  running: ['shutting-down', 'terminated'],
  stopped: ['shutting-down', 'terminated'],
  terminated: [],
};

const APIS: Record<Desired, string> = {
  running: 'StartInstances',
  stopped: 'StopInstances',
  terminated: 'TerminateInstances',
};

interface InstanceJson {
  InstanceId: string;
  State: { Name: string };
}

export const changeInstanceState: ActionRunner = guarded(async (ctx) => {
  const ids = requiredList(ctx, ACTION, 'InstanceIds');
  const desired = inputString(ctx, ACTION, 'DesiredState');
  if (!desired || !(DESIRED as readonly string[]).includes(desired))
    throw new ActionInputError(`${ACTION} needs DesiredState running, stopped or terminated.`);
  const want = desired as Desired;
  const checkOnly = inputBool(ctx, ACTION, 'CheckStateOnly') ?? false;
  const force = inputBool(ctx, ACTION, 'Force') ?? false;
  const additionalInfo = inputString(ctx, ACTION, 'AdditionalInfo');
  const doing = 'changing the instance state';
  if (!checkOnly) {
    await callEc2(
      ctx,
      APIS[want],
      {
        InstanceIds: ids,
        ...(want === 'stopped' && force ? { Force: true } : {}),
        ...(want === 'running' && additionalInfo ? { AdditionalInfo: additionalInfo } : {}),
      },
      doing,
    );
  }
  for (;;) {
    const described = await callEc2(ctx, 'DescribeInstances', { InstanceIds: ids }, doing);
    const instances = (described.Reservations as { Instances: InstanceJson[] }[]).flatMap((r) => r.Instances);
    const stuck = instances.find((i) => DEAD_ENDS[want].includes(i.State.Name));
    if (stuck)
      throw failed(
        `Instance ${stuck.InstanceId} is in ${stuck.State.Name} state and cannot reach the desired state ${want}`,
        doing,
      );
    if (instances.every((i) => i.State.Name === want) && (want !== 'running' || (await statusOk(ids))))
      return { status: 'Success' };
    await ctx.sleep(ACTION_POLL_MS);
  }

  async function statusOk(instanceIds: string[]): Promise<boolean> {
    const r = await callEc2(ctx, 'DescribeInstanceStatus', { InstanceIds: instanceIds }, doing);
    const statuses = r.InstanceStatuses as {
      InstanceStatus: { Status: string };
      SystemStatus: { Status: string };
    }[];
    return (
      statuses.length === instanceIds.length &&
      statuses.every((s) => s.InstanceStatus.Status === 'ok' && s.SystemStatus.Status === 'ok')
    );
  }
});
