// Where the emulator writes files (command outputs, session transcripts, shell sandboxes): the data dir, or with
// --in-memory one temporary folder, made on first use and removed when the emulator stops, so nothing stays.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export class FileRoot {
  private temp: string | undefined;
  private readonly removeAtExit = () => this.close();

  constructor(private readonly opts: { dataDir: string; inMemory: boolean }) {}

  /** The folder; in memory mode it is created by the first caller. */
  get dir(): string {
    if (!this.opts.inMemory) return resolve(this.opts.dataDir);
    if (this.temp === undefined) {
      this.temp = mkdtempSync(join(tmpdir(), `ssm-emulator-${process.pid}-`));
      // Also when the process ends without close() (an uncaught error, process.exit): exit handlers run sync code.
      process.once('exit', this.removeAtExit);
    }
    return this.temp;
  }

  /** Removes the temporary folder (a data dir is left alone). */
  close(): void {
    if (this.temp === undefined) return;
    process.off('exit', this.removeAtExit);
    rmSync(this.temp, { recursive: true, force: true });
    this.temp = undefined;
  }
}
