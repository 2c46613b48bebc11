// OP513 list-db-enabled, OP514 admin-password-weak. Never echo a secret: messages name the key
// and the file, not the value.
import type { DeployRule } from './context';
import { boolOption, confUnknown, isDeployment, missingAnchor, optionAnchor } from './context';
import { effective } from '../model';

export const listDbEnabled: DeployRule = {
  meta: { code: 'OP513', name: 'list-db-enabled', defaultSeverity: 'warning', summary: 'The database manager and database list are exposed (list_db)' },
  check(ctx) {
    for (const o of ctx.model.odoo) {
      if (!isDeployment(o)) continue;
      const l = boolOption(o, 'list_db');
      if (!l.value || (!l.opt && confUnknown(o))) continue;
      const a = optionAnchor(o, l.opt);
      const quirk = l.opt && l.opt.value !== 'True' && l.opt.value !== 'true'
        ? ` ("${l.opt.value}" is not "False": Odoo's config loader only converts True/False, any other text is a truthy string)`
        : l.opt ? '' : ' (the default)';
      ctx.report(this.meta, a.file, a.range,
        `list_db is enabled for \`${o.name}\`${quirk}: /web/database/manager lets anyone who guesses the master password back up, restore or drop databases, and the database list leaks the names; set list_db = False (and a dbfilter) in production.`);
    }
  },
};

export const adminPasswordWeak: DeployRule = {
  meta: { code: 'OP514', name: 'admin-password-weak', defaultSeverity: 'warning', summary: 'Master password (admin_passwd) missing, default or stored in clear text' },
  check(ctx) {
    for (const o of ctx.model.odoo) {
      if (!isDeployment(o)) continue;
      const p = effective(o, 'admin_passwd');
      if (!p) {
        if (confUnknown(o)) continue;
        const a = missingAnchor(o);
        ctx.report(this.meta, a.file, a.range, `admin_passwd is not set for \`${o.name}\`: the master password of the database manager is Odoo's default "admin".`);
      } else if (p.value === 'admin') {
        ctx.report(this.meta, p.file, p.range, `admin_passwd is Odoo's default value for \`${o.name}\`: anyone can use the database manager.`);
      } else if (!/^\$(pbkdf2|sha512|argon2|bcrypt|2[aby]\$)/.test(p.value)) {
        ctx.report(this.meta, p.file, p.range,
          `admin_passwd is stored in clear text in this file: anyone who reads the file (or the repository) has the master password; store a hash instead (Odoo accepts a passlib \`$pbkdf2-sha512$…\` value and writes one itself when the password is changed from the database manager).`,
          { severity: 'information' });
      }
    }
  },
};
