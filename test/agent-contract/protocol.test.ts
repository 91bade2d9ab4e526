// The agent contract's additions: capabilities in register/connect/registered, the window size in
// open-session and resize-session, patching's deliver-command.patch and patch-report. Good messages pass; bad
// ones are refused; old messages still pass.
import { describe, expect, it } from 'vitest';
import {
  acceptedCapabilities,
  agentToEngineSchema,
  engineToAgentSchema,
} from '../../src/agent-contract/protocol.js';

const facts = {
  computerName: 'lab',
  ipAddress: '192.168.1.5',
  platformType: 'Linux',
  platformName: 'Ubuntu',
  platformVersion: '24.04',
  agentVersion: '3.3.1142.0',
};
const register = {
  type: 'register',
  protocol: 1,
  activationId: 'a',
  activationCode: 'c',
  region: 'us-east-1',
  facts,
};
const connect = {
  type: 'connect',
  protocol: 1,
  instanceId: 'mi-0a1b2c3d4e5f60718',
  region: 'us-east-1',
  token: 't',
};
const registered = {
  type: 'registered',
  protocol: 1,
  instanceId: 'mi-0a1b2c3d4e5f60718',
  token: 't',
  heartbeatSeconds: 300,
};

const agentOk = (m: unknown) => agentToEngineSchema().safeParse(m).success;
const engineOk = (m: unknown) => engineToAgentSchema().safeParse(m).success;

describe('capabilities', () => {
  it('register and connect take an optional list, and old messages without it still pass', () => {
    expect(agentOk(register)).toBe(true);
    expect(agentOk(connect)).toBe(true);
    expect(agentToEngineSchema().parse({ ...register, capabilities: ['pty'] })).toMatchObject({
      capabilities: ['pty'],
    });
    expect(agentOk({ ...connect, capabilities: ['pty', 'from-a-newer-agent'] })).toBe(true);
    expect(agentOk({ ...connect, capabilities: [] })).toBe(true);
  });

  it('refuses a list that is not of names', () => {
    expect(agentOk({ ...register, capabilities: 'pty' })).toBe(false);
    expect(agentOk({ ...register, capabilities: [1] })).toBe(false);
    expect(agentOk({ ...connect, capabilities: [''] })).toBe(false);
    expect(agentOk({ ...connect, capabilities: Array.from({ length: 33 }, (_, i) => `c${i}`) })).toBe(false);
  });

  it('registered may carry the accepted ones; the engine accepts only those it knows', () => {
    expect(engineOk(registered)).toBe(true);
    expect(engineOk({ ...registered, capabilities: ['pty'] })).toBe(true);
    expect(engineOk({ ...registered, capabilities: {} })).toBe(false);
    expect(acceptedCapabilities(['from-a-newer-agent', 'pty'])).toEqual(['pty']);
    expect(acceptedCapabilities(undefined)).toEqual([]);
  });
});

describe('window size', () => {
  const open = { type: 'open-session', sessionId: 's1', kind: 'shell' };
  const resize = { type: 'resize-session', sessionId: 's1', cols: 120, rows: 40 };

  it('open-session takes cols and rows, and passes without them', () => {
    expect(engineOk(open)).toBe(true);
    expect(engineToAgentSchema().parse({ ...open, cols: 100, rows: 30 })).toMatchObject({
      cols: 100,
      rows: 30,
    });
    expect(engineOk({ ...open, command: 'top', cols: 1, rows: 65535 })).toBe(true);
  });

  it('open-session refuses a size a terminal cannot have', () => {
    for (const bad of [0, -1, 65536, 80.5, '80', null])
      expect([bad, engineOk({ ...open, cols: bad, rows: 24 })]).toEqual([bad, false]);
    expect(engineOk({ ...open, cols: 80, rows: 0 })).toBe(false);
  });

  it('resize-session needs a session and both dimensions', () => {
    expect(engineToAgentSchema().parse(resize)).toEqual(resize);
    expect(engineOk({ ...resize, sessionId: undefined })).toBe(false);
    expect(engineOk({ type: 'resize-session', sessionId: 's1', cols: 120 })).toBe(false);
    expect(engineOk({ type: 'resize-session', sessionId: 's1', rows: 40 })).toBe(false);
    for (const bad of [0, 70000, 1.5, '120'])
      expect([bad, engineOk({ ...resize, cols: bad })]).toEqual([bad, false]);
  });
});

describe('patching', () => {
  const counts = {
    InstalledCount: 40,
    InstalledOtherCount: 1,
    InstalledPendingRebootCount: 0,
    InstalledRejectedCount: 0,
    MissingCount: 3,
    FailedCount: 0,
    NotApplicableCount: 14,
    UnreportedNotApplicableCount: 0,
    AvailableSecurityUpdateCount: 0,
    CriticalNonCompliantCount: 0,
    SecurityNonCompliantCount: 3,
    OtherNonCompliantCount: 0,
  };
  const report = {
    type: 'patch-report',
    instanceId: 'mi-0a1b2c3d4e5f60718',
    commandId: 'c',
    operation: 'Scan',
    snapshotId: 's',
    baselineId: 'pb-0123456789abcdef0',
    patchGroup: '',
    startMs: 1,
    endMs: 2,
    counts,
    patches: [
      {
        title: 'kernel.x86_64:0:6.1.76-1.amzn2023.0.4',
        kbId: 'kernel.x86_64',
        classification: 'Security',
        severity: 'Important',
        state: 'Missing',
        installedMs: 0,
        cveIds: ['CVE-2026-1234'],
        complianceLevel: 'UNSPECIFIED',
        security: true,
      },
    ],
  };

  it('patch-report carries the counts and patches; executionType defaults to Command', () => {
    const r = agentToEngineSchema().parse(report);
    expect(r).toMatchObject({ type: 'patch-report', executionType: 'Command', counts });
  });

  it('refuses a report with an unknown patch state or a negative count', () => {
    expect(agentOk({ ...report, patches: [{ ...report.patches[0], state: 'Gone' }] })).toBe(false);
    expect(agentOk({ ...report, counts: { ...counts, MissingCount: -1 } })).toBe(false);
  });

  it('deliver-command may carry the patch job (snapshot or error); old deliveries still pass', () => {
    const deliver = {
      type: 'deliver-command',
      commandId: 'c',
      documentName: 'AWS-RunPatchBaseline',
      steps: [],
    };
    expect(engineOk(deliver)).toBe(true);
    expect(engineOk({ ...deliver, patch: { region: 'us-east-1', error: '[ERROR]: no' } })).toBe(true);
    const baseline = {
      name: 'b',
      operatingSystem: 'AMAZON_LINUX_2023',
      globalFilters: [],
      approvalRules: [],
      approvedPatches: [],
      approvedPatchesComplianceLevel: 'UNSPECIFIED',
      approvedPatchesEnableNonSecurity: false,
      rejectedPatches: [],
      rejectedPatchesAction: 'ALLOW_AS_DEPENDENCY',
      sources: [],
    };
    const snapshot = {
      snapshotId: 's',
      operatingSystem: 'AMAZON_LINUX_2023',
      product: 'AmazonLinux2023',
      patchGroup: '',
      baselineId: 'pb-0123456789abcdef0',
      baseline,
    };
    expect(engineOk({ ...deliver, patch: { region: 'us-east-1', snapshot } })).toBe(true);
    expect(
      engineOk({ ...deliver, patch: { region: 'us-east-1', snapshot: { ...snapshot, baseline: {} } } }),
    ).toBe(false);
  });
});
