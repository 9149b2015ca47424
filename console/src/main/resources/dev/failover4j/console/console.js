// failover4j console: one page, live through server-sent events. No framework, no build step.
'use strict';

const $ = (id) => document.getElementById(id);
let session = null;       // {user, role, csrf, features}
let status = null;        // the last /api/status
let events = null;        // the EventSource
let logSeq = 0;
let logLines = [];
let configLoaded = false;
let templates = {};

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.substring(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function badge(state, activity, extra) {
  return el('span', { class: 'badge ' + state + (extra ? ' ' + extra : ''), 'data-state': state }, activity);
}

function ago(ms) {
  if (ms < 1000) return ms + ' ms ago';
  if (ms < 120000) return (ms / 1000).toFixed(1) + ' s ago';
  return Math.round(ms / 60000) + ' min ago';
}

function when(iso) {
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleString();
}

async function api(path, form) {
  const opts = { credentials: 'same-origin', headers: {} };
  if (form) {
    opts.method = 'POST';
    opts.headers['Content-Type'] = 'application/x-www-form-urlencoded';
    if (session && session.csrf) opts.headers['X-CSRF-Token'] = session.csrf;
    opts.body = new URLSearchParams(form).toString();
  }
  const r = await fetch(path, opts);
  let body = null;
  try { body = await r.json(); } catch (e) { body = { error: r.statusText }; }
  return { status: r.status, ok: r.ok, body };
}

function say(text, good) {
  const m = $('message');
  m.textContent = text || '';
  m.className = 'message ' + (good ? 'ok' : 'bad');
}

// ------------------------------------------------------------------ session

async function start() {
  const r = await api('api/session');
  if (r.status === 403) {
    $('login').hidden = false;
    $('login-form').hidden = true;
    $('login-error').textContent = r.body.error || 'this console accepts only loopback clients';
    return;
  }
  $('node').textContent = r.body.node || '';
  document.title = (r.body.node || '') + ' – failover4j console';
  if (r.body.authenticated) {
    enter(r.body);
  } else {
    $('login').hidden = false;
    $('login-user').focus();
  }
}

$('login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const r = await api('api/login', { user: $('login-user').value, password: $('login-password').value });
  $('login-password').value = '';
  if (!r.ok) {
    $('login-error').textContent = r.body.error || 'login failed';
    return;
  }
  $('login-error').textContent = '';
  enter(r.body);
});

$('logout').addEventListener('click', async () => {
  await api('api/logout', {});
  location.reload();
});

function enter(s) {
  session = s;
  $('login').hidden = true;
  $('tabs').hidden = false;
  $('main').hidden = false;
  $('logout').hidden = s.user === 'local';
  $('who').textContent = s.user + ' (' + s.role + ')';
  for (const b of document.querySelectorAll('nav button[data-feature]')) {
    b.hidden = !s.features.includes(b.dataset.feature);
  }
  connect();
}

function has(feature) {
  return session && session.features.includes(feature);
}

// ------------------------------------------------------------------ live status

function connect() {
  if (events) events.close();
  events = new EventSource('api/events');
  events.addEventListener('status', (ev) => {
    $('live').className = 'live on';
    status = JSON.parse(ev.data);
    render();
  });
  events.onerror = () => { $('live').className = 'live'; };
}

// When this page first showed each group's current state (ms since the epoch): how long a transition
// takes to reach the operator, compared with the transition's own time in the history.
window.f4jStateSeen = {};
const lastState = {};

function render() {
  if (!status) return;
  const groups = status.groups;
  for (const g of groups) {
    if (lastState[g.name] !== g.state) {
      lastState[g.name] = g.state;
      window.f4jStateSeen[g.name] = Date.now();
    }
  }
  const overall = $('overall');
  if (groups.length === 1) {
    overall.className = 'badge ' + groups[0].state;
    overall.textContent = groups[0].activity;
    overall.dataset.state = groups[0].state;
  } else {
    const masters = groups.filter(g => g.state === 'MASTER').length;
    overall.className = 'badge';
    overall.textContent = groups.length + ' groups, ' + masters + ' active';
  }
  $('updated').textContent = 'updated ' + new Date(status.atMillis).toLocaleTimeString()
    + (status.service ? ' · service ' + status.service : '');
  renderCluster(groups);
  renderHistory(groups);
  renderHealth(groups);
  renderPackets(groups);
  if (has('act')) renderActions(groups);
}

