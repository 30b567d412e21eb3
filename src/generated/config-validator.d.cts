// Types of the generated standalone config validator (scripts/build-config-validator.mjs).
import type { ValidateFunction } from "ajv";

declare const validate: ValidateFunction;
export = validate;
