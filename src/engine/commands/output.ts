// Command output written where AWS would put it: an S3 bucket becomes a local folder `<root>/s3/<bucket>/<key>`,
// a CloudWatch log group `<root>/cloudwatch/<group>/<stream>` (root = the data dir; a temp dir in memory mode).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileRoot } from '../files.js';

export class OutputSink {
  constructor(private readonly root: FileRoot) {}

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
