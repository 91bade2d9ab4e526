// The account's Session Manager preferences: the SSM-SessionManagerRunShell document (the account's own
// copy after UpdateDocument/CreateDocument, else AWS's), read when a session starts.
import type { Store } from '../../store/index.js';
import { loadDocument } from '../documents/index.js';
import { DEFAULT_IDLE_TIMEOUT_MINUTES, MAX_SESSION_DURATION_MINUTES } from './limits.js';

export const PREFERENCES_DOCUMENT = 'SSM-SessionManagerRunShell';

export interface SessionPreferences {
  idleTimeoutMinutes: number;
  /** Undefined: no limit. */
  maxDurationMinutes?: number;
  s3BucketName?: string;
  s3KeyPrefix?: string;
  cloudWatchLogGroupName?: string;
  runAsEnabled: boolean;
  runAsDefaultUser?: string;
  shellProfileLinux?: string;
}

export function sessionPreferences(
  store: Store,
  scope: { account: string; region: string },
): SessionPreferences {
  const loaded = loadDocument(store, scope, PREFERENCES_DOCUMENT);
  const inputs = loaded?.version && loaded.parsed.kind === 'Session' ? loaded.parsed.inputs : {};
  const str = (k: string) => {
    const v = inputs[k];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const minutes = (k: string, max: number) => {
    const n = Number(str(k));
    return Number.isInteger(n) && n >= 1 && n <= max ? n : undefined;
  };
  const profile = inputs.shellProfile as { linux?: unknown } | undefined;
  return {
    // Preferences allow an idle timeout of 1-60 minutes and a maximum duration of 1-1440 minutes.
    idleTimeoutMinutes: minutes('idleSessionTimeout', 60) ?? DEFAULT_IDLE_TIMEOUT_MINUTES,
    maxDurationMinutes: minutes('maxSessionDuration', MAX_SESSION_DURATION_MINUTES),
    s3BucketName: str('s3BucketName'),
    s3KeyPrefix: str('s3KeyPrefix'),
    cloudWatchLogGroupName: str('cloudWatchLogGroupName'),
    runAsEnabled: inputs.runAsEnabled === true || inputs.runAsEnabled === 'true',
    runAsDefaultUser: str('runAsDefaultUser'),
    shellProfileLinux: typeof profile?.linux === 'string' && profile.linux ? profile.linux : undefined,
  };
}
