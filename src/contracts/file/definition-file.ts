import { isUtf8 } from "node:buffer";
import { asciiJsonText } from "../../json/ascii.js";
import { isSpace } from "../../json/positions.js";
import { parseData, type ParsedData } from "./data.js";

/**
 * One side's definition file: its bytes decoded (when they need to be) and parsed once, however
 * many steps read it (the diff, the locator, `info.version`). A 13 MB OpenAPI file was decoded
 * up to three times and parsed twice per run.
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
   * The data (JSON or YAML), parsed on first use; see parseData. JSON in valid UTF-8 is parsed
   * from its ASCII text (src/json/ascii.ts) and never decoded: findings in it are placed by
   * scanning the bytes (locate-json.ts). Anything else, or JSON that fails (a problem's message
   * quotes positions, which must be the file's), is parsed from the decoded text.
   */
  get data(): ParsedData {
    if (this.#data === undefined) {
      const json = opensObject(this.bytes) && this.#isUtf8();
      const ascii = json ? asciiJsonText(this.bytes) : undefined;
      const fast = ascii === undefined ? undefined : parseData(ascii);
      this.#data = fast !== undefined && "value" in fast ? fast : parseData(this.text);
      if (this.bytesLocatable) this.#text = undefined;
    }
    return this.#data;
  }

  /** Parsed as JSON from valid UTF-8 bytes, so positions can be found in the bytes. */
  get bytesLocatable(): boolean {
    const data = this.#data;
    if (data === undefined || !("syntax" in data) || data.syntax !== "json") return false;
    return this.#isUtf8();
  }

  /** Checked once: the parse and the locator both ask (4 ms for a 12 MB file). */
  #isUtf8(): boolean {
    return (this.#utf8 ??= isUtf8(this.bytes));
  }

  /** Whether the data was parsed already (reading it then costs nothing). */
  get parsed(): boolean {
    return this.#data !== undefined;
  }
}

/** Whether the first byte after JSON white space opens an object. */
function opensObject(bytes: Buffer): boolean {
  let i = 0;
  while (isSpace(bytes[i])) i++;
  return bytes[i] === 0x7b;
}

/** The text of a definition given as text or as a file. */
export const textOf = (file: string | DefinitionFile): string =>
  typeof file === "string" ? file : file.text;

/** The data of a definition given as text or as a file (parsed once for a file). */
export const dataOf = (file: string | DefinitionFile): ParsedData =>
  typeof file === "string" ? parseData(file) : file.data;
