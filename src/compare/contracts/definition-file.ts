import { parseData, type ParsedData } from "./data.js";

/**
 * One side's definition file: its bytes decoded from UTF-8 once and parsed once, however many
 * steps read it (the diff, the locator, `info.version`). A 13 MB OpenAPI file was decoded up to
 * three times and parsed twice per run.
 */
export class DefinitionFile {
  #text: string | undefined;
  #data: ParsedData | undefined;

  constructor(readonly bytes: Buffer) {}

  get text(): string {
    return (this.#text ??= this.bytes.toString("utf8"));
  }

  /** The data (JSON or YAML), parsed on first use; see parseData. */
  get data(): ParsedData {
    return (this.#data ??= parseData(this.text));
  }

  /** Whether the data was parsed already (reading it then costs nothing). */
  get parsed(): boolean {
    return this.#data !== undefined;
  }
}

/** The text of a definition given as text or as a file. */
export const textOf = (file: string | DefinitionFile): string =>
  typeof file === "string" ? file : file.text;

/** The data of a definition given as text or as a file (parsed once for a file). */
export const dataOf = (file: string | DefinitionFile): ParsedData =>
  typeof file === "string" ? parseData(file) : file.data;
