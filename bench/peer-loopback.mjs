// Loaded with `node --import` before the peer gateway: its server listens on every interface by
// default; this makes a listen() given a port and no host bind 127.0.0.1, so the bench stays on loopback.
import net from "node:net";
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === "number") {
    if (args[1] === undefined || args[1] === null) args[1] = "127.0.0.1";
    else if (typeof args[1] === "function") args.splice(1, 0, "127.0.0.1");
  } else if (args[0] && typeof args[0] === "object" && !args[0].host && args[0].port !== undefined) {
    args[0] = { ...args[0], host: "127.0.0.1" };
  }
  return listen.apply(this, args);
};

// And it may only connect to loopback: a request whose custom-host header went missing would
// otherwise go to the real provider's host. Such a connect fails at once instead.
const connect = net.Socket.prototype.connect;
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;
net.Socket.prototype.connect = function (...args) {
  const opts = args[0];
  const host = Array.isArray(opts) ? opts[0]?.host
    : typeof opts === "object" && opts !== null ? (opts.path ? "localhost" : opts.host ?? "localhost")
    : typeof opts === "string" ? "localhost" : (typeof args[1] === "string" ? args[1] : "localhost");
  if (!LOOPBACK.test(String(host))) {
    throw new Error("bench: the peer tried to connect to " + host + "; only loopback is allowed");
  }
  return connect.apply(this, args);
};
