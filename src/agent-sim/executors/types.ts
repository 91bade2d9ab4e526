// What plugin runners ask an executor: run one script, return its output and exit code.

export interface ScriptRun {
  script: string;
  shell: 'sh' | 'powershell';
  /** As the document gives it (a path on the node); '' means the agent's default. */
  workingDirectory: string;
  timeoutSeconds: number;
  /** 0 for the first run, then 1, 2... for the runs after a reboot (AWS reruns the script after exit 194/3010). */
  attempt: number;
  env: Record<string, string>;
  /** The command and step it belongs to: the agent writes the script under its orchestration folder. */
  commandId?: string;
  stepName?: string;
}

export interface ScriptOutcome {
  stdout: string;
  stderr: string;
  exitCode: number;
  timedOut: boolean;
  cancelled: boolean;
  /** The interpreter could not be started (amazon-ssm-agent: "failed to run commands: <this>"). */
  launchError?: string;
}

export interface Executor {
  run(run: ScriptRun, signal: AbortSignal): Promise<ScriptOutcome>;
}
