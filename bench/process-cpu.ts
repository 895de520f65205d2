/**
 * CPU time used by a process and by all its descendants (the embedded PostgreSQL and its backends are
 * descendants of the server process), read from /proc: shows where a request's cost goes, which stays
 * meaningful on a shared machine where throughput does not.
 */
import fs from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

interface ProcStat {
  pid: number;
  ppid: number;
  cpuMs: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name may contain spaces and parentheses: fields start after the last ')'
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
  } catch {
    return undefined;
  }
}

export interface TreeCpu {
  /** The root process itself */
  self: number;
  /** Every live descendant */
  descendants: number;
}

export function treeCpu(rootPid: number): TreeCpu {
  const all = fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is ProcStat => stat !== undefined);
  const children = new Map<number, ProcStat[]>();
  for (const stat of all) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  let descendants = 0;
  const queue = [...(children.get(rootPid) ?? [])];
  while (queue.length > 0) {
    const next = queue.pop()!;
    descendants += next.cpuMs;
    queue.push(...(children.get(next.pid) ?? []));
  }
  return { self: readStat(rootPid)?.cpuMs ?? 0, descendants };
}

/** CPU milliseconds per request spent by the server process and by its descendants between two readings. */
export function cpuPerRequest(before: TreeCpu, after: TreeCpu, requests: number) {
  return {
    serverMs: (after.self - before.self) / requests,
    databaseMs: (after.descendants - before.descendants) / requests,
  };
}
