/** The sigkit inspector: the live request log, one request opened, and the mock's controls, all over the admin API. */
import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, type EntrySummary, type EntryView } from './api.js';
import { diffTexts, hexDump, showInvisible, type Segment } from './diff.js';

const ROW_HEIGHT = 30;
/** Most rows the page keeps; the journal's own ring is usually smaller. */
const MAX_ROWS = 50_000;

interface Filters {
  scheme: string;
  verdict: string;
  path: string;
  text: string;
}

function matches(entry: EntrySummary, filters: Filters): boolean {
  if (filters.scheme && entry.scheme !== filters.scheme) return false;
  if (filters.verdict === 'ok' && entry.ok !== true) return false;
  if (filters.verdict === 'rejected' && entry.ok !== false) return false;
  if (filters.verdict === 'unverified' && entry.ok !== null) return false;
  if (filters.path && !entry.path.includes(filters.path)) return false;
  if (filters.text) {
    const needle = filters.text.toLowerCase();
    const hay = `${entry.id} ${entry.method} ${entry.target} ${entry.status ?? ''} ${entry.code ?? ''} ${entry.mistakes.join(' ')} ${entry.fault ?? ''}`.toLowerCase();
    if (!hay.includes(needle)) return false;
  }
  return true;
}

/** The live log: entries from the event stream, newest first. */
function useLiveLog(paused: boolean) {
  const [entries, setEntries] = useState<EntrySummary[]>([]);
  const [evicted, setEvicted] = useState<{ count: number; lastId: number | null }>({ count: 0, lastId: null });
  const [connected, setConnected] = useState(false);
  const [capacity, setCapacity] = useState<number | null>(null);
  const pending = useRef<EntrySummary[]>([]);
  const gone = useRef<Set<number>>(new Set());
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const frame = useRef(0);
  const flushRef = useRef<() => void>(() => {});

  useEffect(() => {
    const source = new EventSource('/__sigkit/events');
    // Events are applied once per animation frame: a burst of thousands is one render.
    const flush = () => {
      frame.current = 0;
      if (pausedRef.current) return;
      const fresh = pending.current;
      pending.current = [];
      const dropped = gone.current;
      gone.current = new Set();
      if (fresh.length === 0 && dropped.size === 0) return;
      setEntries((old) => {
        const kept = dropped.size ? old.filter((e) => !dropped.has(e.id)) : old;
        const next = fresh.reverse().concat(kept);
        return next.length > MAX_ROWS ? next.slice(0, MAX_ROWS) : next;
      });
    };
    flushRef.current = flush;
    const schedule = () => {
      if (frame.current === 0) frame.current = requestAnimationFrame(flush);
    };
    source.addEventListener('open', () => setConnected(true));
    source.addEventListener('error', () => setConnected(false));
    source.addEventListener('hello', (event) => {
      const state = JSON.parse((event as MessageEvent<string>).data) as { capacity: number; evicted: number };
      setCapacity(state.capacity);
      setEvicted({ count: state.evicted, lastId: null });
      // A reconnect sends the snapshot again.
      pending.current = [];
      setEntries([]);
    });
    source.addEventListener('entry', (event) => {
      pending.current.push(JSON.parse((event as MessageEvent<string>).data) as EntrySummary);
      // Paused for long under load: keep what the page would keep.
      if (pending.current.length > MAX_ROWS * 2) pending.current = pending.current.slice(-MAX_ROWS);
      schedule();
    });
    source.addEventListener('evicted', (event) => {
      const { id } = JSON.parse((event as MessageEvent<string>).data) as { id: number };
      gone.current.add(id);
      setEvicted((old) => ({ count: old.count + 1, lastId: id }));
      schedule();
    });
    source.addEventListener('cleared', () => {
      pending.current = [];
      gone.current = new Set();
      setEntries([]);
    });
    return () => {
      source.close();
      if (frame.current) cancelAnimationFrame(frame.current);
    };
  }, []);

  // On resume, what arrived while paused (entries and evictions) is applied at once.
  useEffect(() => {
    if (!paused) frame.current = requestAnimationFrame(() => flushRef.current());
  }, [paused]);

  return { entries, setEntries, evicted, connected, capacity, pendingCount: () => pending.current.length };
}

