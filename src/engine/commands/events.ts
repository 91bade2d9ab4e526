// Run Command's EventBridge events on the internal bus (UG "Amazon EventBridge event examples": Run Command).
import type { EventBus } from '../events.js';
import type { StoredCommand, StoredInvocation } from './types.js';

export interface CommandEvents {
  command(cmd: StoredCommand): void;
  invocation(cmd: StoredCommand, inv: StoredInvocation): void;
}

export function commandEvents(bus: EventBus): CommandEvents {
  return {
    command(cmd) {
      bus.emit({
        'detail-type': 'EC2 Command Status-change Notification',
        account: cmd.account,
        region: cmd.region,
        resources: cmd.instanceIds.map((id) => instanceArn(cmd, id)),
        detail: {
          'command-id': cmd.commandId,
          'document-name': cmd.documentName,
          'expire-after': new Date(cmd.expiresAfterMs).toISOString(),
          parameters: cmd.parameters,
          'requested-date-time': new Date(cmd.requestedMs).toISOString(),
          status: eventStatus(cmd.status, cmd.statusDetails),
        },
      });
    },
    invocation(cmd, inv) {
      bus.emit({
        'detail-type': 'EC2 Command Invocation Status-change Notification',
        account: cmd.account,
        region: cmd.region,
        resources: [instanceArn(cmd, inv.instanceId)],
        detail: {
          'command-id': cmd.commandId,
          'document-name': cmd.documentName,
          'instance-id': inv.instanceId,
          'requested-date-time': new Date(cmd.requestedMs).toISOString(),
          status: eventStatus(inv.status, inv.statusDetails),
        },
      });
    },
  };
}

function instanceArn(cmd: StoredCommand, id: string): string {
  return id.startsWith('mi-')
    ? `arn:aws:ssm:${cmd.region}:${cmd.account}:managed-instance/${id}`
    : `arn:aws:ec2:${cmd.region}:${cmd.account}:instance/${id}`;
}

/** Events carry the detailed status for the states Status alone does not tell apart. */
function eventStatus(status: string, details: string): string {
  return details === 'DeliveryTimedOut' || details === 'ExecutionTimedOut' || details === 'Undeliverable'
    ? details
    : status;
}
