// What a person sees in an editor opened on examples/, written by hand from reading the example
// files (where each problem was planted and which lookalikes must stay quiet), not copied from the
// server's output. Shared by the extension-host suite (suite/index.ts), the packaged-extension
// check (run-packaged.mjs) and the Neovim test (../nvim/run.mjs). Types: expectations.d.mts.
//
// A diagnostic's range is given as the exact source text it covers: `text` found on the 1-based
// `line` (its `occurrence`-th appearance there); a range that spans lines gives `end`: it ends just
// after the last `after` on `end.line`. The suite turns that into character positions from the
// file itself, so the assertion is to the character without hand-counted columns.

export const extensionId = 'odoo-perf.odoo-perf';

/** Features the lead switches on as they land; a switched-off feature's tests are reported skipped. */
export const capabilities = {
  hover: true, // server/src/lsp/hover.ts: query cost on loops and calls, index status on fields
  quickFixes: true, // server/src/fixes/ through server/src/lsp/codeActions.ts
  audit: true, // odooPerf.auditDeployment: report, diffs, apply
};

/**
 * Rule codes not registered yet: their expectations below are skipped and their diagnostics are
 * tolerated. Keep it empty once a family has landed, so that every family is asserted.
 */
export const pendingCodes = [];

// Messages: the key parts a reader needs (what, the cost, the way out) are asserted, not the whole
// wording, which the rule authors still polish. Codes, ranges and severities are exact.
export const diagnostics = {
  'delivery_route/models/delivery_route.py': [
    // search_count per route inside the compute: N queries. The whole call is the range.
    {
      code: 'OP101',
      severity: 'warning',
      line: 33,
      text: 'self.env["delivery.stop"].search_count(',
      end: { line: 35, after: ')' },
      messageIncludes: ["search_count() inside a loop over 'self'", '1 query per iteration', '_read_group'],
    },
    // search per route in action_plan: N queries; the way out is one search with 'in'.
    {
      code: 'OP101',
      severity: 'warning',
      line: 51,
      text: 'self.env["delivery.stop"].search(',
      end: { line: 53, after: ')' },
      messageIncludes: ["search() inside a loop over 'self'", '1 query per iteration', "('route_id', 'in', ...)"],
    },
    // Quiet on purpose: re.search (line 70), the search before the loop in action_done (60), the
    // loop over three literal states (82), the batched while loop with limit (90).
  ],
  'delivery_route/models/delivery_stop.py': [
    // sequence is used only by _order: a sort, not a filter; information, not a warning.
    { code: 'OP201', severity: 'information', line: 10, text: 'sequence', messageIncludes: ["'sequence'", 'ordering', 'not indexed'] },
    // route_id is the inverse of delivery.route.stop_ids and has no index: every read of
    // route.stop_ids filters delivery_stop on it. The field name is the range.
    {
      code: 'OP201',
      severity: 'warning',
      line: 11,
      text: 'route_id',
      messageIncludes: ["'route_id'", "inverse of One2many 'delivery.route.stop_ids'", 'not indexed'],
    },
    // Quiet: zone and state have index=True; zip_code is a related field, not stored.
  ],
  'carrier_sync/controllers/main.py': [
    // The route calls push_to_carrier(), which does requests.post: the HTTP worker waits on the
    // carrier. The evidence (the requests.post line) comes as related information. The
    // with_delay() route (line 17) is quiet.
    {
      code: 'OP301',
      severity: 'warning',
      line: 10,
      text: 'shipment.push_to_carrier()',
      messageIncludes: ['/carrier/shipment/<int:shipment_id>/push', 'requests.post', 'with_delay'],
      related: [{ file: 'carrier_sync/models/carrier_shipment.py', line: 38, startsWith: 'requests.post(' }],
    },
  ],
  'carrier_sync/models/carrier_shipment.py': [
    // carrier_ref is looked up by a domain (_find_by_carrier_ref, line 57) and has no index.
    {
      code: 'OP201',
      severity: 'warning',
      line: 18,
      text: 'carrier_ref',
      messageIncludes: ["'carrier_ref'", 'not indexed'],
      related: [{ file: 'carrier_sync/models/carrier_shipment.py', line: 57 }],
    },
    // requests.get without timeout: a hung carrier holds the worker. The callee is the range.
    { code: 'OP302', severity: 'warning', line: 45, text: 'requests.get', messageIncludes: ['requests.get', 'no timeout', 'timeout='] },
    // The tracking cron (data/ir_cron.xml) searches every sent shipment with no limit and loops
    // over them: the whole backlog in one transaction. Information; the search call is the range.
    {
      code: 'OP303',
      severity: 'information',
      line: 61,
      text: 'self.search([("state", "=", "sent")])',
      messageIncludes: ["'_cron_sync_tracking'", 'one transaction', 'limit'],
    },
    // Quiet: requests.post (38) and requests.head (51) pass a timeout; state has index=True.
  ],
  'route_reports/models/delivery_route.py': [
    // browse(id) per id then .name: one query per id. The one-browse variant (line 17) is quiet.
    {
      code: 'OP102',
      severity: 'warning',
      line: 12,
      text: 'Stop.browse(stop_id)',
      messageIncludes: ["Stop.browse(stop_id) inside a loop over 'stop_ids'", '1 query per iteration', 'Stop.browse(stop_ids)'],
    },
  ],
  'route_reports/models/route_zone_report.py': [
    // An f-string of a parameter as the query of cr.execute; the callee is the range, as for OP302.
    // The %s-parameter (line 20) and SQL() (line 33) variants are quiet.
    { code: 'OP401', severity: 'error', line: 15, text: 'self.env.cr.execute', messageIncludes: ['SQL injection', '`zone`', 'parameters'] },
  ],
};

