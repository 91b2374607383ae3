/**
 * A capability a topology provides and a score requires, e.g. `PostgreSQL`. Users add their own;
 * the library's are in the table of kinds (`CAPABILITIES` in ./kinds).
 */
export type Capability = string;
