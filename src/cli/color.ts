/**
 * Whether the text report is colored, by the conventions terminals and CI services share (the
 * same as Node's own): FORCE_COLOR set to anything but `0`/`false` forces colors (CI logs that
 * render ANSI but are no TTY), `FORCE_COLOR=0` or a non-empty NO_COLOR (https://no-color.org)
 * turns them off, else a terminal other than TERM=dumb gets them.
 */
export function useColor(tty: boolean, env: Record<string, string | undefined>): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  if (env.NO_COLOR) return false;
  return tty && env.TERM !== "dumb";
}
