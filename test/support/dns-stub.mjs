// Loaded with NODE_OPTIONS='--import <this file>' by the hostile-world rows, so that no real DNS
// query is ever made: any *.invalid host fails as an unknown name (ENOTFOUND), and every other
// name lookup is refused outright (ECONNREFUSED), so nothing reaches the machine's resolver. IP
// literals never reach lookup at all. Node's net.connect reads `dns.lookup` from the module
// object when it connects, and the action's HTTP client (node:http) connects through net.connect,
// so replacing the property is enough; syncBuiltinESMExports() updates `import { lookup }` too.
// With DNS_STUB_LOG set, every name looked up is appended to that file, so a row can prove its
// lookup went through here.
import { appendFileSync } from 'node:fs';
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';

/** @param {string} hostname */
function failure(hostname) {
  if (process.env.DNS_STUB_LOG) appendFileSync(process.env.DNS_STUB_LOG, `${hostname}\n`);
  const invalid = /(^|\.)invalid\.?$/i.test(hostname);
  const code = invalid ? 'ENOTFOUND' : 'ECONNREFUSED';
  return Object.assign(new Error(`getaddrinfo ${code} ${hostname} (dns-stub)`), { code, errno: invalid ? -3008 : -111, syscall: 'getaddrinfo', hostname });
}

/** @type {typeof dns.lookup} */
// @ts-expect-error: one implementation for every overload
const lookup = (hostname, options, callback) => {
  const done = typeof options === 'function' ? options : callback;
  const error = failure(String(hostname));
  process.nextTick(() => done(error));
};

dns.lookup = lookup;
dns.promises.lookup = async (hostname) => {
  throw failure(String(hostname));
};
syncBuiltinESMExports();
