// The compliance engine: items per (resource, type), summaries, overall severity, PARTIAL writes, removal, and
// the state-change event only when the status changes. Patch Manager calls put() the same way.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../src/store/index.js';
import { Clock } from '../../../src/engine/clock.js';
import { EventBus } from '../../../src/engine/events.js';
import { ComplianceEngine } from '../../../src/engine/compliance/engine.js';

const node = {
  account: '000000000000',
  region: 'us-east-1',
  resourceType: 'ManagedInstance',
  resourceId: 'i-0aaa',
};
const at = {
  executionMs: Date.parse('2026-06-01T00:00:00Z'),
  executionId: 'cmd-1',
  executionType: 'Command',
};
let store: Store;
let events: EventBus;
let compliance: ComplianceEngine;

beforeEach(() => {
  store = Store.open({ dataDir: '', inMemory: true });
  const clock = new Clock();
  events = new EventBus(clock);
  compliance = new ComplianceEngine({ store, clock, events });
});
afterEach(() => store.close());

const summary = (type: string) =>
  store.compliance.getSummary(node.account, node.region, node.resourceId, type);
const stateChanges = () => events.recent({ detailType: 'Configuration Compliance State Change' });

describe('put', () => {
  it('summarises items by status and severity; the overall severity is the worst non-compliant one', () => {
    compliance.put(
      node,
      'Patch',
      [
        { Id: 'KB1', Severity: 'CRITICAL', Status: 'COMPLIANT' },
        { Id: 'KB2', Severity: 'MEDIUM', Status: 'NON_COMPLIANT' },
        { Id: 'KB3', Severity: 'LOW', Status: 'NON_COMPLIANT' },
      ],
      at,
      { eventDetail: { 'patch-baseline-id': 'pb-1' } },
    );
    expect(summary('Patch')).toMatchObject({
      status: 'NON_COMPLIANT',
      overallSeverity: 'MEDIUM',
      compliant: { CRITICAL: 1, MEDIUM: 0 },
      nonCompliant: { MEDIUM: 1, LOW: 1 },
    });
    expect(stateChanges().map((e) => e.detail)).toEqual([
      {
        'last-runtime': '2026-06-01T00:00:00Z',
        'compliance-status': 'non_compliant',
        'resource-type': 'managed-instance',
        'resource-id': 'i-0aaa',
        'compliance-type': 'Patch',
        'patch-baseline-id': 'pb-1',
      },
    ]);
  });

  it('PARTIAL replaces the named items only; COMPLETE replaces them all', () => {
    compliance.put(
      node,
      'Association',
      [
        { Id: 'a1', Severity: 'HIGH', Status: 'COMPLIANT' },
        { Id: 'a2', Severity: 'LOW', Status: 'COMPLIANT' },
      ],
      at,
    );
    compliance.put(node, 'Association', [{ Id: 'a2', Severity: 'LOW', Status: 'NON_COMPLIANT' }], at, {
      uploadType: 'PARTIAL',
    });
    const ids = () =>
      store.compliance
        .items(node.account, node.region, node.resourceId, 'Association')
        .map((i) => [i.id, i.status]);
    expect(ids()).toEqual([
      ['a1', 'COMPLIANT'],
      ['a2', 'NON_COMPLIANT'],
    ]);
    compliance.put(node, 'Association', [{ Id: 'a3', Severity: 'LOW', Status: 'COMPLIANT' }], at);
    expect(ids()).toEqual([['a3', 'COMPLIANT']]);
  });

  it('emits the event only when the status of the type changes', () => {
    const ok = [{ Id: 'x', Severity: 'LOW' as const, Status: 'COMPLIANT' as const }];
    compliance.put(node, 'Custom:App', ok, at);
    compliance.put(node, 'Custom:App', ok, at);
    compliance.put(node, 'Custom:App', [{ ...ok[0], Status: 'NON_COMPLIANT' }], at);
    expect(stateChanges().map((e) => e.detail['compliance-status'])).toEqual(['compliant', 'non_compliant']);
  });

  it('keeps items without an Id apart, and refuses two items with one Id', () => {
    compliance.put(
      node,
      'Custom:App',
      [
        { Severity: 'LOW', Status: 'COMPLIANT' },
        { Severity: 'HIGH', Status: 'COMPLIANT' },
      ],
      at,
    );
    expect(store.compliance.items(node.account, node.region, node.resourceId, 'Custom:App')).toHaveLength(2);
    expect(() =>
      compliance.put(
        node,
        'Custom:App',
        [
          { Id: 'same', Severity: 'LOW', Status: 'COMPLIANT' },
          { Id: 'same', Severity: 'LOW', Status: 'COMPLIANT' },
        ],
        at,
      ),
    ).toThrow('The compliance item ID same appears more than once.');
    expect(store.compliance.items(node.account, node.region, node.resourceId, 'Custom:App')).toHaveLength(2);
  });
});

describe('removeItem', () => {
  it('removes one item and the summary with the last one', () => {
    compliance.put(
      node,
      'Association',
      [
        { Id: 'a1', Severity: 'HIGH', Status: 'NON_COMPLIANT' },
        { Id: 'a2', Severity: 'LOW', Status: 'COMPLIANT' },
      ],
      at,
    );
    compliance.removeItem(node, 'Association', 'a1');
    expect(summary('Association')).toMatchObject({ status: 'COMPLIANT', overallSeverity: 'LOW' });
    compliance.removeItem(node, 'Association', 'a2');
    expect(summary('Association')).toBeUndefined();
  });
});
