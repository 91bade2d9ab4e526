// Package versions as the package managers compare them: rpm's rpmvercmp (YUM/DNF, zypper) and dpkg's
// version comparison (APT), so "installed is older than the approved update" means what it means on a node.

export interface PackageVersion {
  epoch: number;
  version: string;
  /** Absent when a node reports only the upstream version (then only versions are compared). */
  release?: string;
}

/** `[epoch:]version[-release]`; the release is what follows the last hyphen. */
export function parseVersion(text: string): PackageVersion {
  let rest = text.trim();
  let epoch = 0;
  const colon = rest.indexOf(':');
  if (colon > 0 && /^\d+$/.test(rest.slice(0, colon))) {
    epoch = Number(rest.slice(0, colon));
    rest = rest.slice(colon + 1);
  }
  const dash = rest.lastIndexOf('-');
  if (dash > 0) return { epoch, version: rest.slice(0, dash), release: rest.slice(dash + 1) };
  return { epoch, version: rest };
}

export function formatVersion(v: PackageVersion, withEpoch = false): string {
  const core = v.release === undefined ? v.version : `${v.version}-${v.release}`;
  return withEpoch || v.epoch ? `${v.epoch}:${core}` : core;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const TILDE = 126;
const CARET = 94;

/** rpmvercmp: alternating numeric and alphabetic segments; `~` sorts before anything, `^` after the base. */
export function rpmVerCmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  const sep = (s: string, k: number) => {
    const c = s.charCodeAt(k);
    return k < s.length && !isDigit(c) && !isAlpha(c) && c !== TILDE && c !== CARET;
  };
  for (;;) {
    while (sep(a, i)) i++;
    while (sep(b, j)) j++;
    const ca = i < a.length ? a.charCodeAt(i) : -1;
    const cb = j < b.length ? b.charCodeAt(j) : -1;
    if (ca === TILDE || cb === TILDE) {
      if (ca !== TILDE) return 1;
      if (cb !== TILDE) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === CARET || cb === CARET) {
      if (ca === -1) return -1;
      if (cb === -1) return 1;
      if (ca !== CARET) return 1;
      if (cb !== CARET) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === -1 || cb === -1) break;
    const numeric = isDigit(ca);
    const same = numeric ? isDigit : isAlpha;
    let ei = i;
    while (ei < a.length && same(a.charCodeAt(ei))) ei++;
    let ej = j;
    while (ej < b.length && same(b.charCodeAt(ej))) ej++;
    if (ej === j) return numeric ? 1 : -1; // a numeric segment is newer than an alphabetic one
    if (numeric) {
      // Leading zeros do not count; then the longer number is the larger.
      while (i < ei - 1 && a.charCodeAt(i) === 48) i++;
      while (j < ej - 1 && b.charCodeAt(j) === 48) j++;
      if (ei - i !== ej - j) return ei - i > ej - j ? 1 : -1;
    }
    const sa = a.slice(i, ei);
    const sb = b.slice(j, ej);
    i = ei;
    j = ej;
    if (sa !== sb) return sa > sb ? 1 : -1;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

/** dpkg's order of one non-digit character: `~` before the end, the end before letters, letters before the rest. */
function dpkgOrder(s: string, k: number): number {
  const c = s.charCodeAt(k);
  if (c === TILDE) return -1;
  return isAlpha(c) ? c : c + 256;
}

/** dpkg's comparison of one version part: letters before non-letters, `~` before everything. */
function dpkgPartCmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  const textA = () => i < a.length && !isDigit(a.charCodeAt(i));
  const textB = () => j < b.length && !isDigit(b.charCodeAt(j));
  while (i < a.length || j < b.length) {
    while (textA() || textB()) {
      const ta = textA();
      const tb = textB();
      const d = (ta ? dpkgOrder(a, i) : 0) - (tb ? dpkgOrder(b, j) : 0);
      if (d) return d > 0 ? 1 : -1;
      if (ta) i++;
      if (tb) j++;
    }
    let na = 0;
    let nb = 0;
    while (i < a.length && isDigit(a.charCodeAt(i))) na = na * 10 + (a.charCodeAt(i++) - 48);
    while (j < b.length && isDigit(b.charCodeAt(j))) nb = nb * 10 + (b.charCodeAt(j++) - 48);
    if (na !== nb) return na > nb ? 1 : -1;
  }
  return 0;
}

export type VersionScheme = 'rpm' | 'deb';

/** Compares two versions; a side without a release compares on epoch and version only. */
export function compareVersions(a: PackageVersion, b: PackageVersion, scheme: VersionScheme): number {
  if (a.epoch !== b.epoch) return a.epoch > b.epoch ? 1 : -1;
  const cmp = scheme === 'rpm' ? rpmVerCmp : dpkgPartCmp;
  const v = cmp(a.version, b.version);
  if (v !== 0 || a.release === undefined || b.release === undefined) return v;
  return cmp(a.release, b.release);
}
