// The environment SSM Agent's children inherit: the service manager's, which sets PATH and LANG but no HOME
// or USER for a system service (so Run Command scripts run without HOME: amazon-ssm-agent
// executers_unix.go adds HOME=/ only for PowerShell).
import { isMac, type ShellHost } from './host.js';

export function agentEnv(host: ShellHost): Record<string, string> {
  const path = isMac(host)
    ? '/usr/bin:/bin:/usr/sbin:/sbin'
    : host.profile.os === 'amazon-linux-2'
      ? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
      : '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin';
  return { PATH: path, LANG: 'C.UTF-8' };
}
