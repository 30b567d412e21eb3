import { UsageError } from "./sources.js";

/**
 * A side could not be produced: the published base could not be read, or the generate command
 * failed. Exit status 2 like a usage error (the check could not run, so it never passes
 * silently), but the command line itself was fine, so no "see --help" hint follows it.
 */
export class SourceError extends UsageError {}
