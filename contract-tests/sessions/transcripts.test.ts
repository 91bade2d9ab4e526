// Session logging: with an S3 bucket (and a CloudWatch log group) in the Session Manager preferences, the
// transcript lands where the session's S3OutputUrl says, in the data dir's S3 layout, as command outputs do.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DescribeSessionsCommand,
  StartSessionCommand,
  TerminateSessionCommand,
  UpdateDocumentCommand,
  UpdateDocumentDefaultVersionCommand,
} from '@aws-sdk/client-ssm';
import { expect, it } from 'vitest';
import { useServer } from '../helpers/server.js';
import { SessionClient } from './client/session-client.js';

const server = useServer();

it('writes the transcript to <root>/s3/<bucket>/<key> of S3OutputUrl and to the CloudWatch group', async () => {
  const ssm = server.ssm;
  const prefs = JSON.stringify({
    schemaVersion: '1.0',
    sessionType: 'Standard_Stream',
    inputs: {
      s3BucketName: 'session-logs-bucket',
      s3KeyPrefix: 'sessions/',
      s3EncryptionEnabled: false,
      cloudWatchLogGroupName: 'session-group',
      cloudWatchEncryptionEnabled: false,
    },
  });
  const r = await ssm.send(
    new UpdateDocumentCommand({
      Name: 'SSM-SessionManagerRunShell',
      Content: prefs,
      DocumentVersion: '$LATEST',
    }),
  );
  await ssm.send(
    new UpdateDocumentDefaultVersionCommand({
      Name: 'SSM-SessionManagerRunShell',
      DocumentVersion: r.DocumentDescription!.DocumentVersion!,
    }),
  );
  const s = await ssm.send(new StartSessionCommand({ Target: 'i-0123456789abcdef0' }));
  const client = await SessionClient.open(s.StreamUrl!, s.TokenValue!);
  await client.waitForText('sh-5.2$ ');
  client.type('echo transcript-line\r');
  await client.waitForText('transcript-line\r\nsh-5.2$ ');
  await ssm.send(new TerminateSessionCommand({ SessionId: s.SessionId }));
  await client.waitClosed();
  client.close();

  const history = await ssm.send(
    new DescribeSessionsCommand({ State: 'History', Filters: [{ key: 'SessionId', value: s.SessionId! }] }),
  );
  const url = history.Sessions![0].OutputUrl!.S3OutputUrl!;
  expect(url).toBe(`https://session-logs-bucket.s3.amazonaws.com/sessions/${s.SessionId}.log`);
  const root = server.emulator.services.files.dir;
  const s3File = join(root, 's3', 'session-logs-bucket', 'sessions', `${s.SessionId}.log`);
  const cwFile = join(root, 'cloudwatch', 'session-group', s.SessionId!);
  for (const file of [s3File, cwFile]) {
    expect(existsSync(file), file).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('transcript-line');
  }
});