/** Python files of the example addons on which nothing may be reported. */
export const cleanFiles = [];

// Hovers: the key lines exactly as the Markdown source reads (`includes`, every one required), and
// a plain-text part of what the rendered hover shows in the page (`shown`, checked in the DOM by
// run-code-server.mjs at the hover screenshot).
export const hovers = [
  // The loop header of the compute: one search_count per route, so N queries for N routes; at the
  // default assumed N = 80 (a list view page) that is 80, at 1000 routes 1000. N is the routes in
  // self of the compute method.
  {
    name: 'loop with a search_count',
    file: 'delivery_route/models/delivery_route.py',
    line: 32,
    at: 'for route in self',
    includes: [
      '**Loop** `for route in self` (N iterations): ≈ N queries → 80 at N = 80, 1000 at N = 1000',
      '_N = records of `delivery.route` in `self` of `_compute_late_stop_count()`_',
    ],
    shown: '80 at N = 80, 1000 at N = 1000',
  },
  // A field with no index that one domain filters on (_find_by_carrier_ref, line 57, '='): the
  // index status, the query location relative to the addons folder, and the verdict.
  {
    name: 'unindexed field carrier_ref',
    file: 'carrier_sync/models/carrier_shipment.py',
    line: 18,
    at: 'carrier_ref',
    includes: [
      '**carrier.shipment.carrier_ref** (Char) — index: none',
      'Queried in 1 place (1 domain):\n- domain `=`: carrier_sync/models/carrier_shipment.py:57',
      'Index use: none can use an index: each one scans the whole table.',
    ],
    shown: 'index: none',
  },
];