function renderCluster(groups) {
  const t = $('tab-cluster');
  t.replaceChildren();
  if (status.service === 'stopped') {
    t.append(el('p', { class: 'error' }, 'The service is stopped: no group is running. Start it under Actions.'));
  }
  if (groups.length === 0 && status.service !== 'stopped') t.append(el('p', {}, 'No groups.'));
  for (const g of groups) {
    const held = g.state === 'MASTER' ? 'held here' : (g.masterAddress ? 'held by ' + g.masterAddress : 'no master heard');
    const peers = el('table', { 'data-testid': 'peers-' + g.name },
      el('tr', {}, el('th', {}, 'Router'), el('th', {}, 'Priority'), el('th', {}, 'Role'), el('th', {}, 'Advert interval'),
        el('th', {}, 'Last advert')),
      el('tr', {}, el('td', {}, 'this node'), el('td', {}, g.effectivePriority), el('td', {}, g.activity),
        el('td', {}, g.advertIntervalMs + ' ms'), el('td', {}, g.state === 'MASTER' ? 'sending' : '—')),
      g.peers.map(p => el('tr', {}, el('td', { class: 'mono' }, p.address), el('td', {}, p.priority), el('td', {}, p.role),
        el('td', {}, p.advertIntervalMs + ' ms'), el('td', {}, ago(p.ageMs)))));
    t.append(el('div', { class: 'card', 'data-testid': 'group-' + g.name },
      el('h2', {}, g.name, badge(g.state, g.activity, 'big'), el('span', { class: 'hint' }, 'configured ' + g.configuredRole)),
      el('div', { class: 'facts' },
        el('div', {}, el('span', {}, 'Virtual IP'), el('b', { 'data-testid': 'vips-' + g.name }, g.virtualAddresses.join(', ') || 'none (election only)'), ' ', held),
        el('div', {}, el('span', {}, 'State (RFC)'), g.state),
        el('div', {}, el('span', {}, 'Priority'), g.effectivePriority + (g.effectivePriority !== g.basePriority ? ' (base ' + g.basePriority + ')' : '')),
        el('div', {}, el('span', {}, 'Master'), (g.masterAddress || '—') + (g.masterAddress ? ' (priority ' + g.masterPriority + ')' : '')),
        el('div', {}, el('span', {}, 'Interface / VRID'), g.interface + ' / ' + g.vrid + ' (VRRPv' + g.vrrpVersion + ')'),
        el('div', {}, el('span', {}, 'Epoch'), g.epoch),
        el('div', {}, el('span', {}, 'Health checks'), g.health.length === 0 ? 'none'
          : g.health.filter(h => h.healthy).length + ' of ' + g.health.length + ' healthy')),
      el('h3', {}, 'Routers heard'),
      peers,
      el('p', { class: 'hint' }, 'Only a master sends adverts: a backup appears here once it has been master. ',
        'To see the adverts yourself: ', el('code', {}, 'tcpdump -ni ' + g.interface + ' "ip proto 112 or ip6 proto 112"'))));
  }
}

function renderHistory(groups) {
  const t = $('tab-history');
  t.replaceChildren();
  for (const g of groups) {
    t.append(el('div', { class: 'card' }, el('h2', {}, g.name),
      el('table', { 'data-testid': 'history-' + g.name },
        el('tr', {}, el('th', {}, 'When'), el('th', {}, 'Change'), el('th', {}, 'Cause'), el('th', {}, 'Why'), el('th', {}, 'Epoch')),
        g.history.slice().reverse().map(h => el('tr', {}, el('td', {}, when(h.at)), el('td', {}, h.from + ' → ' + h.to),
          el('td', {}, h.cause), el('td', {}, h.reason), el('td', {}, h.epoch))))));
  }
}

function renderHealth(groups) {
  const t = $('tab-health');
  t.replaceChildren();
  for (const g of groups) {
    t.append(el('div', { class: 'card' }, el('h2', {}, g.name),
      g.health.length === 0 ? el('p', {}, 'No health checks, tracked files or tracked interfaces.') :
      el('table', {},
        el('tr', {}, el('th', {}, 'Check'), el('th', {}, 'Verdict'), el('th', {}, 'Last result'), el('th', {}, 'Weight'),
          el('th', {}, 'Runs / failed')),
        g.health.map(h => el('tr', {}, el('td', {}, h.name),
          el('td', {}, badge(h.healthy ? 'MASTER' : 'FAULT', h.healthy ? 'healthy' : 'failing')),
          el('td', {}, h.detail + ' (' + h.consecutive + ' in a row)'), el('td', {}, h.weight === 0 ? '0 (FAULT while failing)' : h.weight),
          el('td', {}, h.runs + ' / ' + h.failures)))),
      el('p', { class: 'hint' }, 'To try an HTTP check by hand: ', el('code', {}, 'curl -sv --max-time 2 <its URL>'))));
  }
}