function verdictClass(entry: EntrySummary): string {
  return entry.ok === true ? 'ok' : entry.ok === false ? 'bad' : 'none';
}

function LogRow({ entry, selected, onOpen }: { entry: EntrySummary; selected: boolean; onOpen: () => void }) {
  return (
    <div
      role="option"
      id={`row-${entry.id}`}
      aria-selected={selected}
      class={`row ${verdictClass(entry)}${selected ? ' selected' : ''}`}
      onClick={onOpen}
    >
      <span class="c-id">#{entry.id}</span>
      <span class="c-scheme">{entry.scheme ?? '—'}</span>
      <span class="c-method">{entry.method}</span>
      <span class="c-path" title={entry.target}>{entry.target}</span>
      <span class="c-status">{entry.status ?? 'drop'}</span>
      <span class="c-code">{entry.code ?? 'unverified'}</span>
      <span class="c-mistake">{entry.mistakes.join(', ')}{entry.fault ? ` ⚡${entry.fault}` : ''}</span>
      <span class="c-time">{entry.time.slice(11, 23)}</span>
    </div>
  );
}

/** A list that renders only the rows in view, so thousands of entries stay fast. */
function VirtualLog({ rows, selectedId, onOpen }: { rows: EntrySummary[]; selectedId: number | null; onOpen: (id: number) => void }) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - 5);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + 5);
  const selectedIndex = rows.findIndex((r) => r.id === selectedId);
  const onKey = (event: KeyboardEvent) => {
    if (rows.length === 0) return;
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : event.key === 'PageDown' ? 10 : event.key === 'PageUp' ? -10 : 0;
    if (event.key === 'Home' || event.key === 'End' || step !== 0) {
      event.preventDefault();
      const index = event.key === 'Home' ? 0 : event.key === 'End' ? rows.length - 1 : Math.min(rows.length - 1, Math.max(0, (selectedIndex < 0 ? -1 : selectedIndex) + step));
      onOpen(rows[index]!.id);
      const element = box.current;
      if (element) {
        const top = index * ROW_HEIGHT;
        if (top < element.scrollTop) element.scrollTop = top;
        else if (top + ROW_HEIGHT > element.scrollTop + element.clientHeight) element.scrollTop = top + ROW_HEIGHT - element.clientHeight;
      }
    }
  };
  return (
    <div
      ref={box}
      class="log"
      role="listbox"
      tabIndex={0}
      aria-label="requests, newest first (arrow keys to move, the details follow)"
      aria-activedescendant={selectedId !== null && selectedIndex >= 0 ? `row-${selectedId}` : undefined}
      onScroll={(event) => setScrollTop((event.currentTarget as HTMLDivElement).scrollTop)}
      onKeyDown={onKey}
    >
      <div class="spacer" style={{ height: `${rows.length * ROW_HEIGHT}px` }}>
        <div class="window" style={{ transform: `translateY(${first * ROW_HEIGHT}px)` }}>
          {rows.slice(first, last).map((entry) => (
            <LogRow key={entry.id} entry={entry} selected={entry.id === selectedId} onOpen={() => onOpen(entry.id)} />
          ))}
        </div>
      </div>
      {rows.length === 0 && <p class="empty">No requests yet. Send one to the mock and it appears here.</p>}
    </div>
  );
}

function Shown({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((segment, i) =>
        showInvisible(segment.text).map((piece, j) => (
          <span key={`${i}-${j}`} class={`${segment.changed ? 'diff' : ''}${piece.invisible ? ' invisible' : ''}`} title={piece.invisible}>
            {piece.text}
            {piece.breakAfter ? '\n' : ''}
          </span>
        )),
      )}
    </>
  );
}

