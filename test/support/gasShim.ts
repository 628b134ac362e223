/**
 * The client half of the google.script.run stand-in: a script placed in the
 * served sidebar page before the add-on's own script. It mirrors the documented
 * API: withSuccessHandler, withFailureHandler, withUserObject, then any server
 * function name; the call is asynchronous and returns nothing.
 * https://developers.google.com/apps-script/guides/html/reference/run
 * https://developers.google.com/apps-script/guides/html/reference/host
 */
export function shimScript(endpoint = '/rpc'): string {
  return `<script>
(function () {
  function runner(success, failure, userObject) {
    var base = {
      withSuccessHandler: function (f) { return runner(f, failure, userObject); },
      withFailureHandler: function (f) { return runner(success, f, userObject); },
      withUserObject: function (o) { return runner(success, failure, o); }
    };
    return new Proxy(base, {
      get: function (target, name) {
        if (name in target) return target[name];
        if (typeof name !== 'string') return undefined;
        return function () {
          var args = Array.prototype.slice.call(arguments);
          fetch(${JSON.stringify(endpoint)}, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ fn: name, args: args }) })
            .then(function (r) { return r.json(); })
            .then(function (reply) {
              if (reply.ok) { if (success) success(reply.value, userObject); }
              else if (failure) { var e = new Error(reply.error.message); e.name = reply.error.name; failure(e, userObject); }
            }, function (err) { if (failure) failure(err, userObject); });
        };
      }
    });
  }
  window.google = window.google || {};
  window.google.script = {
    run: runner(null, null, undefined),
    host: {
      origin: location.origin,
      close: function () { window.dispatchEvent(new CustomEvent('gas-host-close')); },
      setHeight: function () {}, setWidth: function () {},
      editor: { focus: function () { window.dispatchEvent(new CustomEvent('gas-host-focus')); } }
    }
  };
})();
</script>`;
}

/** Places the shim at the start of <head> so it exists before the sidebar's script runs. */
export function withShim(html: string, endpoint = '/rpc'): string {
  const shim = shimScript(endpoint);
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (m) => m + shim) : shim + html;
}
