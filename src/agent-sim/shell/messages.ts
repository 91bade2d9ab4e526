// just-bash words its own diagnostics as an interactive bash ("bash: foo: command not found"). SSM Agent
// runs a Run Command script as `sh -c <orchestration dir>/_script.sh` (amazon-ssm-agent runscript plugin):
// the file has no shebang, so sh runs it itself and prefixes diagnostics with the script's path and line.
// /bin/sh is bash in POSIX mode on Amazon Linux, RHEL and macOS ("…/_script.sh: line 1: foo: command not
// found") and dash on Ubuntu ("…/_script.sh: 1: foo: not found"). A session's shell is that same sh,
// interactive ("sh: foo: command not found", dash: "sh: 1: foo: not found").
import type { OsTraits } from './os-traits.js';

const DIAGNOSTIC = /^bash: (.*)$/gm;
const NOT_FOUND = /^(.*): command not found$/;

/** Diagnostics of a script file, with the line of the command each one names (found in the script). */
export function scriptWording(stderr: string, traits: OsTraits, path: string, script: string): string {
  if (!stderr.includes('bash: ')) return stderr;
  const lines = script.split('\n');
  let cursor = 0;
  return stderr.replace(DIAGNOSTIC, (_, rest: string) => {
    const line = lineOf(lines, rest.split(':')[0], cursor);
    cursor = line - 1;
    return `${path}: ${traits.sh === 'dash' ? '' : 'line '}${line}: ${dashed(rest, traits)}`;
  });
}

/** Diagnostics of an interactive sh; lineNo counts the lines the session has read (dash shows it). */
export function interactiveWording(stderr: string, traits: OsTraits, lineNo: number): string {
  if (!stderr.includes('bash: ')) return stderr;
  return stderr.replace(DIAGNOSTIC, (_, rest: string) =>
    traits.sh === 'dash' ? `sh: ${lineNo}: ${dashed(rest, traits)}` : `sh: ${rest}`,
  );
}

function dashed(rest: string, traits: OsTraits): string {
  return traits.sh === 'dash' ? rest.replace(NOT_FOUND, '$1: not found') : rest;
}

/** 1-based line of the first line from `from` on that names `word` as a word (else from the start). */
function lineOf(lines: string[], word: string, from: number): number {
  if (!word) return from + 1;
  const re = new RegExp(
    `(^|[\\s;&|(){}!\`'"])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[\\s;&|(){}\`'":])`,
  );
  for (let i = from; i < lines.length; i++) if (re.test(lines[i])) return i + 1;
  for (let i = 0; i < from; i++) if (re.test(lines[i])) return i + 1;
  return from + 1;
}
