/** UrlFetchApp over the emulated network: scopes, contexts, parameters, errors, redirects, quotas, faults, cost. */
import {
  COST_PARAMETERS as P,
  createEmulator,
  type Emulator,
  type EmulatorOptions,
  MAX_REDIRECTS,
  type NetRequest,
  type NetResponse,
  SCOPES,
  scopesFor,
  USER_AGENT,
} from '../src/index';

type G = Record<string, any>;

const ALL = [SCOPES.spreadsheets, SCOPES.containerUi, SCOPES.sendMail, SCOPES.scriptApp, SCOPES.userinfoEmail];
const API = 'https://api.example.com';

/** An emulator whose api.example.com echoes each request, with /status/<n> answering that status. */
function world(opts: EmulatorOptions = {}): { emu: Emulator; g: G; seen: NetRequest[] } {
  const emu = createEmulator(opts);
  const seen: NetRequest[] = [];
  emu.net.route('api.example.com', (req): NetResponse => {
    seen.push(req);
    const status = /^\/status\/(\d+)$/.exec(req.path);
    if (status)
      return { status: Number(status[1]), headers: { 'Content-Type': 'text/plain' }, body: `status ${status[1]}` };
    return {
      status: 200,
      headers: { 'Content-Type': 'application/json', 'Set-Cookie': ['a=1', 'b=2'] },
      body: JSON.stringify({ method: req.method, path: req.path, query: req.query, body: req.body }),
    };
  });
  return { emu, g: emu.globals as G, seen };
}

describe('scope and contexts', () => {
  test('fetch, fetchAll and getRequest all need script.external_request', () => {
    for (const m of ['fetch', 'fetchAll', 'getRequest'])
      expect(scopesFor(`UrlFetchApp.${m}`)).toEqual([SCOPES.externalRequest]);
  });

  test("explicit oauthScopes without script.external_request: each method throws Google's message and nothing is sent", () => {
    const { emu, g } = world({ manifest: { oauthScopes: ALL } });
    expect(() => g.UrlFetchApp.fetch(`${API}/x`)).toThrow(
      'You do not have permission to call UrlFetchApp.fetch. Required permissions: https://www.googleapis.com/auth/script.external_request',
    );
    expect(() => g.UrlFetchApp.fetchAll([`${API}/x`])).toThrow(
      /UrlFetchApp\.fetchAll\. Required permissions: .*external_request/,
    );
    expect(() => g.UrlFetchApp.getRequest(`${API}/x`)).toThrow(/UrlFetchApp\.getRequest/);
    expect(emu.net.requests).toHaveLength(0);
    expect(emu.urlFetch.used).toBe(0);
    expect(emu.scopeReport().refused).toEqual(['UrlFetchApp.fetch', 'UrlFetchApp.fetchAll', 'UrlFetchApp.getRequest']);
  });

  test('with the scope granted the fetch goes out and the scope is reported as used', () => {
    const { emu, g } = world({ manifest: { oauthScopes: [...ALL, SCOPES.externalRequest] } });
    expect(g.UrlFetchApp.fetch(`${API}/x`).getResponseCode()).toBe(200);
    expect(emu.scopeReport().used).toContain(SCOPES.externalRequest);
  });

  test('simple triggers may not fetch: AuthMode.NONE and LIMITED refuse it; editor and time-driven runs may', () => {
    const addon = world({ deployment: 'addon' });
    addon.emu.run({ kind: 'simple' }, () => {
      expect(addon.emu.execution?.authMode).toBe('NONE');
      expect(() => addon.g.UrlFetchApp.fetch(`${API}/x`)).toThrow(
        /You do not have permission to call UrlFetchApp\.fetch/,
      );
    });
    const bound = world();
    bound.emu.run({ kind: 'simple' }, () => {
      expect(bound.emu.execution?.authMode).toBe('LIMITED');
      expect(() => bound.g.UrlFetchApp.fetch(`${API}/x`)).toThrow(
        /permission to call UrlFetchApp\.fetch\. Required permissions: https:\/\/www\.googleapis\.com\/auth\/script\.external_request/,
      );
      expect(() => bound.g.UrlFetchApp.fetchAll([`${API}/x`])).toThrow(/UrlFetchApp\.fetchAll/);
    });
    expect(bound.emu.net.requests).toHaveLength(0);
    bound.emu.run({ kind: 'editor' }, () => bound.g.UrlFetchApp.fetch(`${API}/x`));
    bound.emu.run({ kind: 'trigger' }, () => bound.g.UrlFetchApp.fetch(`${API}/x`));
    expect(bound.emu.net.requests).toHaveLength(2);
  });
});

