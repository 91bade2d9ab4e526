// A terminal's cooked mode for shells without a pty (scripted nodes, shells on pipes): the plugin puts the
// user's terminal in `cbreak -echo`, so the node side must echo, edit the line and turn \n into \r\n.

export interface LineDisciplineOutput {
  /** Bytes for the user's terminal. */
  toTerminal(data: Buffer): void;
  /** A finished line (with its \n) for the shell. */
  toShell(line: string): void;
  /** Ctrl-D on an empty line. */
  endOfInput(): void;
}

const BS = 0x08;
const DEL = 0x7f;
const CTRL_C = 0x03;
const CTRL_D = 0x04;
const CTRL_U = 0x15;
const CTRL_W = 0x17;
const ESC = 0x1b;

export class LineDiscipline {
  private line = '';
  private escape = 0;

  constructor(private readonly out: LineDisciplineOutput) {}

  /** Keystrokes from the user. */
  input(data: Buffer): void {
    let echo = '';
    const flush = () => {
      if (echo) this.out.toTerminal(Buffer.from(echo, 'utf8'));
      echo = '';
    };
    for (const ch of data.toString('utf8')) {
      const c = ch.codePointAt(0)!;
      if (this.escape > 0) {
        // Arrow keys and friends (ESC [ X): no history or cursor movement, so swallow them.
        this.escape = c === 0x5b && this.escape === 1 ? 2 : 0;
        continue;
      }
      if (c === ESC) this.escape = 1;
      else if (c === 0x0d || c === 0x0a) {
        echo += '\r\n';
        flush();
        const line = this.line;
        this.line = '';
        this.out.toShell(`${line}\n`);
      } else if (c === DEL || c === BS) {
        if (this.line) {
          this.line = [...this.line].slice(0, -1).join('');
          echo += '\b \b';
        }
      } else if (c === CTRL_U || c === CTRL_W) {
        const keep = c === CTRL_W ? this.line.replace(/\S+\s*$/, '') : '';
        echo += '\b \b'.repeat([...this.line].length - [...keep].length);
        this.line = keep;
      } else if (c === CTRL_C) {
        echo += '^C\r\n';
        flush();
        this.line = '';
        this.out.toShell('\n'); // an empty line: the shell prints a fresh prompt
      } else if (c === CTRL_D) {
        if (!this.line) {
          flush();
          this.out.endOfInput();
          return;
        }
      } else if (c >= 0x20) {
        this.line += ch;
        echo += ch;
      }
    }
    flush();
  }

  /** Output of the shell for the terminal: bare \n become \r\n. */
  static toTerminal(data: Buffer): Buffer {
    return Buffer.from(data.toString('utf8').replace(/\r?\n/g, '\r\n'), 'utf8');
  }
}
