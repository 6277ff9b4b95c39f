import { describe, expect, it } from 'vitest';
import { checkTemplate, parseTemplate, renderTemplate, TemplateError } from '../../../core/catalog/templates.js';

describe('day-1 template language', () => {
  it('renders values, nested names, lists with @number, and if / else / unless', () => {
    const src = 'host {{name}}\n{{#each sites}}\nsite {{@number}} {{name}} in {{ctx.city}}\n{{/each}}\n{{#if fw}}\nfw on\n{{else}}\nno fw\n{{/if}}\n{{#unless fw}}\nunless-hidden\n{{/unless}}\n';
    const out = renderTemplate(src, { name: 'r1', fw: true, ctx: { city: 'Bonn' }, sites: [{ name: 'a' }, { name: 'b' }] });
    expect(out).toBe('host r1\nsite 1 a in Bonn\nsite 2 b in Bonn\nfw on\n');
    expect(renderTemplate(src, { name: 'r1', fw: false, ctx: { city: 'x' }, sites: [] })).toBe('host r1\nno fw\nunless-hidden\n');
  });

  it('takes a block tag standing alone on its line with the line, but keeps inline tags', () => {
    expect(renderTemplate('a {{#if x}}yes{{/if}} b\n', { x: true })).toBe('a yes b\n');
    expect(renderTemplate('a\n  {{#if x}}\nyes\n  {{/if}}\nb\n', { x: false })).toBe('a\nb\n');
    expect(renderTemplate('{{! a comment }}\nline\n', {})).toBe('line\n');
  });

  it('refuses an unknown variable instead of printing nothing, with its line', () => {
    const e = (() => {
      try {
        renderTemplate('ok\nip {{missing}}\n', {});
      } catch (x) {
        return x;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(TemplateError);
    expect((e as TemplateError).line).toBe(2);
    expect((e as Error).message).toContain('unknown variable "missing"');
  });

  it('refuses bad syntax: unclosed blocks, stray closers, unknown blocks, lists used as values', () => {
    expect(() => parseTemplate('{{#if a}}x')).toThrow(/never closed/);
    expect(() => parseTemplate('x{{/each}}')).toThrow(/closes nothing/);
    expect(() => parseTemplate('{{#with a}}{{/with}}')).toThrow(/unknown block/);
    expect(() => parseTemplate('{{ a b }}')).toThrow(/not a variable name/);
    expect(() => parseTemplate('x {{ a')).toThrow(/not closed/);
    expect(() => renderTemplate('{{xs}}', { xs: [1] })).toThrow(/is a list/);
  });

  it('checks every branch and list body against a sample', () => {
    expect(checkTemplate('{{#if a}}{{b}}{{else}}{{c}}{{/if}}', { a: true, b: 1, c: 2 })).toBeNull();
    expect(checkTemplate('{{#if a}}{{b}}{{else}}{{nope}}{{/if}}', { a: true, b: 1 })?.message).toContain('nope');
    expect(checkTemplate('{{#each xs}}{{y}}{{/each}}', { xs: [{ y: 1 }] })).toBeNull();
    expect(checkTemplate('{{#each xs}}{{z}}{{/each}}', { xs: [{ y: 1 }] })?.message).toContain('"z"');
  });
});
