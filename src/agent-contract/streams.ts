// A byte stream of a session on a node (a shell, a forwarded port), as each side of the contract holds it: the
// engine's end talks to an agent through the fleet, the agent's end to a process, a socket or a simulation.

/** Where a stream's bytes go, and the one report that it ended. */
export interface StreamSink {
  onData(data: Buffer): void;
  /** Called at most once; not promised after the holder closed the stream itself. */
  onEnd(reason: string): void;
}

export interface NodeStream {
  write(data: Buffer): void;
  resize(cols: number, rows: number): void;
  close(): void;
  /** Stop producing output until resume() (the client is behind); streams that cannot pause omit these. */
  pause?(): void;
  resume?(): void;
}
