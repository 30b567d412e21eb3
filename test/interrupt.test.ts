import { describe, expect, it } from "vitest";
import { onInterrupt, undoOnInterrupt } from "../src/interrupt.js";

/**
 * What a stopped run undoes (src/interrupt.ts). The signals themselves are tested where they
 * matter: test/ord/generate.test.ts stops the CLI, test/e2e/sources.test.ts the Action.
 */
describe("undo on interrupt", () => {
  it("runs what is registered once, the newest first, and not what was forgotten", () => {
    const done: string[] = [];
    onInterrupt(() => done.push("remove the worktree"));
    const forget = onInterrupt(() => done.push("a command that already ended"));
    onInterrupt(() => done.push("end the command"));
    forget();
    undoOnInterrupt();
    undoOnInterrupt();
    expect(done).toEqual(["end the command", "remove the worktree"]);
  });

  it("runs the rest when one fails", () => {
    const done: string[] = [];
    onInterrupt(() => done.push("remove the worktree"));
    onInterrupt(() => {
      throw new Error("the process is gone");
    });
    undoOnInterrupt();
    expect(done).toEqual(["remove the worktree"]);
  });
});
