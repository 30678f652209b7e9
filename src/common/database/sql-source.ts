/**
 * A set of rows one feature hands another to write set-based in PostgreSQL, without the rows
 * travelling through Node: a SELECT (`sql`, using `$1..$n` for `params`) that the receiving
 * repository embeds as `FROM (sql) AS source`, numbering its own parameters after these. Each side
 * writes SQL only for what it owns: the giver reads its rows, the receiver writes its table. Within
 * one transaction a source may read a temporary table the giver filled just before.
 */
export interface SqlSource {
  sql: string;
  params: readonly unknown[];
}

/** `$n` for the receiver's own parameter `i` (0-based) after the source's. */
export function paramAfter(source: SqlSource, i: number): string {
  return `$${source.params.length + i + 1}`;
}
