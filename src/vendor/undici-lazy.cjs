// In the bundles, this module stands in for 'undici' (tsconfig.json "paths", which ncc follows).
// @actions/http-client imports ProxyAgent from undici when it loads, and @actions/core loads
// @actions/http-client; but ProxyAgent is only used by getAgentDispatcher(), which nothing in this
// action calls (requests go through node:http, see src/http/client.ts). Evaluating undici at start
// cost about 50 ms and 8 MiB in every run (bench/RESULTS.md); here it is evaluated on first use.
'use strict';
module.exports = {
  get ProxyAgent() {
    return require('undici/index.js').ProxyAgent;
  },
};
