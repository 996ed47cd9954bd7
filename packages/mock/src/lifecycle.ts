import { readFileSync } from 'node:fs';

/** What stopped the CLI. */
export type StopReason = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'parent-exit';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** Launchers that run the CLI through a shell (`npm run`, `npx`: npm → `sh -c` → node). */
const SHELLS = new Set(['sh', 'dash', 'bash', 'zsh', 'ash', 'busybox']);
const POLL_MS = 500;

/**
 * Calls `stop` once on SIGINT, SIGTERM or SIGHUP, and when the process that started the CLI goes away — however
 * it was started. A signal sent to the first process only (a process manager signalling `npx` or `npm run`) does
 * not always reach the CLI: npm forwards SIGTERM to its `sh -c` child, which dies and leaves the CLI orphaned;
 * npm dies of SIGHUP and leaves the shell (and the CLI) behind. So the CLI also watches its ancestors up to the
 * first one that is not a shell: when any of them is re-parented (its parent died), the launcher is gone.
 * Output to a closed terminal or pipe is dropped rather than crashing the stop.
 */
export function stopWhenAsked(stop: (reason: StopReason) => void): void {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  for (const signal of SIGNALS) process.on(signal, () => stop(signal));
  const chain = launcherChain();
  const timer = setInterval(() => {
    if (!chainIntact(chain)) {
      clearInterval(timer);
      stop('parent-exit');
    }
  }, POLL_MS);
  timer.unref();
}

/** [child, parent] links from this process up to the first ancestor that is not a shell. */
interface Link {
  readonly pid: number;
  readonly parent: number;
}

function launcherChain(): Link[] {
  const chain: Link[] = [{ pid: process.pid, parent: process.ppid }];
  for (let i = 0; i < 4; i += 1) {
    const { parent } = chain[chain.length - 1]!;
    const info = processInfo(parent);
    if (!info || !SHELLS.has(info.name) || info.parent <= 1) break;
    chain.push({ pid: parent, parent: info.parent });
  }
  return chain;
}

function chainIntact(chain: readonly Link[]): boolean {
  if (process.ppid !== chain[0]!.parent) return false;
  for (const link of chain.slice(1)) if (processInfo(link.pid)?.parent !== link.parent) return false;
  return true;
}

/** Name and parent of a process from /proc (Linux); undefined elsewhere or when it is gone. */
function processInfo(pid: number): { name: string; parent: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses; the last ')' ends it.
    const close = stat.lastIndexOf(')');
    const name = stat.slice(stat.indexOf('(') + 1, close);
    const parent = Number(stat.slice(close + 2).split(' ')[1]);
    return Number.isInteger(parent) ? { name, parent } : undefined;
  } catch {
    return undefined;
  }
}
