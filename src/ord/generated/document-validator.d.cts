// Types of the generated standalone validator (scripts/build-validator.mjs).
import type { ValidateFunction } from "ajv";

declare const validate: ValidateFunction & { ordVersion: string; baseOrdVersion: string };
export = validate;
