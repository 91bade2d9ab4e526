// A 10-step runbook targeted at 500 scripted nodes with MaxConcurrency 50 (issue #8): time until the parent
// execution is final, and API latency meanwhile (GetAutomationExecution of the parent, back to back).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fmt, percentile } from '../lib/report.mjs';
import { describeFailure, ssmClient } from '../lib/ssm.mjs';

const NODES = 500;
const CONCURRENCY = '50';
const FINAL = new Set(['Success', 'Failed', 'Cancelled', 'TimedOut']);
const POLL_MS = 50;

// Ten steps of the kinds real runbooks chain: commands on the node, SSM API calls, a branch, short sleeps.
const RUNBOOK = {
  schemaVersion: '0.3',
  parameters: { InstanceId: { type: 'String' } },
  mainSteps: [
    cmd('preCheck', 'uptime'),
    api('readConfig', 'GetParameter', { Name: '/bench/config' }, [
      { Name: 'Mode', Selector: '$.Parameter.Value', Type: 'String' },
    ]),
    {
      name: 'choose',
      action: 'aws:branch',
      inputs: {
        Choices: [{ NextStep: 'install', Variable: '{{ readConfig.Mode }}', StringEquals: 'install' }],
        Default: 'install',
      },
    },
    cmd('install', 'yum install -y example'),
    { name: 'settle', action: 'aws:sleep', inputs: { Duration: 'PT0S' } },
    cmd('configure', 'echo configured'),
    api('describe', 'DescribeInstanceInformation', {
      Filters: [{ Key: 'InstanceIds', Values: ['{{ InstanceId }}'] }],
    }),
    cmd('restart', 'systemctl restart example'),
    { name: 'wait', action: 'aws:sleep', inputs: { Duration: 'PT0S' } },
    cmd('verify', 'echo ok'),
  ],
};

function cmd(name, command) {
  return {
    name,
    action: 'aws:runCommand',
    inputs: {
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: ['{{ InstanceId }}'],
      Parameters: { commands: [command] },
    },
  };
}

function api(name, Api, params, outputs) {
  return { name, action: 'aws:executeAwsApi', inputs: { Service: 'ssm', Api, ...params }, outputs };
}

export default {
  name: 'automation',
  description: `a 10-step runbook targeted at ${NODES} scripted nodes, MaxConcurrency ${CONCURRENCY}: time to final; API latency meanwhile`,
  async run(ctx) {
    const dir = mkdtempSync(join(os.tmpdir(), 'ssm-bench-auto-'));
    const rows = [];
    const notes = [];
    const raw = [];
    try {
      const fleet = join(dir, 'fleet.yaml');
      writeFileSync(
        fleet,
        `version: 1\ngroups:\n  - namePrefix: au\n    count: ${NODES}\n    os: amazon-linux-2023\n    tags: { Group: bench }\n`,
      );
      await ctx.waitIdle();
      const server = await ctx.servers.startEmulatorWithFleet(fleet);
      try {
        const r = await fanOut(server);
        raw.push(r);
        if (r.failure) notes.push(r.failure);
        else
          rows.push([
            fmt.int(NODES),
            CONCURRENCY,
            (r.ms / 1000).toFixed(2),
            r.status,
            fmt.int(r.children),
            fmt.int(r.steps),
            fmt.int(r.samples),
            fmt.ms(r.p50),
            fmt.ms(r.p99),
            fmt.mb(r.rss.rssMb),
          ]);
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    notes.push(
      `StartAutomationExecution of a 10-step runbook (5 aws:runCommand, 2 aws:executeAwsApi, aws:branch, 2 aws:sleep) with Targets tag:Group=bench (${NODES} scripted nodes), TargetParameterName InstanceId, MaxConcurrency ${CONCURRENCY}; done = the parent's status is final (polled every ${POLL_MS} ms). Meanwhile another connection calls GetAutomationExecution on the parent back to back; its latency is reported. The issue sets no number: these are reported values.`,
    );
    return {
      title: 'automation: a 10-step runbook at rate control',
      tables: [
        {
          columns: [
            'nodes',
            'MaxConcurrency',
            'seconds to final',
            'status',
            'child executions',
            'steps run',
            'GetAutomationExecution calls',
            'p50 ms',
            'p99 ms',
            'RSS MB',
          ],
          rows,
        },
      ],
      checks: [],
      notes,
      raw,
    };
  },
};

async function fanOut(server) {
  const client = ssmClient(server.endpoint, { maxSockets: 2 });
  const reader = ssmClient(server.endpoint, { maxSockets: 1 });
  try {
    await client.call('PutParameter', { Name: '/bench/config', Value: 'install', Type: 'String' });
    const created = await client.call('CreateDocument', {
      Name: 'BenchTenSteps',
      DocumentType: 'Automation',
      Content: JSON.stringify(RUNBOOK),
    });
    if (created.status !== 200) return { failure: `CreateDocument: ${describeFailure(created)}` };
    const t0 = performance.now();
    const started = await client.call('StartAutomationExecution', {
      DocumentName: 'BenchTenSteps',
      TargetParameterName: 'InstanceId',
      Targets: [{ Key: 'tag:Group', Values: ['bench'] }],
      MaxConcurrency: CONCURRENCY,
      MaxErrors: '0',
    });
    if (started.status !== 200) return { failure: `StartAutomationExecution: ${describeFailure(started)}` };
    const id = started.json.AutomationExecutionId;
    let done = false;
    const latencies = [];
    const sampling = (async () => {
      while (!done) {
        const res = await reader.call('GetAutomationExecution', { AutomationExecutionId: id });
        latencies.push(res.ms);
      }
    })();
    let execution;
    for (;;) {
      const res = await client.call('GetAutomationExecution', { AutomationExecutionId: id });
      execution = res.json?.AutomationExecution;
      if (execution && FINAL.has(execution.AutomationExecutionStatus)) break;
      if (performance.now() - t0 > 300_000) {
        done = true;
        await sampling;
        return { failure: `not final after 300 s: ${execution?.AutomationExecutionStatus}` };
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const ms = performance.now() - t0;
    done = true;
    await sampling;
    // Every child ran all ten steps: count them from one child to report the work done.
    const child = await client.call('GetAutomationExecution', {
      AutomationExecutionId: (
        await client.call('DescribeAutomationExecutions', {
          Filters: [{ Key: 'ParentExecutionId', Values: [id] }],
          MaxResults: 1,
        })
      ).json.AutomationExecutionMetadataList[0].AutomationExecutionId,
    });
    const perChild = child.json.AutomationExecution.StepExecutions.filter(
      (s) => s.StepStatus === 'Success',
    ).length;
    return {
      ms,
      status: execution.AutomationExecutionStatus,
      children: execution.StepExecutions.length,
      steps: execution.StepExecutions.length * perChild,
      samples: latencies.length,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      rss: server.rss(),
    };
  } finally {
    client.close();
    reader.close();
  }
}