describe('HTTP errors and muteHttpExceptions', () => {
  test("without muteHttpExceptions a 4xx/5xx throws Google's message, naming scheme and host only", () => {
    const { emu, g } = world();
    expect(() => g.UrlFetchApp.fetch(`${API}/status/404?token=abc`)).toThrow(
      'Request failed for https://api.example.com returned code 404. Truncated server response: status 404 (use muteHttpExceptions option to examine full response)',
    );
    expect(() => g.UrlFetchApp.fetch(`${API}/status/500`)).toThrow(/returned code 500/);
    // The request went out: it is recorded and counted.
    expect(emu.net.requests.map((r) => r.status)).toEqual([404, 500]);
    expect(emu.urlFetch.used).toBe(2);
    let thrown: unknown = null;
    try {
      g.UrlFetchApp.fetch(`${API}/status/403`);
    } catch (e) {
      thrown = e;
    }
    expect((thrown as Error).name).toBe('Exception');
  });

  test('with muteHttpExceptions the response comes back whole', () => {
    const { g } = world();
    const r = g.UrlFetchApp.fetch(`${API}/status/404`, { muteHttpExceptions: true });
    expect(r.getResponseCode()).toBe(404);
    expect(r.getContentText()).toBe('status 404');
  });

  test('a long body is cut to 147 characters and "..." in the message', () => {
    const { emu, g } = world();
    const body = `{"error":"${'x'.repeat(300)}"}`;
    emu.net.route('long.example.com', () => ({ status: 400, body }));
    expect(() => g.UrlFetchApp.fetch('https://long.example.com/')).toThrow(
      `Request failed for https://long.example.com returned code 400. Truncated server response: ${body.slice(0, 147)}... (use muteHttpExceptions option to examine full response)`,
    );
  });

  test('2xx and 3xx do not throw', () => {
    const { emu, g } = world();
    emu.net.route('r.example.com', () => ({ status: 302, headers: { Location: 'https://elsewhere.example.com/' } }));
    expect(g.UrlFetchApp.fetch('https://r.example.com/', { followRedirects: false }).getResponseCode()).toBe(302);
  });
});

