/*
 * The C type model's public face: records, the registry, layout, field lookup, type names
 * and the error catalog. Other folders import src/ctype only through this file.
 */

export * from "./errors";
export * from "./fields";
export * from "./layout";
export * from "./registry";
export * from "./type-name";
export * from "./types";
