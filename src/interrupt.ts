/**
 * What a run must undo when it is stopped (Ctrl-C, a cancelled GitHub job: SIGINT, then SIGTERM)
 * before it finishes: the generate command's process group and the base worktree
 * (docs/sources.md, "Generated documents"). Node's default on these signals exits at once and
 * runs no `finally`, so whatever starts something outside the process registers here how to undo
 * it, and forgets it once undone; the entries (the CLI, the Action) call exitOnSignals once.
 */

const pending = new Set<() => void>();

/**
 * Registers `undo` (synchronous: nothing asynchronous runs once a signal arrived) to run if the
 * run is stopped; returns the function that forgets it.
 */
export function onInterrupt(undo: () => void): () => void {
  pending.add(undo);
  return () => pending.delete(undo);
}

/** Runs every registered undo once, the newest first (the command dies before its worktree). */
export function undoOnInterrupt(): void {
  for (const undo of [...pending].reverse()) {
    pending.delete(undo);
    try {
      undo();
    } catch {
      // The rest must still run.
    }
  }
}

/** The shell's convention: 128 + the signal's number. SIGHUP: the terminal was closed. */
const EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;

let installed = false;

/**
 * On SIGHUP, SIGINT or SIGTERM: undo what is registered, then die of the same signal. A caller
 * must see a signal, not an exit code: a shell loop stops on a child killed by SIGINT and goes on
 * after one that exited 130. The shell still shows 129, 130 or 143, which is the exit code on
 * Windows, where a signal cannot be raised again.
 */
export function exitOnSignals(): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of Object.entries(EXIT_CODES)) {
    process.on(signal, () => {
      undoOnInterrupt();
      // Without a listener the signal has its default effect again: it ends the process. Not on
      // Windows, where raising it ends the process with exit code 1 (a failed check) or throws.
      if (process.platform !== "win32") {
        process.removeAllListeners(signal);
        process.kill(process.pid, signal);
      }
      process.exit(code);
    });
  }
}