function renderPackets(groups) {
  const t = $('tab-packets');
  t.replaceChildren();
  for (const g of groups) {
    const c = g.counters;
    t.append(el('div', { class: 'card' }, el('h2', {}, g.name),
      el('div', { class: 'facts' },
        el('div', {}, el('span', {}, 'Adverts sent'), c.advertsSent),
        el('div', {}, el('span', {}, 'Adverts received'), c.advertsReceived),
        el('div', {}, el('span', {}, 'Priority 0 sent / received'), c.priorityZeroSent + ' / ' + c.priorityZeroReceived),
        el('div', {}, el('span', {}, 'Times became master'), c.becameMaster),
        el('div', {}, el('span', {}, 'Dropped'), c.rejected),
        el('div', {}, el('span', {}, 'Late wake-ups'), c.lateWakeups)),
      el('h3', {}, 'Why adverts were dropped'),
      el('table', {}, el('tr', {}, el('th', {}, 'Reason'), el('th', {}, 'Meaning'), el('th', {}, 'Count')),
        g.rejections.filter(r => r.count > 0).map(r => el('tr', {}, el('td', { class: 'mono' }, r.reason),
          el('td', {}, r.explained), el('td', {}, r.count)))),
      el('h3', {}, 'Last dropped adverts'),
      g.recentRejections.length === 0 ? el('p', {}, 'None.') :
      el('table', { 'data-testid': 'dropped-' + g.name },
        el('tr', {}, el('th', {}, 'From'), el('th', {}, 'VRID'), el('th', {}, 'Priority'), el('th', {}, 'Why'), el('th', {}, 'When')),
        g.recentRejections.slice().reverse().map(r => el('tr', {}, el('td', { class: 'mono' }, r.source),
          el('td', {}, r.vrid), el('td', {}, r.priority), el('td', {}, r.explained + ': ' + r.detail), el('td', {}, ago(r.ageMs)))))));
  }
}

// ------------------------------------------------------------------ actions

let actionsBuilt = '';

function renderActions(groups) {
  const t = $('tab-actions');
  const shape = JSON.stringify(groups.map(g => g.name)) + status.service + JSON.stringify(status.boot || null);
  for (const g of groups) {
    const cur = document.querySelector('[data-testid="priority-now-' + g.name + '"]');
    if (cur) cur.textContent = g.basePriority;
  }
  if (shape === actionsBuilt) return;   // keep what the operator is typing
  actionsBuilt = shape;
  t.replaceChildren();
  for (const g of groups) {
    t.append(el('div', { class: 'card' }, el('h2', {}, g.name),
      el('div', { class: 'actions-row' },
        el('button', { class: 'danger', 'data-testid': 'demote-' + g.name, onclick: () => act({ action: 'demote', group: g.name },
          'Demote ' + g.name + '? If this node is master, the virtual IP moves to the backup now.') }, 'Demote (hand over now)')),
      el('div', { class: 'actions-row' }, 'Priority ', el('b', { 'data-testid': 'priority-now-' + g.name }, g.basePriority), ' → ',
        el('input', { type: 'number', min: 1, max: 254, id: 'prio-' + g.name, 'data-testid': 'priority-input-' + g.name }),
        el('button', { 'data-testid': 'priority-set-' + g.name, onclick: () => {
          const v = $('prio-' + g.name).value;
          act({ action: 'priority', group: g.name, priority: v },
            'Set the priority of ' + g.name + ' to ' + v + '? The virtual IP moves if this changes which node has the highest priority.');
        } }, 'Set priority'))));
  }
  if (has('service')) {
    const running = status.service === 'running';
    t.append(el('div', { class: 'card' }, el('h2', {}, 'Service'),
      el('p', {}, 'The VRRP instances are ', el('b', { 'data-testid': 'service-state' }, status.service), '.'),
      el('div', { class: 'actions-row' },
        el('button', { disabled: running, 'data-testid': 'service-start', onclick: () => act({ action: 'start' }, null) }, 'Start'),
        el('button', { class: 'danger', disabled: !running, 'data-testid': 'service-stop',
          onclick: () => act({ action: 'stop' }, 'Stop every instance? A master hands its virtual IP to the backup.') }, 'Stop (graceful)'),
        el('button', { disabled: !running, 'data-testid': 'service-reload', onclick: () => act({ action: 'reload' }, null) },
          'Reload the configuration file'))));
  }
  if (has('boot') && status.boot) {
    t.append(el('div', { class: 'card' }, el('h2', {}, 'Start on boot'),
      el('p', {}, 'Start on boot: ', el('b', { 'data-testid': 'boot-state' }, status.boot.state)),
      el('div', { class: 'actions-row' },
        el('button', { disabled: !status.boot.available, onclick: () => act({ action: 'boot', enabled: 'true' }, null) }, 'Enable'),
        el('button', { disabled: !status.boot.available, onclick: () => act({ action: 'boot', enabled: 'false' }, null) }, 'Disable'))));
  }
}

