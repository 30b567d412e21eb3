import { isUtf8 } from "node:buffer";
import { parseData, type ParsedData } from "./data.js";

/**
 * One side's definition file: its bytes decoded from UTF-8 once and parsed once, however many
 * steps read it (the diff, the locator, `info.version`). A 13 MB OpenAPI file was decoded up to
 * three times and parsed twice per run.
 */
export class DefinitionFile {
  #text: string | undefined;
  #data: ParsedData | undefined;
  #utf8: boolean | undefined;

  constructor(readonly bytes: Buffer) {}

  get text(): string {
    return (this.#text ??= this.bytes.toString("utf8"));
  }

  /**
   * The data (JSON or YAML), parsed on first use; see parseData. Parsed JSON in valid UTF-8 lets
   * go of its text: findings in it are placed by scanning the bytes (locate-json.ts), and the
   * two texts of a large pair need not be held while it is diffed.
   */
  get data(): ParsedData {
    if (this.#data === undefined) {
      this.#data = parseData(this.text);
      if (this.bytesLocatable) this.#text = undefined;
    }
    return this.#data;
  }

  /** Parsed as JSON from valid UTF-8 bytes, so positions can be found in the bytes. */
  get bytesLocatable(): boolean {
    const data = this.#data;
    if (data === undefined || !("syntax" in data) || data.syntax !== "json") return false;
    return (this.#utf8 ??= isUtf8(this.bytes));
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