describe('the request', () => {
  test('method is case-insensitive, an object payload is form-encoded, headers reach the server lower-cased', () => {
    const { emu, g, seen } = world();
    const r = g.UrlFetchApp.fetch(`${API}/form`, {
      method: 'PoSt',
      payload: { name: 'Ann Lee', note: 'a&b=c' },
      headers: { 'X-Custom': 'one' },
    });
    expect(JSON.parse(r.getContentText())).toMatchObject({ method: 'POST', body: 'name=Ann%20Lee&note=a%26b%3Dc' });
    expect(seen[0].headers['x-custom']).toBe('one');
    expect(seen[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
    // The default user agent names the script.
    expect(emu.net.requests[0].headers['user-agent']).toBe(USER_AGENT('1FakeScriptIdForTheEmulator'));
    expect(emu.net.requests[0]).toMatchObject({ method: 'POST', body: 'name=Ann%20Lee&note=a%26b%3Dc' });
  });

  test('a string payload with contentType goes as is; a GET sends no body; unknown parameters are ignored', () => {
    const { g, seen } = world();
    g.UrlFetchApp.fetch(`${API}/json`, { method: 'post', contentType: 'application/json', payload: '{"a":1}' });
    expect(seen[0]).toMatchObject({
      body: '{"a":1}',
      headers: expect.objectContaining({ 'content-type': 'application/json' }),
    });
    g.UrlFetchApp.fetch(`${API}/get`, { payload: 'ignored', body: 'nothing', timeout: 5 });
    expect(seen[1]).toMatchObject({ method: 'GET', body: '' });
  });

  test('the query reaches the server decoded as a form: %2B is a plus, a bare + a space', () => {
    const { g, seen } = world();
    g.UrlFetchApp.fetch(`${API}/q?code=${encodeURIComponent('a+b/c=')}&raw=a+b`);
    expect(seen[0].query).toEqual({ code: 'a+b/c=', raw: 'a b' });
  });

  test('a URL with a character it may not carry throws "Invalid argument"; percent-encoded it goes; a fragment is not sent', () => {
    const { emu, g, seen } = world();
    expect(() => g.UrlFetchApp.fetch(`${API}/r?dimensions=["ad_id"]`)).toThrow(
      `Invalid argument: ${API}/r?dimensions=["ad_id"]`,
    );
    expect(() => g.UrlFetchApp.fetch(`${API}/r?q=two words`)).toThrow(/Invalid argument/);
    expect(() => g.UrlFetchApp.fetch(`${API}/r?q=100%`)).toThrow(/Invalid argument/);
    expect(() => g.UrlFetchApp.fetch('not a url')).toThrow('Invalid argument: not a url');
    expect(emu.net.requests).toHaveLength(0);
    g.UrlFetchApp.fetch(`${API}/r?dimensions=${encodeURIComponent('["ad_id"]')}`);
    expect(seen[0].query.dimensions).toBe('["ad_id"]');
    g.UrlFetchApp.fetch(`${API}/r?code=#abc`);
    expect(seen[1].query).toEqual({ code: '' });
    expect(seen[1].url).toBe(`${API}/r?code=`);
  });

  test('getRequest returns the request without sending it or using quota', () => {
    const { emu, g } = world();
    const req = g.UrlFetchApp.getRequest(`${API}/x`, { method: 'post', payload: { a: '1' }, headers: { H: 'v' } });
    expect(req).toMatchObject({
      url: `${API}/x`,
      method: 'post',
      contentType: 'application/x-www-form-urlencoded',
      payload: 'a=1',
      headers: { H: 'v' },
      followRedirects: true,
      muteHttpExceptions: false,
      validateHttpsCertificates: true,
    });
    expect(emu.net.requests).toHaveLength(0);
    expect(emu.urlFetch.used).toBe(0);
  });
});

describe('the response', () => {
  test('code, text, charset, headers (repeated ones as arrays in getAllHeaders), blob and bytes', () => {
    const { emu, g } = world();
    emu.net.route('bytes.example.com', () => ({
      status: 201,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Many': ['1', '2'] },
      body: 'café',
    }));
    const r = g.UrlFetchApp.fetch('https://bytes.example.com/');
    expect(r.getResponseCode()).toBe(201);
    expect(r.getContentText()).toBe('café');
    expect(r.getContentText('UTF-8')).toBe('café');
    expect(r.getContentText('ISO-8859-1')).toBe('cafÃ©');
    expect(r.getHeaders()['X-Many']).toBe('1, 2');
    expect(r.getAllHeaders()['X-Many']).toEqual(['1', '2']);
    expect(r.getContent()).toEqual([99, 97, 102, -61, -87]);
    expect(r.getBlob().getDataAsString()).toBe('café');
    expect(r.getBlob().getContentType()).toBe('text/plain; charset=utf-8');
    expect(emu.calls.byMethod['HTTPResponse.getResponseCode']).toBe(1);
  });
});

describe('limits', () => {
  test('a URL over 2,048 characters throws "Limit Exceeded: URLFetch URL Length." and is not sent', () => {
    const { emu, g } = world();
    const base = `${API}/x?q=`;
    g.UrlFetchApp.fetch(base + 'a'.repeat(2048 - base.length));
    expect(() => g.UrlFetchApp.fetch(base + 'a'.repeat(2049 - base.length))).toThrow(
      'Limit Exceeded: URLFetch URL Length.',
    );
    expect(emu.net.requests).toHaveLength(1);
    expect(emu.urlFetch.used).toBe(1);
  });

  test('payload over 50 MB, more than 100 headers, headers over 8 KB, a response over 50 MB', () => {
    const { emu, g } = world();
    expect(() => g.UrlFetchApp.fetch(`${API}/x`, { method: 'post', payload: 'a'.repeat(50000001) })).toThrow(
      'Limit Exceeded: URLFetch POST Size.',
    );
    const many: Record<string, string> = {};
    for (let i = 0; i < 100; i++) many[`h${i}`] = 'v';
    // 100 of ours plus the user agent.
    expect(() => g.UrlFetchApp.fetch(`${API}/x`, { headers: many })).toThrow('Limit Exceeded: URLFetch Headers.');
    expect(() => g.UrlFetchApp.fetch(`${API}/x`, { headers: { big: 'x'.repeat(8000) } })).toThrow(
      'Limit Exceeded: URLFetch Header Size.',
    );
    expect(emu.net.requests).toHaveLength(0);
    emu.net.route('huge.example.com', () => ({ status: 200, body: 'x'.repeat(50000001) }));
    expect(() => g.UrlFetchApp.fetch('https://huge.example.com/')).toThrow('Limit Exceeded: URLFetch Response Size.');
  });

  test('calls a day: 20,000 consumer, 100,000 Workspace; past the quota "Service invoked too many times for one day: urlfetch."', () => {
    expect(createEmulator({ account: 'consumer' }).urlFetch.quota).toBe(20000);
    expect(createEmulator().urlFetch.quota).toBe(100000);
    const { emu, g } = world({ urlFetchQuota: 3 });
    g.UrlFetchApp.fetch(`${API}/1`);
    g.UrlFetchApp.fetch(`${API}/2`);
    expect(emu.urlFetch.remaining).toBe(1);
    // A fetchAll that would pass the quota sends nothing.
    expect(() => g.UrlFetchApp.fetchAll([`${API}/3`, `${API}/4`])).toThrow(
      'Service invoked too many times for one day: urlfetch.',
    );
    expect(emu.net.requests).toHaveLength(2);
    g.UrlFetchApp.fetch(`${API}/3`);
    expect(() => g.UrlFetchApp.fetch(`${API}/4`)).toThrow('Service invoked too many times for one day: urlfetch.');
    // The window closes 24 hours after the first request.
    emu.clock.advance(24 * 60 * 60 * 1000);
    expect(emu.urlFetch.remaining).toBe(3);
    g.UrlFetchApp.fetch(`${API}/5`);
    expect(emu.urlFetch.used).toBe(1);
  });

  test('fetchAll counts each request against the daily quota', () => {
    const { emu, g } = world();
    g.UrlFetchApp.fetchAll([`${API}/1`, `${API}/2`, { url: `${API}/3` }]);
    expect(emu.urlFetch.used).toBe(3);
    expect(emu.calls.byMethod['UrlFetchApp.fetchAll']).toBe(1);
  });
});

describe('redirects', () => {
  function redirects(emu: Emulator): void {
    emu.net.route('short.example.com', (req) =>
      req.path === '/loop'
        ? { status: 302, headers: { Location: '/loop' } }
        : { status: 301, headers: { Location: `${API}/landing?from=short` } },
    );
    emu.net.route('see-other.example.com', () => ({ status: 303, headers: { Location: `${API}/after-post` } }));
  }

  test('followed by default (301, 302, 303, 307, 308), the final answer returned; not followed with followRedirects: false', () => {
    const { emu, g, seen } = world();
    redirects(emu);
    const followed = g.UrlFetchApp.fetch('https://short.example.com/abc');
    expect(followed.getResponseCode()).toBe(200);
    expect(JSON.parse(followed.getContentText()).query).toEqual({ from: 'short' });
    expect(emu.net.requests.map((r) => r.url)).toEqual(['https://short.example.com/abc', `${API}/landing?from=short`]);
    // A followed redirect counts once against the quota.
    expect(emu.urlFetch.used).toBe(1);
    const raw = g.UrlFetchApp.fetch('https://short.example.com/abc', { followRedirects: false });
    expect(raw.getResponseCode()).toBe(301);
    expect(raw.getHeaders().Location).toBe(`${API}/landing?from=short`);
    expect(seen).toHaveLength(1);
  });

  test('a 303 goes on as a GET without the body; the same headers go to the new host', () => {
    const { emu, g, seen } = world();
    redirects(emu);
    g.UrlFetchApp.fetch('https://see-other.example.com/', {
      method: 'post',
      payload: 'secret=1',
      headers: { Authorization: 'Bearer s3cret' },
    });
    expect(seen[0]).toMatchObject({ method: 'GET', body: '', path: '/after-post' });
    expect(emu.net.requests[1].headers.authorization).toBe('Bearer s3cret');
  });

  test('a 307 or 308 keeps the method and the body', () => {
    for (const status of [307, 308]) {
      const { emu, g, seen } = world();
      emu.net.route('keep.example.com', () => ({ status, headers: { Location: `${API}/kept` } }));
      g.UrlFetchApp.fetch('https://keep.example.com/', { method: 'put', payload: 'v=1' });
      expect(seen[0]).toMatchObject({ method: 'PUT', body: 'v=1', path: '/kept' });
    }
  });

  test(`more than ${MAX_REDIRECTS} redirects throws`, () => {
    const { emu, g } = world();
    redirects(emu);
    expect(() => g.UrlFetchApp.fetch('https://short.example.com/loop')).toThrow(
      'Too many redirects: https://short.example.com/loop',
    );
    expect(emu.net.requests).toHaveLength(MAX_REDIRECTS + 1);
  });
});

describe('the network', () => {
  test('a host no route answers: "DNS error: <url>", recorded and counted', () => {
    const { emu, g } = world();
    expect(() => g.UrlFetchApp.fetch('https://nowhere.example.org/path?x=1')).toThrow(
      'DNS error: https://nowhere.example.org/path?x=1',
    );
    expect(emu.net.requests[0]).toMatchObject({
      status: null,
      error: 'DNS error: https://nowhere.example.org/path?x=1',
    });
    expect(emu.urlFetch.used).toBe(1);
  });

  test('a URL prefix wins over a bare host; a later route replaces one; unroute and reset', () => {
    const { emu, g } = world();
    emu.net.route(`${API}/special/`, () => ({ status: 200, body: 'special' }));
    expect(g.UrlFetchApp.fetch(`${API}/special/x`).getContentText()).toBe('special');
    expect(JSON.parse(g.UrlFetchApp.fetch(`${API}/other`).getContentText()).path).toBe('/other');
    emu.net.route(`${API}/special/`, () => ({ status: 200, body: 'replaced' }));
    expect(g.UrlFetchApp.fetch(`${API}/special/x`).getContentText()).toBe('replaced');
    expect(emu.net.sent(`${API}/special/`)).toHaveLength(2);
    emu.net.unroute('api.example.com');
    expect(() => g.UrlFetchApp.fetch(`${API}/other`)).toThrow(/DNS error/);
    emu.net.reset();
    expect(emu.net.requests).toHaveLength(0);
  });

  test('fetchAll: strings and request objects, answers in the order asked; one failure fails the call', () => {
    const { emu, g } = world();
    const rs = g.UrlFetchApp.fetchAll([
      `${API}/a`,
      { url: `${API}/b`, method: 'post', payload: 'x=1' },
      { url: `${API}/status/404`, muteHttpExceptions: true },
    ]);
    expect(rs.map((r: any) => r.getResponseCode())).toEqual([200, 200, 404]);
    expect(JSON.parse(rs[1].getContentText())).toMatchObject({ path: '/b', method: 'POST', body: 'x=1' });
    expect(() => g.UrlFetchApp.fetchAll([`${API}/a`, `${API}/status/500`])).toThrow(/returned code 500/);
    expect(emu.net.requests.map((r) => new URL(r.url).pathname)).toEqual([
      '/a',
      '/b',
      '/status/404',
      '/a',
      '/status/500',
    ]);
  });
});

describe('faults', () => {
  test('emu.faults fails a fetch before it leaves: "Address unavailable: <url>", nothing sent, no quota', () => {
    const { emu, g } = world();
    emu.faults.failOn('UrlFetchApp.fetch', { after: 1 });
    g.UrlFetchApp.fetch(`${API}/ok`);
    expect(() => g.UrlFetchApp.fetch(`${API}/down`)).toThrow(`Address unavailable: ${API}/down`);
    expect(emu.net.requests).toHaveLength(1);
    expect(emu.urlFetch.used).toBe(1);
    g.UrlFetchApp.fetch(`${API}/ok`);
    emu.faults.failOn('UrlFetchApp.fetchAll', { message: 'Timeout' });
    expect(() => g.UrlFetchApp.fetchAll([`${API}/a`])).toThrow('Timeout');
  });

  test('emu.net.failOn fails matching requests on the wire; with when: "after" the server acted and the answer is lost', () => {
    const { emu, g } = world();
    let applied = 0;
    emu.net.route('apply.example.com', () => {
      applied++;
      return { status: 200, body: 'done' };
    });
    emu.net.failOn('apply.example.com', { when: 'after' });
    expect(() => g.UrlFetchApp.fetch('https://apply.example.com/go', { method: 'post' })).toThrow(
      'Address unavailable: https://apply.example.com/go',
    );
    expect(applied).toBe(1);
    expect(emu.net.requests[0]).toMatchObject({
      status: null,
      error: 'Address unavailable: https://apply.example.com/go',
    });
    emu.net.failOn('apply.example.com', { times: 2 });
    expect(() => g.UrlFetchApp.fetchAll(['https://apply.example.com/1', 'https://apply.example.com/2'])).toThrow(
      'Address unavailable: https://apply.example.com/1',
    );
    expect(applied).toBe(1);
    expect(() => g.UrlFetchApp.fetch('https://apply.example.com/3')).toThrow(/Address unavailable/);
    expect(g.UrlFetchApp.fetch('https://apply.example.com/4').getContentText()).toBe('done');
    emu.net.failOn('apply.example.com', { message: 'Timeout', times: Infinity });
    expect(() => g.UrlFetchApp.fetch('https://apply.example.com/5')).toThrow('Timeout');
    emu.net.clearFaults();
    expect(g.UrlFetchApp.fetch('https://apply.example.com/6').getResponseCode()).toBe(200);
  });
});

describe('cost', () => {
  test('a fetch costs fetchMs plus the route latency; fetchAll its slowest request plus fetchAllEachMs each', () => {
    const { emu, g } = world({ costModel: 'mid' });
    emu.net.route('slow.example.com', () => ({ status: 200, body: 'slow' }), { latencyMs: 2000 });
    const t0 = emu.clock.now().getTime();
    g.UrlFetchApp.fetch(`${API}/a`);
    expect(emu.cost.total.byKind.fetch.ms.mid).toBeCloseTo(P.fetchMs.mid, 6);
    g.UrlFetchApp.fetch('https://slow.example.com/');
    expect(emu.cost.total.byKind.fetch.ms.mid).toBeCloseTo(2 * P.fetchMs.mid + 2000, 6);
    const before = emu.cost.total.byKind.fetch.ms.mid;
    g.UrlFetchApp.fetchAll([`${API}/a`, 'https://slow.example.com/', `${API}/b`]);
    expect(emu.cost.total.byKind.fetch.ms.mid - before).toBeCloseTo(P.fetchMs.mid + 2000 + 3 * P.fetchAllEachMs.mid, 6);
    expect(emu.cost.total.byKind.fetch.calls).toBe(3);
    expect(emu.clock.now().getTime() - t0).toBeCloseTo(emu.cost.total.ms.mid, -1);
  });

  test('the three levels; a followed redirect pays each hop', () => {
    for (const level of ['low', 'mid', 'high'] as const) {
      const { emu, g } = world({ costModel: level });
      emu.net.route('hop.example.com', () => ({ status: 302, headers: { Location: `${API}/end` } }));
      g.UrlFetchApp.fetch('https://hop.example.com/');
      expect(emu.cost.total.byKind.fetch.ms[level]).toBeCloseTo(2 * P.fetchMs[level], 6);
    }
  });

  test('a fetch refused before it leaves costs nothing; one answered with an error still took its round trip', () => {
    const { emu, g } = world({ costModel: 'mid' });
    expect(() => g.UrlFetchApp.fetch(`${API}/${'a'.repeat(3000)}`)).toThrow(/URL Length/);
    expect(emu.cost.total.byKind.fetch.ms.mid).toBe(0);
    expect(() => g.UrlFetchApp.fetch(`${API}/status/500`)).toThrow(/returned code 500/);
    expect(emu.cost.total.byKind.fetch.ms.mid).toBeCloseTo(P.fetchMs.mid, 6);
  });

  test('without costModel the latency is tallied but the clock stays', () => {
    const { emu, g } = world();
    emu.net.route('slow.example.com', () => ({ status: 200 }), { latencyMs: 5000 });
    const t = emu.clock.now().getTime();
    g.UrlFetchApp.fetch('https://slow.example.com/');
    expect(emu.clock.now().getTime()).toBe(t);
    expect(emu.cost.total.byKind.fetch.ms.mid).toBeCloseTo(P.fetchMs.mid + 5000, 6);
  });

  test('slow APIs stop an execution at 6 minutes', () => {
    const { emu, g } = world({ costModel: 'mid' });
    emu.net.route('slow.example.com', () => ({ status: 200 }), { latencyMs: 59000 });
    let done = 0;
    expect(() =>
      emu.run({ kind: 'editor' }, () => {
        for (;;) {
          g.UrlFetchApp.fetch('https://slow.example.com/');
          done++;
        }
      }),
    ).toThrow('Exceeded maximum execution time');
    // Each call costs 59.59 s: the 7th starts at 357 s, the 8th would start at 417 s.
    expect(done).toBe(7);
  });
});