async function act(form, question) {
  if (question && !confirm(question)) return;
  const r = await api('api/action', form);
  say(r.body.message || r.body.error || ('HTTP ' + r.status), r.ok);
}

// ------------------------------------------------------------------ log

async function pollLog() {
  if (!has('log') || $('tab-log').hidden) return;
  const r = await api('api/log?after=' + logSeq);
  if (!r.ok) return;
  for (const l of r.body.lines) {
    logSeq = Math.max(logSeq, l.seq);
    logLines.push(l);
  }
  if (logLines.length > 2000) logLines = logLines.slice(-2000);
  drawLog();
}

const LEVELS = ['FINEST', 'FINER', 'FINE', 'CONFIG', 'INFO', 'WARNING', 'SEVERE'];
const RANK = { TRACE: 0, DEBUG: 2, INFO: 4, WARNING: 5, SEVERE: 6 };

function drawLog() {
  const min = RANK[$('log-level').value];
  const pre = $('log-lines');
  pre.replaceChildren(...logLines.filter(l => LEVELS.indexOf(l.level) >= min).map(l =>
    el('div', { class: l.level }, when(l.at) + ' ' + l.level.padEnd(7) + ' ' + l.message)));
  if ($('log-follow').checked) pre.scrollTop = pre.scrollHeight;
}
$('log-level').addEventListener('change', drawLog);

// ------------------------------------------------------------------ configuration

async function loadConfig(force) {
  if (configLoaded && !force) return;
  const r = await api('api/config');
  if (!r.ok) { say(r.body.error, false); return; }
  configLoaded = true;
  $('config-path').textContent = r.body.path;
  $('config-text').value = r.body.text;
  templates = r.body.templates;
  $('config-template').replaceChildren(...Object.keys(templates).map(n => el('option', { value: n }, n)));
  $('config-load').disabled = Object.keys(templates).length === 0;
  showProblems([]);
}

function showProblems(problems) {
  const lines = $('config-text').value.split('\n').length;
  const bad = new Set(problems.filter(p => p.severity === 'error').map(p => p.line));
  const g = $('config-gutter');
  g.replaceChildren();
  for (let i = 1; i <= lines; i++) g.append(el('span', { class: bad.has(i) ? 'bad' : null }, i));
  g.scrollTop = $('config-text').scrollTop;
  $('config-problems').replaceChildren(...problems.map(p => el('li', { class: p.severity, 'data-line': p.line },
    'line ' + p.line + ': ' + p.severity + ': ' + p.message,
    el('button', { class: 'link', onclick: () => goToLine(p.line) }, 'show'))));
}

function goToLine(n) {
  const t = $('config-text');
  const lines = t.value.split('\n');
  let start = 0;
  for (let i = 0; i < n - 1 && i < lines.length; i++) start += lines[i].length + 1;
  t.focus();
  t.setSelectionRange(start, start + (lines[n - 1] || '').length);
}

$('config-text').addEventListener('scroll', () => { $('config-gutter').scrollTop = $('config-text').scrollTop; });
$('config-text').addEventListener('input', () => showProblems([]));
$('config-revert').addEventListener('click', () => loadConfig(true));
$('config-load').addEventListener('click', () => {
  const n = $('config-template').value;
  if (n && confirm('Replace the editor\'s text with the template "' + n + '"? Nothing is saved until you save.')) {
    $('config-text').value = templates[n];
    showProblems([]);
  }
});

async function configCall(path, question) {
  if (question && !confirm(question)) return;
  const r = await api(path, { text: $('config-text').value });
  showProblems(r.body.problems || []);
  if (path.endsWith('validate')) {
    const n = (r.body.problems || []).length;
    say(r.body.ok ? 'valid' + (n ? ' (' + n + ' warning(s))' : '') : 'not valid: see the problems below', r.body.ok);
  } else {
    say(r.body.message || r.body.error, r.ok);
  }
}
$('config-validate').addEventListener('click', () => configCall('api/config/validate', null));
$('config-save').addEventListener('click', () => configCall('api/config/save', null));
$('config-apply').addEventListener('click', () => configCall('api/config/apply',
  'Save and reload? Running groups take the new settings without a failover; a change that would need one is refused.'));

// ------------------------------------------------------------------ tabs

for (const b of document.querySelectorAll('nav button')) {
  b.addEventListener('click', () => {
    for (const o of document.querySelectorAll('nav button')) o.classList.toggle('active', o === b);
    for (const s of document.querySelectorAll('section.tab')) s.hidden = s.id !== 'tab-' + b.dataset.tab;
    say('', true);
    if (b.dataset.tab === 'log') pollLog();
    if (b.dataset.tab === 'config') loadConfig(false);
  });
}

setInterval(pollLog, 1000);
start();
