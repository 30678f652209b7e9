/** Drops the template and per-file databases of this run and stops the embedded server, if any. */
module.exports = async function globalTeardown() {
  if (globalThis.__TE_CLEANUP__) await globalThis.__TE_CLEANUP__();
};
