import { readEdmx } from "./edmx.js";

/**
 * Finds the offset of an element of an EDMX file by the pointer the OData differ gave it (the
 * CSDL JSON layout, see odata-model.ts): the model builder recorded each element's start while
 * reading, so the file is read once more and the pointer, or its nearest recorded ancestor (a
 * parameter's operation, a member's type), is looked up. Unreadable text points at its start.
 */
export function createEdmxOffsets(text: string): (pointer: string) => number {
  let offsets: Map<string, number> | undefined;
  return (pointer) => {
    if (!offsets) {
      const read = readEdmx(text);
      offsets = "problem" in read ? new Map() : read.offsets;
    }
    for (let p = pointer; p !== ""; p = p.slice(0, Math.max(0, p.lastIndexOf("/")))) {
      const found = offsets.get(p);
      if (found !== undefined) return found;
    }
    return 0;
  };
}
