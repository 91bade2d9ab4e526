// What State Manager sends to EventBridge (UG "Amazon EventBridge event examples": EC2 State Manager
// Association State Change and EC2 State Manager Instance Association State Change).
import type { EventBus } from '../events.js';
import type { StoredAssociation } from '../../store/repositories/associations.js';
import type { StoredInstanceStatus } from '../../store/repositories/association-executions.js';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function targetsText(a: StoredAssociation): string {
  const targets = a.config.Targets ?? [];
  return JSON.stringify(targets.map((t) => ({ key: t.Key, values: t.Values })));
}

export function associationEvents(bus: EventBus) {
  return {
    association(a: StoredAssociation): void {
      bus.emit({
        'detail-type': 'EC2 State Manager Association State Change',
        account: a.account,
        region: a.region,
        resources: [
          `arn:aws:ssm:${a.region}:${a.account}:association/${a.associationId}`,
          `arn:aws:ssm:${a.region}:${a.account}:document/${a.config.Name}`,
        ],
        detail: {
          'association-id': a.associationId,
          'document-name': a.config.Name,
          'association-version': String(a.version),
          'document-version': a.config.DocumentVersion,
          targets: targetsText(a),
          'creation-date': iso(a.createdMs),
          'last-successful-execution-date': iso(a.lastSuccessfulExecutionMs) ?? '',
          'last-execution-date': iso(a.lastExecutionMs) ?? '',
          'last-updated-date': iso(a.updatedMs),
          status: a.overview.status,
          'association-status-aggregated-count': JSON.stringify(a.overview.counts),
          'schedule-expression': a.config.ScheduleExpression ?? '',
          'association-cwe-version': '1.0',
        },
      });
    },

    instance(a: StoredAssociation, s: StoredInstanceStatus): void {
      bus.emit({
        'detail-type': 'EC2 State Manager Instance Association State Change',
        account: a.account,
        region: a.region,
        resources: [
          s.instanceId.startsWith('mi-')
            ? `arn:aws:ssm:${a.region}:${a.account}:managed-instance/${s.instanceId}`
            : `arn:aws:ec2:${a.region}:${a.account}:instance/${s.instanceId}`,
          `arn:aws:ssm:${a.region}:${a.account}:document/${a.config.Name}`,
        ],
        detail: {
          'association-id': a.associationId,
          'instance-id': s.instanceId,
          'document-name': a.config.Name,
          'document-version': s.documentVersion,
          targets: targetsText(a),
          'creation-date': iso(a.createdMs),
          'last-successful-execution-date': iso(a.lastSuccessfulExecutionMs) ?? '',
          'last-execution-date': iso(s.executionMs),
          status: s.status,
          'detailed-status': s.detailedStatus,
          'error-code': s.errorCode ?? '',
          'execution-summary': s.executionSummary,
          'output-url': s.outputUrl ?? '',
          'instance-association-cwe-version': '1',
        },
      });
    },
  };
}

export type AssociationEvents = ReturnType<typeof associationEvents>;
