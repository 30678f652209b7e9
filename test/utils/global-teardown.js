/** Drops the template and per-file databases of this run, stops the embedded server and removes its folder. */
module.exports = async function globalTeardown() {
  if (globalThis.__TE_CLEANUP__) await globalThis.__TE_CLEANUP__();
};
