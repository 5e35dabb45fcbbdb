// In the bundle, this module stands in for 'undici' (tsconfig.json "paths", which ncc follows).
// @actions/http-client imports ProxyAgent from undici when it loads, and @actions/core loads
// @actions/http-client; but ProxyAgent is only used by its getAgentDispatcher(), for fetch(),
// which nothing in this action calls: requests go through node:http (src/http/client.ts) and
// proxies through its own tunnel (src/http/proxy.ts). So undici is not bundled at all (it was a
// 1 MB chunk, WebAssembly parser included, that never ran); a call that ever reached it would
// fail here, saying so, rather than load code nobody tested.
'use strict';
class ProxyAgent {
  constructor() {
    throw new Error("dotstat-action does not bundle undici: @actions/http-client's ProxyAgent (for fetch()) is not available.");
  }
}
module.exports = { ProxyAgent };