function Compare({ label, expected, sent }: { label: string; expected: string; sent: string | null }) {
  const diff = useMemo(() => (sent === null ? null : diffTexts(expected, sent)), [expected, sent]);
  return (
    <section class="compare" aria-label={`${label}: expected beside sent`}>
      <h3>{label}</h3>
      <div class="sides">
        <div>
          <h4>expected (the server's)</h4>
          <pre class="mono">{diff ? <Shown segments={diff.expected} /> : <Shown segments={[{ text: expected, changed: false }]} />}</pre>
        </div>
        <div>
          <h4>sent (as the client signed it)</h4>
          {diff ? (
            <pre class="mono">
              <Shown segments={diff.sent} />
            </pre>
          ) : (
            <p class="muted">Unknown: no named mistake reproduces the client's signature, so its {label} cannot be rebuilt. Check the keys, or print the client's own.</p>
          )}
        </div>
      </div>
    </section>
  );
}

function bodyOf(view: EntryView) {
  const body = view.entry.body;
  if (body.size === 0) return <p class="muted">(no body)</p>;
  const note = `${body.size} bytes${body.truncated ? ', kept in part' : ''}${body.redacted ? ', secrets redacted' : ''}`;
  if (body.encoding === 'base64') {
    const bytes = Uint8Array.from(atob(body.data), (c) => c.charCodeAt(0));
    return (
      <>
        <p class="muted">binary, {note}</p>
        <pre class="mono">{hexDump(bytes)}</pre>
      </>
    );
  }
  return (
    <>
      <p class="muted">{note}</p>
      <pre class="mono">
        <Shown segments={[{ text: body.data, changed: false }]} />
      </pre>
    </>
  );
}

function queryOf(target: string): [string, string][] {
  const at = target.indexOf('?');
  if (at < 0) return [];
  return target
    .slice(at + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    });
}

