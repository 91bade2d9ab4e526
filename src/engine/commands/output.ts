// Command output written where AWS would put it: an S3 bucket becomes a local folder `<root>/s3/<bucket>/<key>`,
// a CloudWatch log group `<root>/cloudwatch/<group>/<stream>` (root = the data dir; a temp dir in memory mode).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileRoot } from '../files.js';
import type { Logger } from '../logger.js';
import type { StoredCommand, StoredInvocation } from './types.js';

export class OutputSink {
  constructor(private readonly root: Pick<FileRoot, 'dir'>) {}

  /** The folder under which `s3/` and `cloudwatch/` live. */
  get rootDir(): string {
    return this.root.dir;
  }

  s3Path(bucket: string, key: string): string {
    return join(this.rootDir, 's3', bucket, ...key.split('/').filter((p) => p && p !== '..' && p !== '.'));
  }

  writeS3(bucket: string, key: string, content: string): void {
    const p = this.s3Path(bucket, key);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, content);
  }

  /** An object of the local S3 layout; undefined when there is none (AWS: NoSuchKey). */
  readS3(bucket: string, key: string): string | undefined {
    try {
      return readFileSync(this.s3Path(bucket, key), 'utf8');
    } catch {
      return undefined;
    }
  }

  cloudWatchPath(group: string, stream: string): string {
    const safe = (s: string) => s.split('/').filter((p) => p && p !== '..' && p !== '.');
    return join(this.rootDir, 'cloudwatch', ...safe(group), ...safe(stream));
  }

  writeLog(group: string, stream: string, content: string): void {
    const p = this.cloudWatchPath(group, stream);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, content);
  }
}

/** AWS: `prefix/commandId/instanceId/awsrunShellScript/0.awsrunShellScript/stdout`; an empty prefix adds nothing. */
export function outputKey(prefix: string, ...parts: string[]): string {
  return [prefix.replace(/\/+$/, ''), ...parts].filter((p) => p !== '').join('/');
}

/** The URL AWS reports for an output object (virtual-hosted style is not used in StandardOutputUrl). */
export function s3Url(region: string, bucket: string, key: string): string {
  return `https://s3.${region}.amazonaws.com/${bucket}/${key}`;
}

/** Writes a finished invocation's plugin output where the command asked (bucket folder, CloudWatch group). */
export function writeInvocationOutputs(
  sink: OutputSink,
  log: Logger,
  cmd: StoredCommand,
  outputDirs: { plugin: string; step: string }[],
  inv: StoredInvocation,
): void {
  const bucket = cmd.outputS3BucketName;
  const cw = cmd.cloudWatchOutputConfig;
  inv.plugins.forEach((p, i) => {
    const dir = outputDirs[i];
    if (bucket) {
      const base = outputKey(cmd.outputS3KeyPrefix, cmd.commandId, inv.instanceId, dir.plugin, dir.step);
      try {
        // The agent uploads only non-empty output (amazon-ssm-agent iomodule/fileS3.go: `fi.Size() > 0`), but the
        // service reports both URLs whenever the command has a bucket.
        if (p.stdout) sink.writeS3(bucket, `${base}/stdout`, p.stdout);
        if (p.stderr) sink.writeS3(bucket, `${base}/stderr`, p.stderr);
        p.standardOutputUrl = s3Url(cmd.outputS3Region, bucket, `${base}/stdout`);
        p.standardErrorUrl = s3Url(cmd.outputS3Region, bucket, `${base}/stderr`);
      } catch (err) {
        log.error({ err, commandId: cmd.commandId }, 'writing command output failed');
      }
    }
    if (cw.CloudWatchOutputEnabled) {
      // UG "Configuring Amazon CloudWatch Logs for Run Command": default group /aws/ssm/<DocumentName>,
      // streams <CommandId>/<InstanceId>/<PluginName>/stdout|stderr.
      const group = cw.CloudWatchLogGroupName || `/aws/ssm/${cmd.documentName}`;
      const stream = `${cmd.commandId}/${inv.instanceId}/${dir.plugin}`;
      try {
        if (p.stdout) sink.writeLog(group, `${stream}/stdout`, p.stdout);
        if (p.stderr) sink.writeLog(group, `${stream}/stderr`, p.stderr);
      } catch (err) {
        log.error({ err, commandId: cmd.commandId }, 'writing command logs failed');
      }
    }
  });
}

/**
 * The bucket and key of an S3 location as documents take them: `s3://bucket/key`, or an https URL in path style
 * (`https://s3.amazonaws.com/bucket/key`, `https://s3.us-east-1.amazonaws.com/bucket/key`, also `s3.dualstack.`)
 * or virtual-hosted style (`https://bucket.s3.us-east-1.amazonaws.com/key`). Undefined for anything else.
 */
export function s3Location(url: string): { bucket: string; key: string } | undefined {
  const s3 = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  if (s3) return { bucket: s3[1], key: s3[2] };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:') return undefined;
  const path = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (/^s3([.-](dualstack\.)?[a-z0-9-]+)?\.amazonaws\.com$/.test(u.hostname)) {
    const slash = path.indexOf('/');
    return slash > 0 ? { bucket: path.slice(0, slash), key: path.slice(slash + 1) } : undefined;
  }
  const hosted = /^(.+)\.s3([.-][a-z0-9-]+)?\.amazonaws\.com$/.exec(u.hostname);
  return hosted && path ? { bucket: hosted[1], key: path } : undefined;
}
