// OP500 config-unreadable, OP518 conf-inline-comment.
import type { DeployRule } from './context';
import { lineRange } from '../text';

export const configUnreadable: DeployRule = {
  meta: { code: 'OP500', name: 'config-unreadable', defaultSeverity: 'error', summary: 'A compose file, Odoo config or postgresql.conf cannot be read' },
  check(ctx) {
    for (const c of ctx.model.composeFiles) {
      if (!c.error) continue;
      ctx.report(this.meta, c.file, c.error.range,
        `compose file is not valid YAML: ${c.error.message}${c.error.more ? ` (+${c.error.more} more error${c.error.more > 1 ? 's' : ''})` : ''}; its services are not audited.`);
    }
    for (const c of ctx.model.confFiles) {
      const p = c.doc.problems[0];
      if (!p) continue;
      const more = c.doc.problems.length - 1;
      ctx.report(this.meta, c.file, lineRange(p.line, p.character, p.endCharacter), `${p.message}${more ? ` (+${more} more)` : ''}; the other lines are still audited.`);
    }
    for (const c of ctx.model.pgConfFiles) {
      const p = c.conf.problems[0];
      if (!p) continue;
      const more = c.conf.problems.length - 1;
      ctx.report(this.meta, c.file, lineRange(p.line, p.character, p.endCharacter), `${p.message}${more ? ` (+${more} more)` : ''}.`);
    }
  },
};

/** Options Odoo casts with optparse's int checker when read from the file. */
const INT_OPTIONS = new Set([
  'workers', 'max_cron_threads', 'limit_memory_soft', 'limit_memory_hard', 'limit_time_cpu', 'limit_time_real',
  'limit_time_real_cron', 'limit_request', 'db_maxconn', 'http_port', 'gevent_port', 'longpolling_port', 'db_port',
  'smtp_port', 'osv_memory_count_limit', 'limit_memory_soft_gevent', 'limit_memory_hard_gevent', 'db_maxconn_gevent',
]);
const BOOL_OPTIONS = new Set(['proxy_mode', 'list_db', 'without_demo', 'http_enable', 'smtp_ssl', 'syslog', 'log_db', 'unaccent']);

export const confInlineComment: DeployRule = {
  meta: { code: 'OP518', name: 'conf-inline-comment', defaultSeverity: 'warning', summary: 'An inline comment in the Odoo config file becomes part of the value' },
  check(ctx) {
    for (const c of ctx.model.confFiles) {
      for (const e of c.doc.entries) {
        const m = /\s[#;]/.exec(e.value);
        if (!m || e.value.includes('\n')) continue;
        const col = e.valueStart + m.index + 1;
        const range = lineRange(e.line, col, e.valueEnd);
        const before = e.value.slice(0, m.index).trim();
        if (INT_OPTIONS.has(e.key)) {
          ctx.report(this.meta, c.file, range,
            `configparser has no inline comments: ${e.key} is read as "${e.value}", which is not an integer, and Odoo stops at start-up; move the comment to its own line.`, { severity: 'error' });
        } else if (BOOL_OPTIONS.has(e.key) && (before === 'False' || before === 'false')) {
          ctx.report(this.meta, c.file, range,
            `configparser has no inline comments: ${e.key} is read as "${e.value}", a non-empty string that Odoo treats as True, the opposite of what is written; move the comment to its own line.`, { severity: 'error' });
        } else if (/passw|secret|token/i.test(e.key)) {
          ctx.report(this.meta, c.file, range, `configparser has no inline comments: the comment becomes part of ${e.key}; move it to its own line.`);
        } else {
          ctx.report(this.meta, c.file, range, `configparser has no inline comments: ${e.key} is read as "${e.value}"; move the comment to its own line.`);
        }
      }
    }
  },
};