// Quick fixes: applied by exact title in the extension host; the whole document after the fix must
// equal the original with `from` replaced (once) by `to`, both written by hand (valid Python for
// Odoo 17, the examples' version). A fix may be a workspace edit over several files: `also` gives
// the other files it must change (same from/to rule), `unchanged` files it must leave as they are;
// the edit may touch no file beyond `file` and `also`. The suite reverts every touched file after
// each fix.
export const fixes = [
  // OP201 on delivery.stop.route_id: required=True, so no NULL rows and no point in
  // 'btree_not_null' (offered only for an optional Many2one on 16+): a plain btree.
  {
    name: 'add index',
    file: 'delivery_route/models/delivery_stop.py',
    code: 'OP201',
    line: 11,
    title: 'Add index=True',
    from: '    route_id = fields.Many2one("delivery.route", required=True, ondelete="cascade")\n',
    to: '    route_id = fields.Many2one("delivery.route", required=True, ondelete="cascade", index=True)\n',
  },
  // OP101 search_count per route in a compute -> one _read_group (Odoo 17 signature: domain,
  // groupby, aggregates; a Many2one group value comes back as a delivery.route record) before the
  // loop, read per route with .get(route._origin, 0) (routes without late stops are not in the
  // result; _origin: a new route in a form has a NewId, its origin is the saved route).
  {
    name: 'convert to _read_group',
    file: 'delivery_route/models/delivery_route.py',
    code: 'OP101',
    line: 33,
    title: 'Count with one _read_group before the loop',
    from: [
      '        for route in self:',
      '            route.late_stop_count = self.env["delivery.stop"].search_count(',
      '                [("route_id", "=", route.id), ("state", "=", "late")]',
      '            )',
      '',
    ].join('\n'),
    to: [
      '        count_by_route = dict(self.env["delivery.stop"]._read_group([("route_id", "in", self.ids), ("state", "=", "late")], ["route_id"], ["__count"]))',
      '        for route in self:',
      '            route.late_stop_count = count_by_route.get(route._origin, 0)',
      '',
    ].join('\n'),
  },
  // OP302 requests.get without timeout: the default odooPerf.fixes.requestTimeout, 10 seconds.
  {
    name: 'add timeout',
    file: 'carrier_sync/models/carrier_shipment.py',
    code: 'OP302',
    line: 45,
    title: 'Add timeout=10',
    from: '        response = requests.get(f"{self._carrier_url()}/track/{self.carrier_ref}")\n',
    to: '        response = requests.get(f"{self._carrier_url()}/track/{self.carrier_ref}", timeout=10)\n',
  },
  // "Ignore OP101 on this line" on a call that spans three lines: the noqa goes on its first line
  // (after the open parenthesis, where a comment is valid Python), which the engine honours.
  {
    name: 'ignore on this line',
    file: 'delivery_route/models/delivery_route.py',
    code: 'OP101',
    line: 51,
    title: 'Ignore OP101 on this line',
    from: '            open_stops = self.env["delivery.stop"].search(\n',
    to: '            open_stops = self.env["delivery.stop"].search(  # noqa: OP101\n',
  },
  // OP111 in profile_labels: the searched profiles serve only p.label in the comprehension. On
  // Odoo 17 search_fetch(domain, fields) returns the same records with label fetched by the search
  // query itself, so every use stays as it is; the list is quoted like the domain (double quotes).
  {
    name: 'add a fields list',
    file: 'route_reports/models/route_export.py',
    code: 'OP111',
    line: 30,
    title: 'Use search_fetch(domain, ["label"])',
    from: '        profiles = self.search([("sequence", ">", 0)])\n',
    to: '        profiles = self.search_fetch([("sequence", ">", 0)], ["label"])\n',
  },
  // OP301: the route's push_to_carrier() (a statement, its result unused, no arguments) becomes an
  // OCA queue_job: the description is the method name in words, in the file's double quotes.
  // carrier_sync already depends on queue_job, so the workspace edit touches only the controller:
  // the manifest must come out exactly as it was (a second "queue_job" would be a bug).
  {
    name: 'wrap in a queue_job',
    file: 'carrier_sync/controllers/main.py',
    code: 'OP301',
    line: 10,
    title: 'Run push_to_carrier() in a queue job (with_delay)',
    from: '        shipment.push_to_carrier()\n',
    to: '        shipment.with_delay(description="Push to carrier").push_to_carrier()\n',
    unchanged: ['carrier_sync/__manifest__.py'],
  },
];

/**
 * The deployment audit on examples/docker-compose.yml + examples/odoo.conf (capabilities.audit).
 * The compose file limits Odoo to 2 CPUs / 4 GB, so the command needs no target prompt.
 */
export const audit = {
  // Diagnostics on the open odoo.conf; nothing else may be reported there.
  diagnostics: {
    'odoo.conf': [
      // carrier_sync depends on queue_job; server_wide_modules is unset (base,web): the section header.
      { code: 'OP515', severity: 'warning', line: 1, text: '[options]', messageIncludes: ['queue_job', 'server_wide_modules'] },
      // The master password in clear text: information (a hash would do).
      { code: 'OP514', severity: 'information', line: 7, text: 'admin_passwd = Example-Master-5150', messageIncludes: ['clear text'] },
      // 8 workers on 2 CPUs: the docs' ceiling is 2 × 2 + 1 = 5.
      { code: 'OP502', severity: 'warning', line: 10, text: 'workers = 8', messageIncludes: ['workers = 8', '2 CPUs', '5'] },
      // (8 workers + 2 cron + 1) × db_maxconn 64 = 704 > max_connections 100.
      { code: 'OP506', severity: 'warning', line: 10, text: 'workers = 8', messageIncludes: ['704', '100'] },
    ],
  },
  /** The Markdown report: a finding with its place, the capacity table, a tuned value. */
  reportIncludes: ['OP502', 'odoo.conf:10', '## Capacity', '`server_wide_modules`'],
  /** Files the tuned configuration changes, relative to the workspace. */
  tunedFiles: ['docker-compose.yml', 'odoo.conf'],
  /** The tuned odoo.conf: queue_job server-wide (what OP515 asks for), at most 5 workers. */
  tunedConf: { includes: ['server_wide_modules = base,web,queue_job'], workersAtMost: 5 },
  /** Secret values of the example files: never in the report nor in a preview. */
  secrets: ['Example-Db-2719', 'Example-Master-5150'],
};

/** The packaged-extension check opens this file through the UI and waits for its squiggles. */
export const packagedProbe = { file: 'delivery_route/models/delivery_route.py', minWarnings: 2 };

/** Files and (1-based) lines of the diagnostics the Neovim client must receive. */
export function expectedLines(file) {
  return (diagnostics[file] ?? []).filter((d) => !pendingCodes.includes(d.code)).map((d) => ({ code: d.code, line: d.line, severity: d.severity }));
}
