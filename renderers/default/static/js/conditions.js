/* kitaforms conditions: the same rules as kitaforms.runtime for which steps and questions the answers
   show, which are required and what computed values are (expressions evaluated by KitaExpr).
   Part of the assistant runtime: kitaforms.js calls KitaConditions(kf). */
(function (root) {
  'use strict';
  function KitaConditions(kf) {
    const { K, TODAY, byName, typed, getPath, instancePath, relevant, withIndex, entryCount } = kf;

    class Ctx {
      constructor(data) { this.data = data; this.vis = {}; this.steps = {}; }
      raw(name, idx) { return getPath(this.data, instancePath(name, idx)); }
      value(name, idx) {
        const el = byName[name];
        const open = el.reps.find((r) => idx[r] === undefined);
        if (open) {
          const entries = this.raw(open, idx);
          return Array.from({ length: Array.isArray(entries) ? entries.length : 0 }, (_, i) => this.value(name, withIndex(idx, open, i)));
        }
        if (!this.visible(name, idx)) return null;
        if (el.t === 'computed') return this.computed(el, idx);
        return typed(el, this.raw(name, idx));
      }
      computed(el, idx) { return this.ev(el.e, el.n, idx); }
      ev(ast, ctxName, idx, own) {
        return KitaExpr.evaluate(ast, { today: TODAY, lookup: (parts) => this.lookup(parts, ctxName, idx, own) });
      }
      lookup(parts, ctxName, idx, own) {
        if (parts.length === 1 && parts[0] === 'wert' && own !== undefined) return own;
        if (parts[0] === 'einstellungen' && parts.length === 2) return K.settings[parts[1]] === undefined ? null : K.settings[parts[1]];
        let prefix = ctxName ? byName[ctxName].scope : '';
        for (;;) {
          const cand = (prefix ? prefix + '.' : '') + parts.join('.');
          if (byName[cand] && byName[cand].t !== 'info' && byName[cand].t !== 'group') return this.value(cand, idx);
          if (!prefix) return null;
          prefix = prefix.slice(0, Math.max(0, prefix.lastIndexOf('.')));
        }
      }
      stepVisible(i) {
        const s = K.steps[i];
        if (!(i in this.steps)) { this.steps[i] = true; this.steps[i] = !s.v || this.ev(s.v, null, {}) === true; }
        return this.steps[i];
      }
      visible(name, idx) {
        const el = byName[name], key = name + '|' + relevant(idx, el.reps);
        if (!(key in this.vis)) {
          this.vis[key] = false;
          this.vis[key] = this.stepVisible(el.step) && (!el.scope || this.visible(el.scope, idx)) &&
            (!el.v || this.ev(el.v, name, idx) === true);
        }
        return this.vis[key];
      }
      required(el, idx) { return el.ri ? this.ev(el.ri, el.n, idx) === true : !!el.r; }
    }

    // every element instance of some elements, repeats expanded by their entries on the page
    function instances(els, prefix, idx, label, cb) {
      els.forEach((el) => {
        const p = prefix + el.id;
        cb(el, p, idx, label);
        if (el.t === 'group') instances(el.c, p + '.', idx, label, cb);
        if (el.t === 'repeat') {
          for (let i = 0; i < entryCount(p); i++) {
            instances(el.c, p + '.' + i + '.', withIndex(idx, el.n, i), label + el.il + ' ' + (i + 1) + ': ', cb);
          }
        }
      });
    }
    function visibleSteps(ctx) { return K.steps.map((s, i) => i).filter((i) => ctx.stepVisible(i)); }

    return { Ctx, instances, visibleSteps };
  }
  if (root) root.KitaConditions = KitaConditions;
})(typeof window !== 'undefined' ? window : null);