async function downloadHar(id: number) {
  const har = await api<unknown>('GET', `/journal?format=har&since=${id - 1}&limit=1&order=asc`);
  const url = URL.createObjectURL(new Blob([JSON.stringify(har, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `sigkit-journal-${id}.har`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function Details({ id, onClose }: { id: number; onClose: () => void }) {
  const [view, setView] = useState<EntryView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<'curl' | 'explain' | null>(null);
  const [status, setStatus] = useState('');
  useEffect(() => {
    setView(null);
    setError(null);
    setShown(null);
    setStatus('');
    api<EntryView>('GET', `/ui/api/entries/${id}`).then(setView, (e: Error) => setError(e.message));
  }, [id]);
  if (error) return <section class="details" aria-label={`request #${id}`}><p class="error">{error}</p></section>;
  if (!view) return <section class="details" aria-label={`request #${id}`}><p class="muted">Loading #{id}…</p></section>;
  const { entry, check } = view;
  const copyCurl = async () => {
    setShown('curl');
    try {
      await navigator.clipboard.writeText(view.curl);
      setStatus('curl command copied');
    } catch {
      setStatus('select the command below to copy it');
    }
  };
  return (
    <section class="details" aria-label={`request #${id}`}>
      <header class="details-head">
        <h2>
          #{entry.id} <span class="mono">{entry.method} {entry.target}</span>
        </h2>
        <button type="button" class="close" onClick={onClose} aria-label="close the details">×</button>
      </header>
      <p class="meta">
        {entry.time} · status {entry.response.status ?? 'connection dropped'}
        {entry.fault ? ` · fault ${entry.fault.label ?? entry.fault.id}` : ''}
      </p>
      <div class="actions">
        <button type="button" onClick={copyCurl}>Copy as curl</button>
        <button type="button" onClick={() => downloadHar(entry.id).catch((e: Error) => setStatus(e.message))}>Download HAR</button>
        <button type="button" aria-pressed={shown === 'explain'} onClick={() => setShown(shown === 'explain' ? null : 'explain')}>Explain</button>
        <span role="status" class="muted">{status}</span>
      </div>
      {shown === 'curl' && <pre class="mono output" aria-label="curl command">{view.curl}</pre>}
      {shown === 'explain' && <pre class="mono output" aria-label="explanation">{view.explain}</pre>}
      {check ? (
        <section class={`check ${check.ok ? 'ok' : 'bad'}`}>
          <h3>{check.ok ? 'Passed' : 'Check failed'}: <span class="mono">{check.code}</span></h3>
          <p>{check.message}</p>
          {check.serverMessage && <p class="muted">The server answers: “{check.serverMessage}”</p>}
          {check.firstDifference && <p>First difference: {check.firstDifference}</p>}
        </section>
      ) : (
        <p class="muted">Not verified: no signing scheme judged this request.</p>
      )}
      {view.mistakes.map((mistake) => (
        <section class="mistake" key={mistake.name}>
          <h3>Named mistake: <span class="mono">{mistake.name}</span></h3>
          <p>{mistake.description}</p>
          <p><strong>Fix:</strong> {mistake.fix}</p>
        </section>
      ))}
      {view.compared.map((compared) => (
        <Compare key={compared.label} {...compared} />
      ))}
      {(view.signatures.expected || view.signatures.sent) && (
        <section>
          <h3>Signatures</h3>
          <dl class="kv mono">
            <dt>expected</dt>
            <dd>{view.signatures.expected ?? '—'}</dd>
            <dt>sent</dt>
            <dd>{view.signatures.sent ?? '—'}</dd>
          </dl>
        </section>
      )}
      {view.keyChain.length > 0 && (
        <section>
          <h3>Key chain</h3>
          <ol class="mono chain">{view.keyChain.map((key, i) => <li key={i}>{key}</li>)}</ol>
        </section>
      )}
      <section>
        <h3>Request as sent</h3>
        <table class="kv-table mono">
          <caption>headers</caption>
          <tbody>
            {Object.entries(entry.headers).map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td><Shown segments={[{ text: Array.isArray(value) ? value.join(', ') : value, changed: false }]} /></td>
              </tr>
            ))}
          </tbody>
        </table>
        {queryOf(entry.target).length > 0 && (
          <table class="kv-table mono">
            <caption>query (as sent, encoded)</caption>
            <tbody>
              {queryOf(entry.target).map(([name, value], i) => (
                <tr key={i}>
                  <th scope="row">{name}</th>
                  <td>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h4>body</h4>
        {bodyOf(view)}
      </section>
    </section>
  );
}

function Requests() {
  const [paused, setPaused] = useState(false);
  const [filters, setFilters] = useState<Filters>({ scheme: '', verdict: '', path: '', text: '' });
  const [selected, setSelected] = useState<number | null>(null);
  const { entries, evicted, connected, capacity } = useLiveLog(paused);
  const [clearedBelow, setClearedBelow] = useState(0);
  const rows = useMemo(() => entries.filter((e) => e.id > clearedBelow && matches(e, filters)), [entries, filters, clearedBelow]);
  const set = (key: keyof Filters) => (event: Event) => setFilters({ ...filters, [key]: (event.currentTarget as HTMLInputElement).value });
  return (
    <div class={`requests${selected !== null ? ' has-details' : ''}`}>
      <section class="log-pane" aria-label="request log">
        <form class="filters" onSubmit={(e) => e.preventDefault()}>
          <label>
            Scheme
            <select value={filters.scheme} onChange={set('scheme')}>
              <option value="">all</option>
              <option value="xconnect">xconnect</option>
              <option value="kx">kx</option>
            </select>
          </label>
          <label>
            Verdict
            <select value={filters.verdict} onChange={set('verdict')}>
              <option value="">all</option>
              <option value="ok">passed</option>
              <option value="rejected">rejected</option>
              <option value="unverified">unverified</option>
            </select>
          </label>
          <label>
            Path
            <input type="search" value={filters.path} onInput={set('path')} placeholder="/api/v1/kronos" />
          </label>
          <label>
            Text
            <input type="search" value={filters.text} onInput={set('text')} placeholder="code, mistake, id…" />
          </label>
          <button type="button" aria-pressed={paused} onClick={() => setPaused(!paused)}>{paused ? 'Resume' : 'Pause'}</button>
          <button type="button" onClick={() => setClearedBelow(entries[0]?.id ?? clearedBelow)} title="hide what is listed now; the journal keeps it">Clear</button>
        </form>
        <p class="status" role="status">
          <span class={connected ? 'live' : 'offline'}>{connected ? (paused ? '❚❚ paused' : '● live') : '○ reconnecting'}</span>
          {' · '}
          {rows.length} shown of {entries.length}
          {capacity !== null && ` · journal keeps ${capacity}`}
          {evicted.count > 0 && <span class="evicted"> · {evicted.count} evicted{evicted.lastId !== null ? ` (up to #${evicted.lastId})` : ''}</span>}
        </p>
        <div class="head row" aria-hidden="true">
          <span class="c-id">id</span>
          <span class="c-scheme">scheme</span>
          <span class="c-method">method</span>
          <span class="c-path">path</span>
          <span class="c-status">status</span>
          <span class="c-code">verdict</span>
          <span class="c-mistake">mistake</span>
          <span class="c-time">time</span>
        </div>
        <VirtualLog rows={rows} selectedId={selected} onOpen={setSelected} />
      </section>
      {selected !== null && <Details id={selected} onClose={() => setSelected(null)} />}
    </div>
  );
}

/** One control block: loads its list, shows errors in words. */
function useLoad<T>(load: () => Promise<T>): [T | null, () => void, string, (message: string) => void] {
  const [value, setValue] = useState<T | null>(null);
  const [message, setMessage] = useState('');
  const reload = () => {
    load().then(setValue, (e: Error) => setMessage(e.message));
  };
  useEffect(reload, []);
  return [value, reload, message, setMessage];
}

function formValues(event: Event): Record<string, string> {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  return Object.fromEntries([...new FormData(form).entries()].map(([k, v]) => [k, String(v).trim()]));
}

function Faults() {
  const [faults, reload, message, setMessage] = useLoad(() => api<{ faults: { id: string; method?: string; path?: string; label?: string; respond?: { status: number }; latencyMs?: number; destroy?: boolean; applied: number; remaining: number | null }[] }>('GET', '/faults'));
  const add = (event: Event) => {
    const form = event.currentTarget as HTMLFormElement;
    const v = formValues(event);
    const fault: Record<string, unknown> = {};
    if (v.method) fault.method = v.method.toUpperCase();
    if (v.path) fault.path = v.path;
    if (v.status) fault.respond = { status: Number(v.status) };
    if (v.latencyMs) fault.latencyMs = Number(v.latencyMs);
    if (v.times) fault.times = Number(v.times);
    if (v.label) fault.label = v.label;
    if (v.destroy === 'on') fault.destroy = true;
    api('POST', '/faults', fault).then(() => { form.reset(); setMessage('fault added'); reload(); }, (e: Error) => setMessage(e.message));
  };
  return (
    <section class="card" aria-labelledby="faults-title">
      <h2 id="faults-title">Faults</h2>
      <ul class="plain">
        {faults?.faults.length === 0 && <li class="muted">none</li>}
        {faults?.faults.map((f) => (
          <li key={f.id}>
            <span class="mono">{f.label ?? f.id}: {f.method ?? '*'} {f.path ?? '**'} → {f.destroy ? 'drop' : f.respond ? f.respond.status : `+${f.latencyMs ?? 0} ms`} (applied {f.applied}{f.remaining !== null ? `, ${f.remaining} left` : ''})</span>{' '}
            <button type="button" aria-label={`remove fault ${f.label ?? f.id}`} onClick={() => api('DELETE', `/faults/${encodeURIComponent(f.id)}`).then(reload, (e: Error) => setMessage(e.message))}>Remove</button>
          </li>
        ))}
      </ul>
      <form class="grid" onSubmit={add} aria-label="add a fault">
        <label>Method<input name="method" placeholder="any" /></label>
        <label>Path<input name="path" placeholder="/api/v1/kronos/**" /></label>
        <label>Answer status<input name="status" inputMode="numeric" placeholder="503" /></label>
        <label>Latency ms<input name="latencyMs" inputMode="numeric" placeholder="0" /></label>
        <label>Times<input name="times" inputMode="numeric" placeholder="always" /></label>
        <label>Label<input name="label" /></label>
        <label class="check-label"><input type="checkbox" name="destroy" /> drop the connection</label>
        <button type="submit">Add fault</button>
      </form>
      <p role="status" class="muted">{message}</p>
    </section>
  );
}

function Clock() {
  const [clock, reload, message, setMessage] = useLoad(() => api<{ now: string; offsetMs: number; windowSeconds: number }>('GET', '/clock'));
  const save = (event: Event) => {
    const v = formValues(event);
    const body: Record<string, number> = {};
    if (v.offsetSeconds !== '') body.offsetSeconds = Number(v.offsetSeconds);
    if (v.windowSeconds !== '') body.windowSeconds = Number(v.windowSeconds);
    api('PUT', '/clock', body).then(() => { setMessage('clock set'); reload(); }, (e: Error) => setMessage(e.message));
  };
  return (
    <section class="card" aria-labelledby="clock-title">
      <h2 id="clock-title">Clock</h2>
      {clock && <p class="mono">server time {clock.now} · offset {clock.offsetMs / 1000} s · xConnect window {clock.windowSeconds} s</p>}
      <form class="grid" onSubmit={save} aria-label="set the clock">
        <label>Offset seconds<input name="offsetSeconds" inputMode="numeric" placeholder={String((clock?.offsetMs ?? 0) / 1000)} /></label>
        <label>Window seconds<input name="windowSeconds" inputMode="numeric" placeholder={String(clock?.windowSeconds ?? 600)} /></label>
        <button type="submit">Set clock</button>
      </form>
      <p role="status" class="muted">{message}</p>
    </section>
  );
}

function Sessions() {
  const [sessions, reload, message, setMessage] = useLoad(() => api<{ sessions: { ref: string; session: string; username: string; lastUsedAt: string; expiresAt: string; expired: boolean }[] }>('GET', '/ui/api/sessions'));
  return (
    <section class="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">KX sessions</h2>
      <button type="button" onClick={reload}>Refresh</button>
      <ul class="plain">
        {sessions?.sessions.length === 0 && <li class="muted">none</li>}
        {sessions?.sessions.map((s) => (
          <li key={s.ref}>
            <span class="mono">{s.username} {s.session} · {s.expired ? 'expired' : `until ${s.expiresAt}`}</span>{' '}
            {!s.expired && <button type="button" aria-label={`expire the session of ${s.username} ${s.session}`} onClick={() => api('POST', `/ui/api/sessions/${s.ref}/expire`).then(reload, (e: Error) => setMessage(e.message))}>Expire</button>}
          </li>
        ))}
      </ul>
      <p role="status" class="muted">{message}</p>
    </section>
  );
}

function Users() {
  const [users, reload, message, setMessage] = useLoad(() => api<{ users: { username: string; groups: string[] | null }[] }>('GET', '/kx/users'));
  const add = (event: Event) => {
    const form = event.currentTarget as HTMLFormElement;
    const v = formValues(event);
    const body: Record<string, unknown> = { username: v.username, password: v.password };
    if (v.groups) body.groups = v.groups.split(',').map((g) => g.trim()).filter(Boolean);
    api('POST', '/kx/users', body).then(() => { form.reset(); setMessage('user added'); reload(); }, (e: Error) => setMessage(e.message));
  };
  return (
    <section class="card" aria-labelledby="users-title">
      <h2 id="users-title">KX users</h2>
      <ul class="plain">{users?.users.map((u) => <li key={u.username} class="mono">{u.username} · groups {u.groups ? u.groups.join(', ') : 'all'}</li>)}</ul>
      <form class="grid" onSubmit={add} aria-label="add a KX user">
        <label>Username<input name="username" required /></label>
        <label>Password<input name="password" type="password" required autoComplete="new-password" /></label>
        <label>Groups<input name="groups" placeholder="all (or monPublic, trade)" /></label>
        <button type="submit">Add user</button>
      </form>
      <p role="status" class="muted">{message}</p>
    </section>
  );
}

function Keys() {
  // The page never sees a secret, not even of a key it creates (issue #16): only its fingerprint.
  const [keys, reload, message, setMessage] = useLoad(() => api<{ credentials: { apiKey: string; secretFingerprint: string; label: string | null; expired: boolean; disabled: boolean }[] }>('GET', '/ui/api/credentials'));
  const add = (event: Event) => {
    const form = event.currentTarget as HTMLFormElement;
    const v = formValues(event);
    const body: Record<string, unknown> = {};
    if (v.apiKey) body.apiKey = v.apiKey;
    if (v.secretKey) body.secretKey = v.secretKey;
    if (v.label) body.label = v.label;
    const generated = !v.secretKey;
    api<{ credential: { secretFingerprint: string } }>('POST', '/ui/api/credentials', body).then(
      (answer) => {
        form.reset();
        setMessage(
          generated
            ? `key added with a generated secret (${answer.credential.secretFingerprint}), which no page or listing shows: to sign with a generated secret, create the key with POST /__sigkit/credentials, whose answer shows it once`
            : `key added (${answer.credential.secretFingerprint}: the fingerprint of the secret you gave)`,
        );
        reload();
      },
      (e: Error) => setMessage(e.message),
    );
  };
  return (
    <section class="card" aria-labelledby="keys-title">
      <h2 id="keys-title">xConnect keys</h2>
      <ul class="plain">
        {keys?.credentials.map((k) => (
          <li key={k.apiKey} class="mono">{k.label ? `${k.label}: ` : ''}{k.apiKey.length > 24 ? `${k.apiKey.slice(0, 12)}…${k.apiKey.slice(-8)}` : k.apiKey} · secret {k.secretFingerprint}{k.expired ? ' (expired)' : ''}{k.disabled ? ' (disabled)' : ''}</li>
        ))}
      </ul>
      <form class="grid" onSubmit={add} aria-label="add an xConnect key">
        <label>API key<input name="apiKey" placeholder="generated" /></label>
        <label>Secret key<input name="secretKey" type="password" placeholder="generated" autoComplete="new-password" /></label>
        <label>Label<input name="label" /></label>
        <button type="submit">Add key</button>
      </form>
      <p role="status" class="muted">{message}</p>
    </section>
  );
}

function Control() {
  const [message, setMessage] = useState('');
  const [generation, setGeneration] = useState(0);
  const reset = () => {
    if (!window.confirm('Reset the mock: data, credentials, faults, clock, sessions and the journal go back to the start?')) return;
    api('POST', '/reset').then(() => { setMessage('reset done'); setGeneration(generation + 1); }, (e: Error) => setMessage(e.message));
  };
  return (
    <div class="control" key={generation}>
      <Faults />
      <Clock />
      <Sessions />
      <Users />
      <Keys />
      <section class="card" aria-labelledby="reset-title">
        <h2 id="reset-title">Reset</h2>
        <p class="muted">Back to the startup state; the journal is emptied.</p>
        <button type="button" class="danger" onClick={reset}>Reset the mock</button>
        <p role="status" class="muted">{message}</p>
      </section>
    </div>
  );
}

function App() {
  const [tab, setTab] = useState<'requests' | 'control'>('requests');
  // Each visit to the controls reads them afresh (sessions, faults used up, keys added elsewhere).
  const [visits, setVisits] = useState(0);
  return (
    <>
      <header class="top">
        <h1>sigkit inspector</h1>
        <nav role="tablist" aria-label="views">
          <button type="button" role="tab" aria-selected={tab === 'requests'} onClick={() => setTab('requests')}>Requests</button>
          <button type="button" role="tab" aria-selected={tab === 'control'} onClick={() => { setTab('control'); setVisits(visits + 1); }}>Control</button>
        </nav>
      </header>
      {/* Both stay mounted: the log keeps its stream and its rows while the controls are shown. */}
      <main>
        <div hidden={tab !== 'requests'}><Requests /></div>
        <div hidden={tab !== 'control'}><Control key={visits} /></div>
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
